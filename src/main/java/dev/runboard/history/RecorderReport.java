package dev.runboard.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.runboard.aws.Source;

/**
 * What {@code /history} says of the recorder of the accounts and regions a view reads:
 * how far it has read (its lag is now minus that, as the metric
 * {@code runboard.history.lag} has it) and what the recorder of this replica has written
 * since it started (the counters {@code runboard.history.recorded} and
 * {@code runboard.history.lost}).
 */
public class RecorderReport {

	private final HistoryRepository repository;

	private final HistoryJobs jobs;

	private final Clock clock;

	RecorderReport(HistoryRepository repository, HistoryJobs jobs, Clock clock) {
		this.repository = repository;
		this.jobs = jobs;
		this.clock = clock;
	}

	/**
	 * @throws StoreUnavailableException when the store cannot say how far it has read
	 */
	public Status status(List<Source> sources) {
		Instant until = this.repository.recordedUntil(sources).orElse(null);
		Counts counts = new Counts(0, 0, 0, 0);
		for (Source source : sources) {
			Counts recorded = this.jobs.metrics(source.account(), source.region())
				.map(RecorderMetrics::counts)
				.orElse(null);
			if (recorded != null) {
				counts = counts.plus(recorded);
			}
		}
		Duration lag = (until != null) ? Duration.between(until, this.clock.instant()) : null;
		return new Status(until, (lag != null && lag.isNegative()) ? Duration.ZERO : lag, counts);
	}

	/**
	 * @param recordedUntil every command requested before this had been read, in every
	 * account and region of the view; {@code null} until the recorder of each has
	 * finished a first poll
	 * @param lag now minus {@code recordedUntil}, or {@code null}
	 * @param recorded what this replica's recorders of them wrote since it started
	 */
	public record Status(Instant recordedUntil, Duration lag, Counts recorded) {

	}

	/**
	 * What recorders wrote: commands, invocations, whole outputs of failing plugins, and
	 * commands SSM forgot before they were final.
	 */
	public record Counts(long commands, long invocations, long outputs, long lost) {

		Counts plus(Counts other) {
			return new Counts(this.commands + other.commands, this.invocations + other.invocations,
					this.outputs + other.outputs, this.lost + other.lost);
		}

	}

}
