package dev.runboard.invocations;

import java.time.Instant;

import dev.runboard.testing.TestInvocations;

import software.amazon.awssdk.services.ssm.model.CloudWatchOutputConfig;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

/**
 * Invocations whose whole output lives in S3 and CloudWatch Logs, and the output itself.
 */
final class OutputFixtures {

	static final String COMMAND = "5b0c3a2e-8f1d-4c6a-9e2b-7d4f1a0c3e91";

	static final String PLUGIN = "aws:runShellScript";

	static final String BUCKET = "runboard-output";

	static final String LOG_GROUP = "ops/run-command";

	static final Instant REQUESTED = Instant.parse("2026-11-20T02:00:00Z");

	/**
	 * Some 80 KB over many lines: multi-byte characters, a line longer than a whole chunk
	 * made of three-byte characters, blank lines, Windows line ends, no final line break.
	 */
	static final String LONG_STDOUT = longStdout();

	static final String LONG_STDERR = "warning: /var is 91% full\n".repeat(300);

	static final String HOSTILE = "<b>bold</b><script>alert('stdout')</script></pre></details>"
			+ "<img src=x onerror=\"alert(1)\"> ${T(java.lang.Runtime).getRuntime().exec('id')} [[${7*7}]] {{7*7}}\n"
			+ "<div hx-get=\"/evil\" hx-trigger=\"load\">htmx</div> &amp; &lt; \u001B[1;31mred\u001B[0m\n";

	private OutputFixtures() {
	}

	/**
	 * An invocation of {@link #COMMAND} whose plugin writes to S3 and, when a group is
	 * given, to CloudWatch.
	 */
	static CommandInvocation invocation(String instanceId, String listOutput, String logGroup) {
		CommandInvocation invocation = TestInvocations.invocation(COMMAND, instanceId, "AWS-RunShellScript", REQUESTED,
				"Success", listOutput);
		String prefix = "https://s3.eu-west-1.amazonaws.com/" + BUCKET + "/" + key(instanceId, "");
		return invocation.toBuilder()
			.cloudWatchOutputConfig(CloudWatchOutputConfig.builder()
				.cloudWatchOutputEnabled(logGroup != null)
				.cloudWatchLogGroupName((logGroup != null) ? logGroup : "")
				.build())
			.commandPlugins(invocation.commandPlugins()
				.get(0)
				.toBuilder()
				.standardOutputUrl(prefix + "stdout")
				.standardErrorUrl(prefix + "stderr")
				.outputS3Region("eu-west-1")
				.outputS3BucketName(BUCKET)
				.outputS3KeyPrefix("runcommand")
				.build())
			.build();
	}

	/** An invocation whose output stays in SSM: no S3 object, no log stream. */
	static CommandInvocation ssmOnly(String instanceId) {
		return TestInvocations.invocation(COMMAND, instanceId, "AWS-RunShellScript", REQUESTED, "Success", "ok");
	}

	/** The key SSM names for a plugin's stream of an invocation of {@link #COMMAND}. */
	static String key(String instanceId, String stream) {
		return "runcommand/" + COMMAND + "/" + instanceId + "/awsrunShellScript/0.awsrunShellScript/" + stream;
	}

	/** The log stream SSM names for a stream of the plugin. */
	static String logStream(String instanceId, String stream) {
		return COMMAND + "/" + instanceId + "/aws-runShellScript/" + stream;
	}

	/** What the list shows: the first 2,500 characters, marked as cut. */
	static String listed(String stdout) {
		return stdout.substring(0, 2500 - 23) + "\n---Output truncated---";
	}

	private static String longStdout() {
		StringBuilder text = new StringBuilder();
		for (int i = 1; i <= 600; i++) {
			text.append(String.format("2026-11-20T02:%02d:%02d.%03dZ web-07 deploy[4121]: step %d of 600 — copying "
					+ "/opt/acme/lib/é-%d.jar → /srv/releases ✓%n", i / 60, i % 60, i % 1000, i, i));
			if (i % 150 == 0) {
				text.append("\n\n");
			}
			if (i == 300) {
				text.append("€".repeat(3000)).append('\n');
			}
		}
		return text.append("Windows tool said:\r\nall good\r\n\r\ndone").toString();
	}

}
