package dev.runboard.history;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The history store and its recorder.
 *
 * @param enabled whether Runboard keeps history; when not set, on with a datasource
 * ({@code spring.datasource.url}) or in the sandbox, else off ({@link HistoryActivation})
 * @param pollInterval how often the recorder asks each source what changed
 * @param backfill how far back the recorder's first run reads what SSM still holds
 * @param retention how long history is kept; older history is dropped once a day
 * @param maxCallsPerMinute the most SSM calls the recorder makes per source per minute,
 * leaving the rest of the account's rate to the pages
 */
@Validated
@ConfigurationProperties("runboard.history")
public record HistoryProperties(Boolean enabled, @NotNull @DefaultValue("30s") Duration pollInterval,
		@NotNull @DefaultValue("30d") Duration backfill, @NotNull @DefaultValue("400d") Duration retention,
		@Min(1) @Max(6000) @DefaultValue("60") int maxCallsPerMinute) {

	public HistoryProperties {
		if (pollInterval != null && pollInterval.toMillis() < 100) {
			throw new IllegalArgumentException(
					"runboard.history.poll-interval must be at least 100ms, not " + pollInterval);
		}
		if (backfill != null && backfill.isNegative()) {
			throw new IllegalArgumentException("runboard.history.backfill must not be negative, not " + backfill);
		}
		if (retention != null && backfill != null && retention.compareTo(backfill) < 0) {
			throw new IllegalArgumentException(
					"runboard.history.retention (" + retention + ") must be at least runboard.history.backfill ("
							+ backfill + "): the recorder would read what retention drops the same day.");
		}
	}

}
