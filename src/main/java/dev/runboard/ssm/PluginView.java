package dev.runboard.ssm;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One plugin (step) of an invocation, with the output SSM returned for it.
 *
 * @param responseCode the plugin's exit code, or {@code null} before it ran
 * @param output stdout and stderr as SSM returned them (up to 2,500 characters in lists)
 * @param outputS3Location {@code s3://bucket/prefix} the plugin writes to, or {@code null}
 */
public record PluginView(String name, String status, String statusDetails, Integer responseCode, Instant startedAt,
		Instant finishedAt, PluginOutput output, String outputS3Location, List<OutputLink> links) {

	public PluginView {
		links = List.copyOf(links);
	}

	/** This plugin with other output, such as the whole output of the detail page. */
	public PluginView withOutput(PluginOutput newOutput) {
		return new PluginView(this.name, this.status, this.statusDetails, this.responseCode, this.startedAt,
				this.finishedAt, newOutput, this.outputS3Location, this.links);
	}

	/** This plugin with its output and output links removed. */
	public PluginView withoutOutput() {
		return new PluginView(this.name, this.status, this.statusDetails, this.responseCode, this.startedAt,
				this.finishedAt, PluginOutput.EMPTY, null, List.of());
	}

	/** How long the plugin ran, or {@code null} while it has not finished. */
	public Duration duration() {
		if (this.startedAt == null || this.finishedAt == null || this.finishedAt.isBefore(this.startedAt)) {
			return null;
		}
		return Duration.between(this.startedAt, this.finishedAt);
	}

}
