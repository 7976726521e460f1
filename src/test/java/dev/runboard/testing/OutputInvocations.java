package dev.runboard.testing;

import java.time.Instant;
import java.util.List;

import software.amazon.awssdk.services.ssm.model.CloudWatchOutputConfig;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;

/**
 * Invocations whose output is worth hiding: recognisable stdout and stderr, and the S3
 * and CloudWatch output locations that become output links.
 */
public final class OutputInvocations {

	/** Standard output every invocation here carries, to look for in a page. */
	public static final String STDOUT = "db-password=hunter2 written to /etc/app/secrets.env";

	/** Standard error every invocation here carries. */
	public static final String STDERR = "warning: secret rotated on prod-db-01";

	private OutputInvocations() {
	}

	/** A finished invocation with output, S3 output URLs and CloudWatch output on. */
	public static CommandInvocation invocation(String commandId, String instanceId, Instant requestedAt,
			String status) {
		CommandInvocation base = TestInvocations.invocation(commandId, instanceId, "AWS-RunShellScript", requestedAt,
				status, STDOUT + "\n----------ERROR-------\n" + STDERR);
		String key = "runboard-output/" + commandId + "/" + instanceId + "/awsrunShellScript/0.awsrunShellScript";
		CommandPlugin plugin = base.commandPlugins()
			.get(0)
			.toBuilder()
			.outputS3BucketName("ops-output-bucket")
			.outputS3KeyPrefix("runboard-output")
			.outputS3Region("eu-west-1")
			.standardOutputUrl("https://s3.eu-west-1.amazonaws.com/ops-output-bucket/" + key + "/stdout")
			.standardErrorUrl("https://s3.eu-west-1.amazonaws.com/ops-output-bucket/" + key + "/stderr")
			.build();
		return base.toBuilder()
			.commandPlugins(List.of(plugin))
			.standardOutputUrl(plugin.standardOutputUrl())
			.standardErrorUrl(plugin.standardErrorUrl())
			.cloudWatchOutputConfig(CloudWatchOutputConfig.builder()
				.cloudWatchOutputEnabled(true)
				.cloudWatchLogGroupName("/runboard/output")
				.build())
			.build();
	}

}
