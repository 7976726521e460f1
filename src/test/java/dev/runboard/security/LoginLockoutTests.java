package dev.runboard.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.runboard.testing.LocalUsers;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static dev.runboard.testing.LocalUsers.OPERATOR;
import static dev.runboard.testing.LocalUsers.OPS;
import static dev.runboard.testing.LocalUsers.READER;
import static dev.runboard.testing.LocalUsers.SLOW;
import static dev.runboard.testing.LocalUsers.password;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * Ten failed sign-ins for one user name within five minutes lock that name for five
 * minutes, even against the right password, and no more than ten passwords are checked
 * however many sign-ins arrive at once. Time is a clock the tests move, so the window and
 * the lock's end are tested without waiting. The users are the {@code aws} setup's local
 * users ({@link LocalUsers}); {@code slow} has a password hash as slow to check as a
 * production one, so that sign-ins arriving at once overlap while it is checked.
 */
@RunboardTest
@ExtendWith(OutputCaptureExtension.class)
class LoginLockoutTests {

	/** The application's clock, which stands still until a test moves it. */
	@Autowired
	SettableClock clock;

	@Autowired
	ConfigurableApplicationContext context;

	@Autowired
	MockMvcTester mvc;

	final PasswordChecks checks = new PasswordChecks();

	/**
	 * Past every lock and failure window of a test before: the locks live as long as the
	 * application, which other tests share.
	 */
	@BeforeEach
	void startAfresh() {
		this.clock.advance(Duration.ofMinutes(10));
		this.context.addApplicationListener(this.checks);
	}

	@AfterEach
	void unlockEveryName() {
		this.context.removeApplicationListener(this.checks);
		this.clock.advance(Duration.ofMinutes(10));
	}

	/**
	 * Counts the password checks, per user name and how they ended, as Spring Security
	 * reports them: those that failed, and those that succeeded.
	 */
	static final class PasswordChecks implements ApplicationListener<AbstractAuthenticationEvent> {

		private final Map<String, AtomicInteger> failed = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> succeeded = new ConcurrentHashMap<>();

		@Override
		public void onApplicationEvent(AbstractAuthenticationEvent event) {
			if (event instanceof AuthenticationFailureBadCredentialsEvent) {
				count(this.failed, event);
			}
			else if (event instanceof AuthenticationSuccessEvent) {
				count(this.succeeded, event);
			}
		}

		private static void count(Map<String, AtomicInteger> counts, AbstractAuthenticationEvent event) {
			counts.computeIfAbsent(event.getAuthentication().getName(), (name) -> new AtomicInteger())
				.incrementAndGet();
		}

		int failed(String username) {
			return this.failed.getOrDefault(username, new AtomicInteger()).get();
		}

		/** Every password checked, right or wrong. */
		int checked(String username) {
			return failed(username) + this.succeeded.getOrDefault(username, new AtomicInteger()).get();
		}

	}

	@Test
	void tenFailedSignInsLockTheNameEvenAgainstTheRightPassword(CapturedOutput output) {
		for (int attempt = 1; attempt <= 10; attempt++) {
			assertThat(signIn(OPERATOR, "guess-" + attempt)).hasStatus(302).hasRedirectedUrl("/login?error");
		}
		assertThat(signIn(OPERATOR, password(OPERATOR))).hasStatus(302).hasRedirectedUrl("/login?locked");
		assertThat(output.getOut()
			.lines()
			.filter((line) -> line.contains("Sign-in locked for user name '" + OPERATOR + "'"))).singleElement()
			.satisfies((line) -> assertThat(line).contains(" WARN ").contains("10 failed attempts"));
		assertThat(signIn(READER, password(READER))).as("another name is not locked")
			.hasStatus(302)
			.hasRedirectedUrl("/");
	}

	/**
	 * Sixty guesses at once, and the right password among them: the password of the name
	 * is checked at most ten times, and the right one is refused, since the name ran out
	 * of checks while it was under way. Checking the lock first and counting a failure
	 * after the (deliberately slow) hash let 59 guesses through.
	 */
	@Test
	void aBurstOfGuessesGetsAtMostTenPasswordChecksAndTheRightPasswordInItIsRefused() throws Exception {
		ExecutorService burst = Executors.newFixedThreadPool(61);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<MvcTestResult>> wrong = new ArrayList<>();
			for (int guess = 0; guess < 60; guess++) {
				String password = "guess-" + guess;
				wrong.add(burst.submit(() -> {
					start.await();
					return signIn(SLOW, password);
				}));
			}
			Future<MvcTestResult> right = burst.submit(() -> {
				start.await();
				return signIn(SLOW, password(SLOW));
			});
			start.countDown();

			assertThat(right.get(2, TimeUnit.MINUTES)).hasStatus(302).hasRedirectedUrl("/login?locked");
			for (Future<MvcTestResult> answer : wrong) {
				assertThat(answer.get(2, TimeUnit.MINUTES)).hasStatus(302)
					.satisfies((result) -> assertThat(result.getResponse().getRedirectedUrl()).isIn("/login?error",
							"/login?locked"));
			}
			assertThat(this.checks.failed(SLOW)).as("wrong passwords checked").isBetween(1, 10);
			assertThat(signIn(SLOW, password(SLOW))).as("after the burst").hasRedirectedUrl("/login?locked");
		}
		finally {
			burst.shutdownNow();
		}
	}

	@Test
	void lockedPageSaysWhy() {
		assertThat(this.mvc.get().uri("/login?locked")).hasStatusOk()
			.bodyText()
			.contains("data-locked")
			.contains("Too many failed sign-ins");
	}

	@Test
	void nineFailedSignInsDoNotLock() {
		failTimes(OPS, 9);
		assertThat(signIn(OPS, password(OPS))).hasStatus(302).hasRedirectedUrl("/");
	}

	/**
	 * A right password gives back its own check only: the failures before it still count,
	 * so guesses around someone's sign-in lock the name all the same.
	 */
	@Test
	void aSuccessfulSignInRemovesOnlyItsOwnAttempt() {
		failTimes(OPS, 9);
		assertThat(signIn(OPS, password(OPS))).hasStatus(302).hasRedirectedUrl("/");
		assertThat(signIn(OPS, "guess-10")).hasStatus(302).hasRedirectedUrl("/login?error");
		assertThat(signIn(OPS, password(OPS))).hasStatus(302).hasRedirectedUrl("/login?locked");
	}

	/**
	 * Thirty guesses and the right password, released together behind a barrier: at most
	 * ten passwords are checked, right or wrong. A right password that wiped the failures
	 * counted so far handed the burst more checks.
	 */
	@Test
	void aBurstWithTheRightPasswordInItGetsAtMostTenPasswordChecks() throws Exception {
		ExecutorService burst = Executors.newFixedThreadPool(31);
		try {
			CyclicBarrier together = new CyclicBarrier(31);
			List<Future<MvcTestResult>> answers = new ArrayList<>();
			for (int guess = 0; guess < 31; guess++) {
				String password = (guess == 3) ? password(SLOW) : "guess-" + guess;
				answers.add(burst.submit(() -> {
					together.await(1, TimeUnit.MINUTES);
					return signIn(SLOW, password);
				}));
			}
			for (Future<MvcTestResult> answer : answers) {
				assertThat(answer.get(2, TimeUnit.MINUTES)).hasStatus(302);
			}
			assertThat(this.checks.checked(SLOW)).as("passwords checked").isBetween(1, 10);
		}
		finally {
			burst.shutdownNow();
		}
	}

	@Test
	void lockEndsAfterFiveMinutes() {
		failTimes(READER, 10);
		this.clock.advance(Duration.ofMinutes(4).plusSeconds(59));
		assertThat(signIn(READER, password(READER))).hasStatus(302).hasRedirectedUrl("/login?locked");
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(signIn(READER, password(READER))).hasStatus(302).hasRedirectedUrl("/");
	}

	@Test
	void failuresOlderThanFiveMinutesDoNotCount() {
		failTimes(OPERATOR, 9);
		this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
		failTimes(OPERATOR, 9);
		assertThat(signIn(OPERATOR, password(OPERATOR))).hasStatus(302).hasRedirectedUrl("/");
	}

	@Test
	void userNameCaseDoesNotDodgeTheLock() {
		for (int attempt = 0; attempt < 10; attempt++) {
			signIn((attempt % 2 == 0) ? "Reader" : "READER", "guess");
		}
		assertThat(signIn(READER, password(READER))).hasStatus(302).hasRedirectedUrl("/login?locked");
	}

	@Test
	void unknownUserNameIsLockedLikeAKnownOneSoTheLockRevealsNoNames() {
		failTimes("mallory", 10);
		assertThat(signIn("mallory", "correct horse battery staple")).hasStatus(302).hasRedirectedUrl("/login?locked");
	}

	private void failTimes(String username, int times) {
		for (int attempt = 0; attempt < times; attempt++) {
			assertThat(signIn(username, "guess-" + attempt)).hasStatus(302).hasRedirectedUrl("/login?error");
		}
	}

	private MvcTestResult signIn(String username, String password) {
		return this.mvc.post()
			.uri("/login")
			.param("username", username)
			.param("password", password)
			.with(csrf())
			.exchange();
	}

}
