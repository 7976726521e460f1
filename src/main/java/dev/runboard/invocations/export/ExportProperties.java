package dev.runboard.invocations.export;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Exports of the invocations table, and how much one may cost. Whichever limit ends an
 * export, the file says so: a last line in CSV, {@code truncated}, {@code stoppedBy} and
 * {@code note} in JSON.
 *
 * @param maxRows the most rows one export writes
 * @param maxCalls the most {@code ListCommandInvocations} calls one export makes, however
 * its streams interleave and however many pages SSM answers short or empty
 * @param timeLimit the longest one export reads SSM for; the servlet container's
 * asynchronous timeout is set above it, so that only this limit ends an export
 * @param maxConcurrent the most exports written at once, everyone's together; one more is
 * refused (503) rather than kept waiting
 * @param maxConcurrentPerUser the most exports one user has written at once; one more is
 * refused (429)
 */
@Validated
@ConfigurationProperties("runboard.export")
public record ExportProperties(@Min(1) @Max(1_000_000) @DefaultValue("10000") int maxRows,
		@Min(1) @Max(1_000_000) @DefaultValue("400") int maxCalls, @NotNull @DefaultValue("5m") Duration timeLimit,
		@Min(1) @Max(10_000) @DefaultValue("16") int maxConcurrent,
		@Min(1) @Max(10_000) @DefaultValue("2") int maxConcurrentPerUser) {

	public ExportProperties {
		if (timeLimit != null && (timeLimit.isNegative() || timeLimit.isZero())) {
			throw new IllegalArgumentException("runboard.export.time-limit must be positive, not " + timeLimit);
		}
	}

}
