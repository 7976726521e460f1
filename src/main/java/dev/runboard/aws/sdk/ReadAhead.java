package dev.runboard.aws.sdk;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Answers read before anyone asks for them: the page a scrolling user will most likely
 * ask for next, read in the background and kept, keyed by the whole SDK request, until
 * that request comes or the answer expires. A request finds the answer here, or waits for
 * the read still in flight instead of making a second call. Only answers are kept: a
 * failed read is dropped, and the request that comes makes its own call, whose failure
 * the user sees.
 * <p>
 * Bounded three ways: answers expire after a short time, what they weigh together (for
 * every source) is bounded ({@link KeptAnswers}), and at most {@code maxReads} reads run
 * at once (more are not started, since a read ahead must never take the connections
 * user-facing calls need).
 */
final class ReadAhead {

	private final KeptAnswers answers;

	private final String where;

	private final Executor executor;

	private final Semaphore reads;

	private final Counter started;

	private final Counter used;

	private final Counter skipped;

	/**
	 * @param answers where the answers of every source's reads are kept, bounded by their
	 * weight
	 * @param where the account and region of this source, as pages name them
	 * @param maxReads how many reads may run at once
	 * @param executor where reads run
	 */
	ReadAhead(KeptAnswers answers, String where, int maxReads, Executor executor, MeterRegistry meters) {
		this.answers = answers;
		this.where = where;
		this.executor = executor;
		this.reads = new Semaphore(maxReads);
		this.started = counter(meters, "started");
		this.used = counter(meters, "used");
		this.skipped = counter(meters, "skipped");
	}

	private static Counter counter(MeterRegistry meters, String result) {
		return Counter.builder("runboard.ssm.prefetch")
			.description("Pages read ahead of a scroll: started, used by the scroll that came, or skipped when busy")
			.tag("result", result)
			.register(meters);
	}

	/**
	 * Starts reading {@code request} in the background, unless its answer is already kept
	 * or being read, or too many reads run already.
	 */
	void start(Object request, Supplier<?> read) {
		if (!this.reads.tryAcquire()) {
			this.skipped.increment();
			return;
		}
		CompletableFuture<Object> answer = new CompletableFuture<>();
		KeptAnswers.Key key = new KeptAnswers.Key(this.where, request);
		if (this.answers.asMap().putIfAbsent(key, answer) != null) {
			this.reads.release();
			return;
		}
		try {
			this.executor.execute(() -> {
				try {
					answer.complete(read.get());
					this.answers.arrived(key, answer);
				}
				catch (RuntimeException | Error ex) {
					this.answers.asMap().remove(key, answer);
					answer.completeExceptionally(ex);
				}
				finally {
					this.reads.release();
				}
			});
			this.started.increment();
		}
		catch (RejectedExecutionException ex) {
			this.answers.asMap().remove(key, answer);
			answer.completeExceptionally(ex);
			this.reads.release();
			this.skipped.increment();
		}
	}

	/**
	 * Drops every answer read ahead and every read in flight, after a write changed what
	 * they would say.
	 */
	void forget() {
		this.answers.forget(this.where);
	}

	/**
	 * The answer read ahead for {@code request}, waiting for it if the read is still in
	 * flight, and no longer kept: a later request for the same page asks SSM again. Empty
	 * when nothing was read ahead for it or the read failed.
	 */
	Optional<Object> take(Object request) {
		CompletableFuture<Object> answer = this.answers.asMap().remove(new KeptAnswers.Key(this.where, request));
		if (answer == null) {
			return Optional.empty();
		}
		try {
			Object value = answer.join();
			this.used.increment();
			return Optional.of(value);
		}
		catch (CompletionException | CancellationException ex) {
			return Optional.empty();
		}
	}

}
