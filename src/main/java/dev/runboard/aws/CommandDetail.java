package dev.runboard.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code ListCommands} says about one command: what ran, where it was aimed,
 * how it was paced, where its output went. Values are as SSM holds them, so that the
 * command can be shown as sent, and sent again.
 *
 * @param command its status, counts and identity, as the commands view shows them
 * @param expiresAfter when SSM stops delivering it to nodes that have not picked it up
 * @param parameters the document parameters it ran with, in SSM's order; each value a
 * list (a script is one line per value)
 * @param targets the tag or resource-group targets it was sent to; empty when sent to
 * node IDs
 * @param instanceIds the node IDs it was sent to; empty when sent to targets
 * @param maxConcurrency how many nodes (or what percentage) run it at once
 * @param maxErrors how many errors (or what percentage) stop it
 * @param timeoutSeconds the delivery timeout: how long a node may take to start it
 * @param serviceRole the role SSM uses for notifications, or {@code null}
 * @param notification where SSM reports status changes, or {@code null}
 * @param s3Output the S3 location output is written to, or {@code null}
 * @param cloudWatchOutput CloudWatch Logs output, or {@code null} when off
 * @param alarms the CloudWatch alarms that stop it, or {@code null}
 * @param triggeredAlarms the alarms that stopped it, if any
 */
public record CommandDetail(CommandView command, Instant expiresAfter, Map<String, List<String>> parameters,
		List<Target> targets, List<String> instanceIds, String maxConcurrency, String maxErrors, Integer timeoutSeconds,
		String serviceRole, Notification notification, S3Output s3Output, CloudWatchOutput cloudWatchOutput,
		Alarms alarms, List<String> triggeredAlarms) {

	public CommandDetail {
		parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
		targets = List.copyOf(targets);
		instanceIds = List.copyOf(instanceIds);
		triggeredAlarms = List.copyOf(triggeredAlarms);
	}

	/** Whether SSM may still change this command's status or counts. */
	public boolean running() {
		return this.command.running();
	}

	/** Each parameter as text, its values one per line: a script reads as a script. */
	public Map<String, String> parameterText() {
		Map<String, String> text = new LinkedHashMap<>();
		this.parameters.forEach((name, values) -> text.put(name, String.join("\n", values)));
		return text;
	}

	/**
	 * Where it was sent, as a sentence reads it: {@code tag:Role = web, api}, or
	 * {@code 12 nodes}.
	 */
	public String targetsText() {
		if (this.targets.isEmpty()) {
			return (this.instanceIds.size() == 1) ? "1 node" : this.instanceIds.size() + " nodes";
		}
		return String.join("; ",
				this.targets.stream()
					.map((target) -> target.key() + " = " + String.join(", ", target.values()))
					.toList());
	}

	/** The delivery timeout, or {@code null}. */
	public Duration deliveryTimeout() {
		return (this.timeoutSeconds != null) ? Duration.ofSeconds(this.timeoutSeconds) : null;
	}

	/**
	 * A target: a tag ({@code tag:Role}), every tagged node ({@code tag-key}), a resource
	 * group, or node IDs, and its values.
	 */
	public record Target(String key, List<String> values) {

		public Target {
			values = List.copyOf(values);
		}

	}

	/**
	 * @param arn the SNS topic
	 * @param events the status changes reported, such as {@code Failed}
	 * @param type {@code Command} or {@code Invocation}: what each notification is about
	 */
	public record Notification(String arn, List<String> events, String type) {

		public Notification {
			events = List.copyOf(events);
		}

	}

	/**
	 * @param region the bucket's region, or {@code null} for the command's own
	 * @param bucket the bucket
	 * @param keyPrefix the key prefix, or {@code null}
	 */
	public record S3Output(String region, String bucket, String keyPrefix) {

		/** The location as the AWS CLI writes it: {@code s3://bucket/prefix}. */
		public String uri() {
			return "s3://" + this.bucket + "/" + ((this.keyPrefix != null) ? this.keyPrefix : "");
		}

	}

	/**
	 * @param logGroup the log group as sent, or {@code null} for SSM's default
	 * @param effectiveLogGroup the log group output goes to: the one sent, or
	 * {@code /aws/ssm/<DocumentName>}
	 */
	public record CloudWatchOutput(String logGroup, String effectiveLogGroup) {

	}

	/**
	 * @param names the alarms that stop the command when they fire
	 * @param ignorePollAlarmFailure whether the command goes on when the alarms cannot be
	 * read
	 */
	public record Alarms(List<String> names, boolean ignorePollAlarmFailure) {

		public Alarms {
			names = List.copyOf(names);
		}

	}

}
