package dev.runboard.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One plugin (step) of an invocation, with the output SSM returned for it.
 *
 * @param responseCode the plugin's exit code, or {@code null} before it ran
 * @param output stdout and stderr as SSM returned them (up to 2,500 characters in lists)
 * @param outputS3Location {@code s3://bucket/prefix} the plugin writes to, or
 * {@code null}
 * @param stdoutObject the S3 object SSM says holds the whole stdout, or {@code null}
 * @param stderrObject the S3 object SSM says holds the whole stderr, or {@code null}
 */
public record PluginView(String name, String status, String statusDetails, Integer responseCode, Instant startedAt,
		Instant finishedAt, PluginOutput output, String outputS3Location, List<OutputLink> links,
		S3Location stdoutObject, S3Location stderrObject) {

	public PluginView {
		links = List.copyOf(links);
	}

	/** This plugin with other output, such as the whole output of the detail page. */
	public PluginView withOutput(PluginOutput newOutput) {
		return new PluginView(this.name, this.status, this.statusDetails, this.responseCode, this.startedAt,
				this.finishedAt, newOutput, this.outputS3Location, this.links, this.stdoutObject, this.stderrObject);
	}

	/** This plugin with its output, output links and output locations removed. */
	public PluginView withoutOutput() {
		return new PluginView(this.name, this.status, this.statusDetails, this.responseCode, this.startedAt,
				this.finishedAt, PluginOutput.EMPTY, null, List.of(), null, null);
	}

	/**
	 * Whether the plugin never started and printed nothing: neither SSM nor S3 nor
	 * CloudWatch Logs holds any output of it (none yet, while it waits to start), so
	 * pages offer no link to it and nothing to read.
	 */
	public boolean wroteNothing() {
		return this.startedAt == null && this.output.empty();
	}

	/** How long the plugin ran, or {@code null} while it has not finished. */
	public Duration duration() {
		if (this.startedAt == null || this.finishedAt == null || this.finishedAt.isBefore(this.startedAt)) {
			return null;
		}
		return Duration.between(this.startedAt, this.finishedAt);
	}

}
