package dev.runboard.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import software.amazon.awssdk.services.ssm.model.CloudWatchOutputConfig;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;

/**
 * Real-shaped {@code CommandInvocation}s for tests, newest first.
 */
public final class TestInvocations {

	public static final List<String> STATUSES = List.of("Success", "Failed", "TimedOut", "Cancelled", "InProgress");

	private TestInvocations() {
	}

	/**
	 * {@code count} invocations, one minute apart going back from {@code newest}, cycling
	 * through {@link #STATUSES} and two documents.
	 */
	public static List<CommandInvocation> generate(int count, Instant newest) {
		List<CommandInvocation> invocations = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String status = STATUSES.get(i % STATUSES.size());
			String commandId = new UUID(0x5eed, i / 4).toString();
			String instanceId = String.format("i-%017x", i);
			invocations
				.add(invocation(commandId, instanceId, (i % 2 == 0) ? "AWS-RunShellScript" : "AWS-RunPatchBaseline",
						newest.minusSeconds(60L * i), status, "output of invocation " + i));
		}
		return invocations;
	}

	public static CommandInvocation invocation(String commandId, String instanceId, String document,
			Instant requestedAt, String status, String output) {
		return CommandInvocation.builder()
			.commandId(commandId)
			.instanceId(instanceId)
			.instanceName("node-" + instanceId.substring(instanceId.length() - 4))
			.comment("test command")
			.documentName(document)
			.documentVersion("1")
			.requestedDateTime(requestedAt)
			.status(status)
			.statusDetails(status)
			.cloudWatchOutputConfig(CloudWatchOutputConfig.builder().cloudWatchOutputEnabled(false).build())
			.commandPlugins(CommandPlugin.builder()
				.name("aws:runShellScript")
				.status(status)
				.statusDetails(status)
				.responseCode("Success".equals(status) ? 0 : 1)
				.responseStartDateTime(requestedAt.plusSeconds(1))
				.responseFinishDateTime(requestedAt.plusSeconds(3))
				.output(output)
				.standardOutputUrl("")
				.standardErrorUrl("")
				.build())
			.build();
	}

}
