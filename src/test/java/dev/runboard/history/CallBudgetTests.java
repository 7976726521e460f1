package dev.runboard.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recorder's budget of SSM calls: at most so many a minute, spread evenly, on a clock
 * the test moves.
 */
class CallBudgetTests {

	private long now = 0;

	private final List<Long> calls = new ArrayList<>();

	private final CallBudget budget = new CallBudget(60, () -> this.now, (nanos) -> this.now += nanos);

	@Test
	void sixtyCallsAMinuteAreOneASecondHoweverFastTheyAreAskedFor() throws InterruptedException {
		for (int i = 0; i < 180; i++) {
			this.budget.acquire();
			this.calls.add(this.now);
		}
		for (int i = 1; i < this.calls.size(); i++) {
			assertThat(this.calls.get(i) - this.calls.get(i - 1)).isEqualTo(Duration.ofSeconds(1).toNanos());
		}
		assertThat(this.calls.stream().filter((at) -> at < Duration.ofMinutes(1).toNanos())).hasSize(60);
	}

	@Test
	void aCallAfterAQuietSpellDoesNotWait() throws InterruptedException {
		this.budget.acquire();
		this.now += Duration.ofMinutes(5).toNanos();
		long before = this.now;
		this.budget.acquire();
		assertThat(this.now).isEqualTo(before);
	}

	@Test
	void onePollIntervalAllowsItsShareOfTheMinute() {
		assertThat(this.budget.within(Duration.ofSeconds(30))).isEqualTo(30);
		assertThat(this.budget.within(Duration.ofMillis(200))).isEqualTo(1);
	}

}
