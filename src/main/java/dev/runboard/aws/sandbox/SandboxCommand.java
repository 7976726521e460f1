package dev.runboard.aws.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One command sent to the sandbox fleet, with what it was sent with.
 *
 * @param s3Bucket output bucket, or {@code null} when output stays in SSM only
 * @param cloudWatchGroup log group name; empty for SSM's default group, {@code null} when
 * CloudWatch output is off
 * @param parameters the document parameters, in order
 * @param targets tag targets as {@code key -> values}, in order; empty when sent to node
 * IDs
 * @param maxConcurrency how many nodes run it at once: a number or a percentage
 * @param maxErrors how many errors stop it: a number or a percentage
 * @param timeoutSeconds the delivery timeout
 * @param notificationArn the SNS topic told of failures, or {@code null}
 * @param alarms CloudWatch alarms that stop it, or none
 */
record SandboxCommand(String commandId, String documentName, String documentVersion, String comment,
		Instant requestedAt, String s3Bucket, String s3Prefix, String cloudWatchGroup, String serviceRole,
		Map<String, List<String>> parameters, Map<String, List<String>> targets, String maxConcurrency,
		String maxErrors, int timeoutSeconds, String notificationArn, List<String> alarms) {

}
