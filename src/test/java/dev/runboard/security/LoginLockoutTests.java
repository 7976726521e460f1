package dev.runboard.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.runboard.testing.SettableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * Ten failed sign-ins for one user name within five minutes lock that name for five
 * minutes, even against the right password, and no more than ten passwords are checked
 * however many sign-ins arrive at once. Time is a clock the tests move, so the window and
 * the lock's end are tested without waiting. Each test signs in as its own user, because
 * the lock state lives as long as the application.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class LoginLockoutTests {

	static final String PASSWORD = "correct horse battery staple";

	static final String[] USERS = { "alice", "bob", "carol", "dave", "erin" };

	static final SettableClock CLOCK = new SettableClock(Instant.parse("2026-11-20T12:00:00Z"));

	@TestBean
	Clock clock;

	static Clock clock() {
		return CLOCK;
	}

	/**
	 * A user whose password hash takes as long to check as a production one, so that
	 * sign-ins arriving at once overlap while the password is checked.
	 */
	static final String SLOW_USER = "frank";

	@DynamicPropertySource
	static void users(DynamicPropertyRegistry registry) {
		String encoded = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD);
		for (int i = 0; i < USERS.length; i++) {
			String name = USERS[i];
			registry.add("runboard.security.users[" + i + "].name", () -> name);
			registry.add("runboard.security.users[" + i + "].password", () -> encoded);
		}
		String slow = "{bcrypt}" + new BCryptPasswordEncoder(11).encode(PASSWORD);
		registry.add("runboard.security.users[" + USERS.length + "].name", () -> SLOW_USER);
		registry.add("runboard.security.users[" + USERS.length + "].password", () -> slow);
	}

	@Autowired
	MockMvcTester mvc;

	@Autowired
	PasswordChecks checks;

	/**
	 * Counts the password checks that failed, per user name, as Spring Security reports
	 * them.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class PasswordChecks {

		private final Map<String, AtomicInteger> failed = new ConcurrentHashMap<>();

		@EventListener
		void failed(AuthenticationFailureBadCredentialsEvent event) {
			this.failed.computeIfAbsent(event.getAuthentication().getName(), (name) -> new AtomicInteger())
				.incrementAndGet();
		}

		int failed(String username) {
			return this.failed.getOrDefault(username, new AtomicInteger()).get();
		}

	}

	@Test
	void tenFailedSignInsLockTheNameEvenAgainstTheRightPassword(CapturedOutput output) {
		for (int attempt = 1; attempt <= 10; attempt++) {
			assertThat(signIn("alice", "guess-" + attempt)).hasStatus(302).hasRedirectedUrl("/login?error");
		}
		assertThat(signIn("alice", PASSWORD)).hasStatus(302).hasRedirectedUrl("/login?locked");
		assertThat(output.getOut().lines().filter((line) -> line.contains("Sign-in locked for user name 'alice'")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains(" WARN ").contains("10 failed attempts"));
		assertThat(signIn("bob", PASSWORD)).as("another name is not locked").hasStatus(302).hasRedirectedUrl("/");
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
					return signIn(SLOW_USER, password);
				}));
			}
			Future<MvcTestResult> right = burst.submit(() -> {
				start.await();
				return signIn(SLOW_USER, PASSWORD);
			});
			start.countDown();

			assertThat(right.get(2, TimeUnit.MINUTES)).hasStatus(302).hasRedirectedUrl("/login?locked");
			for (Future<MvcTestResult> answer : wrong) {
				assertThat(answer.get(2, TimeUnit.MINUTES)).hasStatus(302)
					.satisfies((result) -> assertThat(result.getResponse().getRedirectedUrl()).isIn("/login?error",
							"/login?locked"));
			}
			assertThat(this.checks.failed(SLOW_USER)).as("wrong passwords checked").isBetween(1, 10);
			assertThat(signIn(SLOW_USER, PASSWORD)).as("after the burst").hasRedirectedUrl("/login?locked");
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
		failTimes("erin", 9);
		assertThat(signIn("erin", PASSWORD)).hasStatus(302).hasRedirectedUrl("/");
	}

	@Test
	void successfulSignInStartsTheCountAgain() {
		failTimes("erin", 9);
		assertThat(signIn("erin", PASSWORD)).hasStatus(302).hasRedirectedUrl("/");
		failTimes("erin", 9);
		assertThat(signIn("erin", PASSWORD)).hasStatus(302).hasRedirectedUrl("/");
	}

	@Test
	void lockEndsAfterFiveMinutes() {
		failTimes("carol", 10);
		CLOCK.advance(Duration.ofMinutes(4).plusSeconds(59));
		assertThat(signIn("carol", PASSWORD)).hasStatus(302).hasRedirectedUrl("/login?locked");
		CLOCK.advance(Duration.ofSeconds(2));
		assertThat(signIn("carol", PASSWORD)).hasStatus(302).hasRedirectedUrl("/");
	}

	@Test
	void failuresOlderThanFiveMinutesDoNotCount() {
		failTimes("dave", 9);
		CLOCK.advance(Duration.ofMinutes(5).plusSeconds(1));
		failTimes("dave", 9);
		assertThat(signIn("dave", PASSWORD)).hasStatus(302).hasRedirectedUrl("/");
	}

	@Test
	void userNameCaseDoesNotDodgeTheLock() {
		for (int attempt = 0; attempt < 10; attempt++) {
			signIn((attempt % 2 == 0) ? "Bob" : "BOB", "guess");
		}
		assertThat(signIn("bob", PASSWORD)).hasStatus(302).hasRedirectedUrl("/login?locked");
	}

	@Test
	void unknownUserNameIsLockedLikeAKnownOneSoTheLockRevealsNoNames() {
		failTimes("mallory", 10);
		assertThat(signIn("mallory", PASSWORD)).hasStatus(302).hasRedirectedUrl("/login?locked");
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
