package dev.runboard.security;

import java.time.Duration;

import dev.runboard.testing.LocalUsers;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.SettableClock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * A session lasts {@code runboard.security.session.max-age} (12 hours) after its user
 * signed in, however busy: a tab that polls every few seconds does not keep it alive for
 * ever, so what the identity provider or the configuration says of its user counts again
 * at the next sign-in. Time is the context's clock, moved by the test.
 */
@RunboardTest
class SessionMaxAgeTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	SettableClock clock;

	@Test
	void aSessionOlderThanItsMaxAgeIsSignedOutHoweverOftenItWasUsed() {
		MockHttpSession session = signIn();
		for (int hour = 0; hour < 11; hour++) {
			this.clock.advance(Duration.ofHours(1));
			assertThat(this.mvc.get().uri("/no-such-page").session(session)).as("hour " + hour).hasStatus(404);
		}
		this.clock.advance(Duration.ofMinutes(59).plusSeconds(59));
		assertThat(this.mvc.get().uri("/no-such-page").session(session)).hasStatus(404);

		this.clock.advance(Duration.ofSeconds(1));
		MvcTestResult expired = this.mvc.get().uri("/no-such-page").session(session).exchange();
		assertThat(expired).hasStatus(302);
		assertThat(expired.getResponse().getRedirectedUrl()).startsWith("/login");
	}

	private MockHttpSession signIn() {
		MvcTestResult result = this.mvc.post()
			.uri("/login")
			.session(new MockHttpSession())
			.param("username", LocalUsers.READER)
			.param("password", LocalUsers.password(LocalUsers.READER))
			.with(csrf())
			.exchange();
		assertThat(result).hasStatus(302).hasRedirectedUrl("/");
		return (MockHttpSession) result.getRequest().getSession(false);
	}

}
