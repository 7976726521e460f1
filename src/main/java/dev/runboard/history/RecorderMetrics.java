package dev.runboard.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * What the recorder of one source did, as metrics: its lag (now minus how far it has
 * read), the SSM calls it made, what it wrote, what it found lost, and its failures.
 */
final class RecorderMetrics {

	private final MeterRegistry meters;

	private final Tags tags;

	private final Counter calls;

	private final Counter commands;

	private final Counter invocations;

	private final Counter outputs;

	private final Counter lost;

	private final AtomicReference<Instant> recordedUntil = new AtomicReference<>();

	RecorderMetrics(MeterRegistry meters, String account, String region, Clock clock) {
		this.meters = meters;
		this.tags = Tags.of("account", (account != null) ? account : "default", "region", region);
		this.calls = Counter.builder("runboard.history.calls")
			.description("SSM calls the history recorder made")
			.tags(this.tags)
			.register(meters);
		this.commands = recorded("commands");
		this.invocations = recorded("invocations");
		this.outputs = recorded("outputs");
		this.lost = Counter.builder("runboard.history.lost")
			.description("Commands SSM forgot before they were final")
			.tags(this.tags)
			.register(meters);
		Gauge.builder("runboard.history.lag", this.recordedUntil, (until) -> {
			Instant value = until.get();
			return (value != null) ? Duration.between(value, clock.instant()).toMillis() / 1000.0 : Double.NaN;
		})
			.description("Seconds between now and how far the history recorder has read")
			.baseUnit("seconds")
			.tags(this.tags)
			.register(meters);
	}

	private Counter recorded(String kind) {
		return Counter.builder("runboard.history.recorded")
			.description("Commands, invocations and whole outputs the history recorder wrote")
			.tags(this.tags)
			.tag("kind", kind)
			.register(this.meters);
	}

	void call() {
		this.calls.increment();
	}

	void recorded(int commandCount, int invocationCount, int outputCount) {
		this.commands.increment(commandCount);
		this.invocations.increment(invocationCount);
		this.outputs.increment(outputCount);
	}

	void lost() {
		this.lost.increment();
	}

	/**
	 * A command found final: {@code turned-final} when it was recorded running before
	 * (news), {@code recorded-final} when it was first seen final (the backfill, a
	 * command that ran between two polls).
	 */
	void finalCommand(boolean turned) {
		Counter.builder("runboard.history.final")
			.description("Commands the history recorder found final")
			.tags(this.tags)
			.tag("event", turned ? "turned-final" : "recorded-final")
			.register(this.meters)
			.increment();
	}

	void failure(String reason) {
		Counter.builder("runboard.history.failures")
			.description("Polls of the history recorder that failed")
			.tags(this.tags)
			.tag("reason", reason)
			.register(this.meters)
			.increment();
	}

	void recordedUntil(Instant until) {
		this.recordedUntil.set(until);
	}

	/** What this recorder has written since it started, and what it found lost. */
	RecorderReport.Counts counts() {
		return new RecorderReport.Counts((long) this.commands.count(), (long) this.invocations.count(),
				(long) this.outputs.count(), (long) this.lost.count());
	}

}
