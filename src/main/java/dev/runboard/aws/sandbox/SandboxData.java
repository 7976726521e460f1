package dev.runboard.aws.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.services.ssm.model.CancelCommandRequest;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;

/**
 * What {@link SandboxSsmClient} serves: every invocation as SSM would describe it at a
 * moment, and optionally the whole output behind the 2,500 characters of the list.
 */
@FunctionalInterface
public interface SandboxData {

	/** Every invocation with its plugin details as of {@code now}, newest first. */
	List<CommandInvocation> invocationsAt(Instant now);

	/**
	 * The whole output of one plugin as of {@code now}, when it is longer than the list
	 * shows; empty to serve the list's output.
	 */
	default Optional<FullOutput> fullOutput(String commandId, String instanceId, String pluginName, Instant now) {
		return Optional.empty();
	}

	/**
	 * What a command was sent with (document, parameters, targets, rate control, output,
	 * notifications, alarms) as {@code ListCommands} describes it, without its status and
	 * counts, which come from its invocations; empty to derive it all from them.
	 */
	default Optional<Command> sentCommand(String commandId, Instant now) {
		return Optional.empty();
	}

	/**
	 * Sends a command, as {@code SendCommand} does.
	 * @return the command as SSM describes it right after sending
	 */
	default Command send(SendCommandRequest request, Instant now) {
		throw new UnsupportedOperationException("This data set takes no new commands");
	}

	/** Asks a command's invocations to stop, as {@code CancelCommand} does. */
	default void cancel(CancelCommandRequest request, Instant now) {
		throw new UnsupportedOperationException("This data set cancels nothing");
	}

	/** A plugin's whole standard output and error. */
	record FullOutput(String stdout, String stderr) {

	}

}
