package dev.runboard.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.runboard.testing.SettableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
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
 * minutes, even against the right password. Time is a clock the tests move, so the window
 * and the lock's end are tested without waiting. Each test signs in as its own user,
 * because the lock state lives as long as the application.
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

	@DynamicPropertySource
	static void users(DynamicPropertyRegistry registry) {
		String encoded = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD);
		for (int i = 0; i < USERS.length; i++) {
			String name = USERS[i];
			registry.add("runboard.security.users[" + i + "].name", () -> name);
			registry.add("runboard.security.users[" + i + "].password", () -> encoded);
		}
	}

	@Autowired
	MockMvcTester mvc;

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
