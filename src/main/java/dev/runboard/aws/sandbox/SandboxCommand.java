package dev.runboard.aws.sandbox;

import java.time.Instant;

/**
 * One command sent to the sandbox fleet.
 *
 * @param s3Bucket output bucket, or {@code null} when output stays in SSM only
 * @param cloudWatchGroup log group name; empty for SSM's default group, {@code null} when
 * CloudWatch output is off
 */
record SandboxCommand(String commandId, String documentName, String documentVersion, String comment,
		Instant requestedAt, String s3Bucket, String s3Prefix, String cloudWatchGroup, String serviceRole) {

}
