package dev.runboard.aws;

import java.time.Instant;
import java.util.List;

/**
 * One invocation as {@code ListCommandInvocations} describes it, before anything is
 * derived from it: the pointers to its output as SSM gives them (S3 URLs, the log group
 * as sent), the list's output of each plugin as one text. What the history store keeps;
 * {@link RunCommand#view} turns it into what pages show, links and all, for the source it
 * was read in. IDs are checked ({@link Ids}) before a record is made; empty strings SSM
 * answers with are {@code null} here.
 *
 * @param status the response {@code Status}
 * @param statusDetails the finer state SSM reports in {@code StatusDetails}
 * @param standardOutputUrl the whole invocation's stdout object URL, for single-plugin
 * documents, or {@code null}
 * @param notification where SSM sends status notifications, or {@code null}
 * @param cloudWatchLogGroup the log group as sent, or {@code null} for SSM's default
 * ({@code /aws/ssm/<DocumentName>}) or when CloudWatch output is off
 */
public record InvocationRecord(String commandId, String instanceId, String instanceName, String comment,
		String documentName, String documentVersion, Instant requestedAt, String status, String statusDetails,
		String standardOutputUrl, String standardErrorUrl, String serviceRole, CommandDetail.Notification notification,
		boolean cloudWatchOutputEnabled, String cloudWatchLogGroup, List<Plugin> plugins) {

	public InvocationRecord {
		plugins = List.copyOf(plugins);
	}

	/** Whether SSM may still change this invocation's status. */
	public boolean running() {
		return this.status != null && InvocationView.NOT_FINAL.contains(this.status);
	}

	/** Whether it ended without success, as {@link InvocationView#FAILING} counts it. */
	public boolean failing() {
		return InvocationView.FAILING.contains(this.status);
	}

	/** This invocation with other plugins, such as the same with their whole output. */
	public InvocationRecord withPlugins(List<Plugin> newPlugins) {
		return new InvocationRecord(this.commandId, this.instanceId, this.instanceName, this.comment, this.documentName,
				this.documentVersion, this.requestedAt, this.status, this.statusDetails, this.standardOutputUrl,
				this.standardErrorUrl, this.serviceRole, this.notification, this.cloudWatchOutputEnabled,
				this.cloudWatchLogGroup, newPlugins);
	}

	/**
	 * One plugin (step) as the list gives it.
	 *
	 * @param responseCode the exit code, or {@code null} before it ran
	 * @param output stdout and stderr in one text as the list returns it (at most 2,500
	 * characters, cut with SSM's markers); never {@code null}
	 * @param outputS3Region the region of the bucket output is written to, or
	 * {@code null}
	 * @param whole the whole output {@code GetCommandInvocation} gave, or {@code null}
	 * when it was not read
	 */
	public record Plugin(String name, String status, String statusDetails, Integer responseCode, Instant startedAt,
			Instant finishedAt, String output, String standardOutputUrl, String standardErrorUrl, String outputS3Region,
			String outputS3Bucket, String outputS3KeyPrefix, WholeOutput whole) {

		public Plugin {
			output = (output != null) ? output : "";
		}

		/** Whether the list cut this plugin's output (SSM's truncation markers). */
		public boolean outputTruncated() {
			return PluginOutput.parse(this.output).truncated();
		}

		/** This plugin with its whole output. */
		public Plugin withWhole(WholeOutput newWhole) {
			return new Plugin(this.name, this.status, this.statusDetails, this.responseCode, this.startedAt,
					this.finishedAt, this.output, this.standardOutputUrl, this.standardErrorUrl, this.outputS3Region,
					this.outputS3Bucket, this.outputS3KeyPrefix, newWhole);
		}

	}

}
