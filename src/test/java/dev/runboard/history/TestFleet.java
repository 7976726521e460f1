package dev.runboard.history;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.TestInvocations;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;

/**
 * What the local SSM endpoint holds for a test of the recorder: invocations the test
 * changes as SSM would (a command turning final, SSM forgetting one), served with SSM's
 * semantics by the sandbox engine behind a {@link FakeSsmServer}.
 */
public final class TestFleet implements SandboxData {

	private volatile List<CommandInvocation> invocations = List.of();

	private final Map<String, FullOutput> fullOutputs = new ConcurrentHashMap<>();

	public final FakeSsmServer ssm = new FakeSsmServer(new SandboxSsmClient(this, Clock.systemUTC(), Region.EU_WEST_1));

	@Override
	public List<CommandInvocation> invocationsAt(Instant now) {
		return this.invocations;
	}

	@Override
	public Optional<FullOutput> fullOutput(String commandId, String instanceId, String pluginName, Instant now) {
		return Optional.ofNullable(this.fullOutputs.get(commandId + "/" + instanceId));
	}

	/** SSM now holds these invocations, newest first. */
	public void holds(List<CommandInvocation> newestFirst) {
		this.invocations = List.copyOf(newestFirst);
	}

	/** GetCommandInvocation returns this output for the invocation. */
	void wholeOutput(String commandId, String instanceId, String stdout, String stderr) {
		this.fullOutputs.put(commandId + "/" + instanceId, new FullOutput(stdout, stderr));
	}

	/** One command on {@code nodes} nodes, each invocation with {@code status}. */
	public static List<CommandInvocation> command(String commandId, Instant requestedAt, int nodes, String status) {
		List<CommandInvocation> invocations = new ArrayList<>();
		for (int node = 0; node < nodes; node++) {
			invocations.add(TestInvocations.invocation(commandId, String.format("i-%017x", node), "AWS-RunShellScript",
					requestedAt, status, "output of " + commandId.substring(0, 8) + " on node " + node));
		}
		return invocations;
	}

	/** The same invocations with another status and output. */
	public static List<CommandInvocation> withStatus(List<CommandInvocation> invocations, String status,
			String output) {
		return invocations.stream()
			.map((invocation) -> invocation.toBuilder()
				.status(status)
				.statusDetails(status)
				.commandPlugins(invocation.commandPlugins()
					.stream()
					.map((plugin) -> plugin.toBuilder().status(status).statusDetails(status).output(output).build())
					.toList())
				.build())
			.toList();
	}

	static String key(CommandInvocation invocation) {
		return invocation.commandId() + "/" + invocation.instanceId();
	}

	static CommandPlugin plugin(CommandInvocation invocation) {
		return invocation.commandPlugins().get(0);
	}

}
