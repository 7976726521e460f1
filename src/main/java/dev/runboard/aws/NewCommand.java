package dev.runboard.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.runboard.aws.CommandDetail.Alarms;
import dev.runboard.aws.CommandDetail.CloudWatchOutput;
import dev.runboard.aws.CommandDetail.Notification;
import dev.runboard.aws.CommandDetail.S3Output;
import dev.runboard.aws.CommandDetail.Target;

/**
 * A command to send with {@code SendCommand}: a document, where to run it and how. Either
 * {@code targets} or {@code instanceIds} says where, never both.
 *
 * @param comment what the command says it is, at most {@value #MAX_COMMENT} characters
 * @param instanceIds at most {@value #MAX_NODES} node IDs
 */
public record NewCommand(String documentName, String documentVersion, Map<String, List<String>> parameters,
		List<Target> targets, List<String> instanceIds, String maxConcurrency, String maxErrors, Integer timeoutSeconds,
		String comment, S3Output s3Output, CloudWatchOutput cloudWatchOutput, String serviceRole,
		Notification notification, Alarms alarms) {

	/** SSM's limit on a command's comment. */
	public static final int MAX_COMMENT = 100;

	/** SSM's limit on the node IDs of one {@code SendCommand}. */
	public static final int MAX_NODES = 50;

	public NewCommand {
		parameters = new LinkedHashMap<>(parameters);
		targets = List.copyOf(targets);
		instanceIds = List.copyOf(instanceIds);
		if (!targets.isEmpty() && !instanceIds.isEmpty()) {
			throw new IllegalArgumentException("targets or node IDs, not both");
		}
		if (instanceIds.size() > MAX_NODES) {
			throw new IllegalArgumentException("at most " + MAX_NODES + " node IDs, not " + instanceIds.size());
		}
		if (comment != null && comment.length() > MAX_COMMENT) {
			comment = comment.substring(0, MAX_COMMENT);
		}
	}

	/**
	 * {@code command} as it was sent, with another comment: the same document and
	 * version, parameters, targets, rate control, timeout, output, notifications and
	 * alarms. A command sent to node IDs comes back without them: say which with
	 * {@link #onNodes}, at most {@value #MAX_NODES} at a time.
	 */
	public static NewCommand again(CommandDetail command, String comment) {
		return new NewCommand(command.command().documentName(), command.command().documentVersion(),
				command.parameters(), command.targets(), List.of(), command.maxConcurrency(), command.maxErrors(),
				command.timeoutSeconds(), comment, command.s3Output(), command.cloudWatchOutput(),
				command.serviceRole(), command.notification(), command.alarms());
	}

	/** This command to these nodes instead of its targets. */
	public NewCommand onNodes(List<String> nodes) {
		return new NewCommand(this.documentName, this.documentVersion, this.parameters, List.of(), nodes,
				this.maxConcurrency, this.maxErrors, this.timeoutSeconds, this.comment, this.s3Output,
				this.cloudWatchOutput, this.serviceRole, this.notification, this.alarms);
	}

}
