package dev.runboard.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.runboard.testing.SettableClock;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.LockedException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The lockout's count, step by step, in the orders a burst of sign-ins can take: a right
 * password gives back only its own check, and only once no other check of the name is
 * under way, so a burst gets no more than {@code max-failures} checks whatever finishes
 * first.
 */
class LoginAttemptsTests {

	final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T01:00:00Z"));

	final LoginAttempts attempts = new LoginAttempts(new RunboardSecurityProperties(List.of(), null, "OPERATOR", null,
			new RunboardSecurityProperties.Lockout(10, Duration.ofMinutes(5), Duration.ofMinutes(5)), null, null),
			this.clock);

	@Test
	void aRightPasswordCheckedFirstInABurstFreesNoCheckForTheRest() {
		LoginAttempts.Attempt right = this.attempts.reserve("ops");
		List<LoginAttempts.Attempt> wrong = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			wrong.add(this.attempts.reserve("ops"));
		}
		this.attempts.succeeded(right);

		assertThatExceptionOfType(LockedException.class).as("an eleventh check")
			.isThrownBy(() -> this.attempts.reserve("ops"));
	}

	@Test
	void aRightPasswordLeavesTheFailuresBeforeItCounted() {
		for (int i = 0; i < 9; i++) {
			this.attempts.failed(this.attempts.reserve("ops"));
		}
		this.attempts.succeeded(this.attempts.reserve("ops"));
		this.attempts.failed(this.attempts.reserve("ops"));

		assertThatExceptionOfType(LockedException.class).isThrownBy(() -> this.attempts.reserve("ops"));
	}

	@Test
	void aRightPasswordAloneGivesItsCheckBack() {
		for (int i = 0; i < 20; i++) {
			this.attempts.succeeded(this.attempts.reserve("ops"));
		}
		assertThatNoException().isThrownBy(() -> this.attempts.reserve("ops"));
	}

	@Test
	void theChecksOfRightPasswordsAreGivenBackOnceTheBurstIsOver() {
		LoginAttempts.Attempt right = this.attempts.reserve("ops");
		LoginAttempts.Attempt wrong = this.attempts.reserve("ops");
		this.attempts.succeeded(right);
		this.attempts.failed(wrong);

		for (int i = 0; i < 9; i++) {
			this.attempts.succeeded(this.attempts.reserve("ops"));
		}
		assertThatNoException().as("one failure and no right password held")
			.isThrownBy(() -> this.attempts.reserve("ops"));
	}

}
