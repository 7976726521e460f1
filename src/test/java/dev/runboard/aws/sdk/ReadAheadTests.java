package dev.runboard.aws.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store of pages read ahead: an answer is used once, a failure is never kept, and
 * reads beyond the bound are not started.
 */
class ReadAheadTests {

	final List<Runnable> queued = new ArrayList<>();

	final ReadAhead readAhead = new ReadAhead(new KeptAnswers(Duration.ofSeconds(30), 1_000_000), "eu-west-1", 2,
			this.queued::add, new SimpleMeterRegistry());

	@Test
	void anAnswerReadAheadIsTakenOnceThenTheRequestAsksAgain() {
		this.readAhead.start("page 3", () -> "rows of page 3");
		runQueued();

		assertThat(this.readAhead.take("page 3")).hasValue("rows of page 3");
		assertThat(this.readAhead.take("page 3")).isEmpty();
	}

	@Test
	void anAnswerReadAheadBeforeAWriteIsForgotten() {
		this.readAhead.start("page 3", () -> "rows of page 3, before the cancel");
		runQueued();
		this.readAhead.start("page 4", () -> "rows of page 4, before the cancel");
		this.readAhead.forget();
		runQueued();

		assertThat(this.readAhead.take("page 3")).isEmpty();
		assertThat(this.readAhead.take("page 4")).as("read while the write was made").isEmpty();
	}

	@Test
	void aFailedReadIsNotKept() {
		this.readAhead.start("page 3", () -> {
			throw new IllegalStateException("throttled");
		});
		runQueued();

		assertThat(this.readAhead.take("page 3")).isEmpty();
	}

	@Test
	void aPageAlreadyKeptOrBeingReadIsNotReadTwice() {
		AtomicInteger reads = new AtomicInteger();
		this.readAhead.start("page 3", reads::incrementAndGet);
		this.readAhead.start("page 3", reads::incrementAndGet);
		runQueued();
		this.readAhead.start("page 3", reads::incrementAndGet);
		runQueued();

		assertThat(reads).hasValue(1);
	}

	@Test
	void noMoreReadsThanTheBoundRunAtOnce() {
		this.readAhead.start("page 1", () -> "1");
		this.readAhead.start("page 2", () -> "2");
		this.readAhead.start("page 3", () -> "3");

		assertThat(this.queued).hasSize(2);
		runQueued();
		assertThat(this.readAhead.take("page 3")).isEmpty();
		this.readAhead.start("page 3", () -> "3");
		runQueued();
		assertThat(this.readAhead.take("page 3")).hasValue("3");
	}

	private void runQueued() {
		List<Runnable> running = new ArrayList<>(this.queued);
		this.queued.clear();
		running.forEach(Runnable::run);
	}

}
