package dev.runboard.aws.sandbox;

import java.time.Instant;
import java.util.Optional;

import dev.runboard.aws.sandbox.SandboxData.FullOutput;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;

/**
 * The whole stdout or stderr of one plugin, as the agent uploads it to S3 or sends it to
 * CloudWatch Logs: nothing while the plugin has written nothing, so a missing object or
 * stream looks as it does in AWS.
 */
final class SandboxStreams {

	static final String STDOUT = "stdout";

	static final String STDERR = "stderr";

	private SandboxStreams() {
	}

	static Optional<String> text(SandboxData data, CommandInvocation invocation, CommandPlugin plugin, String stream,
			Instant now) {
		FullOutput output = data.fullOutput(invocation.commandId(), invocation.instanceId(), plugin.name(), now)
			.orElseGet(() -> SandboxSsmClient.listedOutput(plugin.output()));
		String text = STDERR.equals(stream) ? output.stderr() : output.stdout();
		return text.isEmpty() ? Optional.empty() : Optional.of(text);
	}

}
