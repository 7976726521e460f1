package dev.runboard.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import software.amazon.awssdk.services.ssm.model.CloudWatchOutputConfig;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.Target;

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

	/**
	 * The command {@code ListCommands} lists for a patch run of the tests' actions: a
	 * shell script sent to a tag, with its parameters, so that it can be sent again.
	 */
	public static Command patchCommand(String commandId, Instant requested) {
		return Command.builder()
			.commandId(commandId)
			.documentName("AWS-RunShellScript")
			.requestedDateTime(requested)
			.parameters(Map.of("commands", List.of("yum -y update")))
			.targets(Target.builder().key("tag:Patch Group").values("production").build())
			.build();
	}

	/** What {@code SendCommand} answers: the command it took, pending. */
	public static Command pending(String commandId, SendCommandRequest request, Instant now) {
		return Command.builder()
			.commandId(commandId)
			.documentName(request.documentName())
			.status("Pending")
			.requestedDateTime(now)
			.build();
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
