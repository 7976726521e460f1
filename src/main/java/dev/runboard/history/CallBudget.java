package dev.runboard.history;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * At most so many SSM calls a minute, spread evenly: each call waits until its turn, so
 * that the recorder never takes more than its share of the account's request rate,
 * however much it has to read, and the pages keep the rest.
 */
final class CallBudget {

	/** Waits, in nanoseconds; interruptible. */
	@FunctionalInterface
	interface Sleeper {

		void sleep(long nanos) throws InterruptedException;

	}

	private final long interval;

	private final LongSupplier nanoTime;

	private final Sleeper sleeper;

	private long next = Long.MIN_VALUE;

	CallBudget(int perMinute) {
		this(perMinute, System::nanoTime,
				(nanos) -> Thread.sleep(Duration.ofNanos(nanos).toMillis(), (int) (nanos % 1_000_000)));
	}

	CallBudget(int perMinute, LongSupplier nanoTime, Sleeper sleeper) {
		this.interval = Duration.ofMinutes(1).toNanos() / perMinute;
		this.nanoTime = nanoTime;
		this.sleeper = sleeper;
	}

	/**
	 * Waits until the next call is within the budget, and counts it.
	 * @throws InterruptedException when Runboard stops meanwhile
	 */
	synchronized void acquire() throws InterruptedException {
		long now = this.nanoTime.getAsLong();
		if (this.next != Long.MIN_VALUE && this.next - now > 0) {
			this.sleeper.sleep(this.next - now);
			now = this.next;
		}
		this.next = now + this.interval;
	}

	/** Calls the budget allows within {@code period}, one at least. */
	int within(Duration period) {
		return (int) Math.max(1, period.toNanos() / this.interval);
	}

}
