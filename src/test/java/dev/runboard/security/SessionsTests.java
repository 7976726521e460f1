package dev.runboard.security;

import java.util.List;

import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.RunboardTest.Setup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;

/**
 * Signing in and out with the sandbox's local user, and what happens to a page or an htmx
 * request whose session is gone: every page needs a signed-in user, a page asked for
 * without one is where signing in lands (its address travels in the login page's, no
 * session is kept), and an htmx request never gets a login form swapped into the page.
 */
@RunboardTest(Setup.SANDBOX)
class SessionsTests {

	@Autowired
	MockMvcTester mvc;

	@ParameterizedTest
	@ValueSource(strings = { "/invocations", "/invocations/rows?nextToken=abc", "/commands", "/commands/rows",
			"/invocations/0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10/i-0123456789abcdef0",
			"/invocations/0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10/i-0123456789abcdef0/row",
			"/commands/0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10/row" })
	void htmxRequestWithoutSessionReloadsThePageInsteadOfGettingALoginForm(String path) {
		MvcTestResult result = this.mvc.get().uri(path).header("HX-Request", "true").exchange();
		assertThat(result).hasStatus(403).headers().hasValue("HX-Refresh", "true");
		assertThat(result).bodyText()
			.doesNotContainIgnoringCase("<form")
			.doesNotContain("password")
			.doesNotContain("<tr");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '>',
			textBlock = """
					/ > /login
					/invocations/rows > /login
					/invocations > /login?to=/invocations
					/commands > /login?to=/commands
					/invocations?status=Failed&region=eu-west-1 > /login?to=/invocations?status%3DFailed%26region%3Deu-west-1
					/invocations/0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10/i-0123456789abcdef0 > /login?to=/invocations/0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10/i-0123456789abcdef0
					""")
	void browserWithoutSessionIsRedirectedToLoginWithThePageInTheAddressUnlessAFragment(String path, String login) {
		MvcTestResult result = this.mvc.get().uri(path).exchange();
		assertThat(result).hasStatus(302).hasRedirectedUrl(login);
		assertThat(result.getRequest().getSession(false)).as("no session kept for a signed-out request").isNull();
	}

	@Test
	void signingInReturnsToThePageAskedForButNeverToAFragment() {
		assertThat(this.mvc.get().uri("/invocations?status=Failed")).hasStatus(302)
			.hasRedirectedUrl("/login?to=/invocations?status%3DFailed");
		assertThat(signIn(new MockHttpSession(), "demo", "demo", "/invocations?status=Failed")).hasStatus(302)
			.hasRedirectedUrl("/invocations?status=Failed");

		for (String fragment : List.of("/invocations/rows?nextToken=abc",
				"/commands/0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10/summary",
				"/commands/0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10/failed-nodes")) {
			assertThat(this.mvc.get().uri(fragment)).as(fragment).hasStatus(302).hasRedirectedUrl("/login");
			assertThat(signIn(new MockHttpSession(), "demo", "demo", fragment)).as(fragment)
				.hasStatus(302)
				.hasRedirectedUrl("/");
		}
	}

	@Test
	void aFailedSignInKeepsThePageToReturnTo() {
		assertThat(signIn(new MockHttpSession(), "demo", "not-the-password", "/commands?status=Failed")).hasStatus(302)
			.hasRedirectedUrl("/login?error&to=/commands?status%3DFailed");
	}

	@Test
	void signingInChangesTheSessionId() {
		MockHttpSession session = new MockHttpSession();
		String before = session.getId();
		// A session the browser brought along, such as one someone else planted.
		MvcTestResult result = this.mvc.post().uri("/login").session(session).with((request) -> {
			request.setRequestedSessionId(before);
			return request;
		}).param("username", "demo").param("password", "demo").with(csrf()).exchange();
		assertThat(result).hasStatus(302).hasRedirectedUrl("/");
		assertThat(result.getRequest().getSession(false).getId()).isNotEqualTo(before);
	}

	@Test
	void theLoginPageKeepsNoSessionItsFormsTokenIsInACookie() {
		MvcTestResult login = this.mvc.get().uri("/login?to=/invocations").exchange();
		assertThat(login).hasStatusOk().cookies().containsCookie("XSRF-TOKEN").doesNotContainCookie("JSESSIONID");
		assertThat(login.getRequest().getSession(false)).isNull();
		assertThat(login.getResponse().getCookie("XSRF-TOKEN").isHttpOnly()).isTrue();
	}

	@Test
	void loginPageRendersAFormWithCsrfToken() {
		assertThat(this.mvc.get().uri("/login")).hasStatusOk()
			.bodyText()
			.contains("action=\"/login\"", "method=\"post\"", "name=\"username\"", "name=\"password\"",
					"name=\"_csrf\"");
	}

	@Test
	void sandboxLoginPageSaysHowToSignIn() {
		assertThat(this.mvc.get().uri("/login")).hasStatusOk().bodyText().contains("<strong>demo</strong>");
	}

	@Test
	void unknownUserDoesNotSignIn() {
		assertThat(signIn(new MockHttpSession(), "admin", "demo")).hasStatus(302)
			.matches(unauthenticated())
			.hasRedirectedUrl("/login?error");
	}

	@Test
	void signInWithoutCsrfTokenIsRefused() {
		assertThat(this.mvc.post().uri("/login").param("username", "demo").param("password", "demo")).hasStatus(403);
	}

	@Test
	void wrongPasswordReturnsToTheLoginPageWithAnError() {
		assertThat(signIn(new MockHttpSession(), "demo", "not-the-password")).hasStatus(302)
			.matches(unauthenticated())
			.hasRedirectedUrl("/login?error");
	}

	@Test
	void logoutWithoutCsrfTokenIsRefusedAndKeepsTheSession() {
		MockHttpSession session = signedIn();
		assertThat(this.mvc.post().uri("/logout").session(session)).hasStatus(403);
		assertThat(this.mvc.get().uri("/invocations").session(session)).hasStatusOk();
	}

	@Test
	void getLogoutDoesNotSignOut() {
		MockHttpSession session = signedIn();
		MvcTestResult logout = this.mvc.get().uri("/logout").session(session).exchange();
		assertThat(logout.getResponse().getRedirectedUrl()).isNotEqualTo("/login?logout");
		assertThat(this.mvc.get().uri("/invocations").session(session)).hasStatusOk();
	}

	@Test
	void logoutWithCsrfTokenSignsOut() {
		MockHttpSession session = signedIn();
		assertThat(this.mvc.post().uri("/logout").session(session).with(csrf())).hasStatus(302)
			.hasRedirectedUrl("/login?logout");
		assertThat(this.mvc.get().uri("/invocations").session(session)).hasStatus(302)
			.hasRedirectedUrl("/login?to=/invocations");
	}

	@Test
	void pagesOfferSignOutAsAPostFormWithTheCsrfToken() {
		MockHttpSession session = signedIn();
		assertThat(this.mvc.get().uri("/invocations").session(session)).hasStatusOk()
			.bodyText()
			.containsPattern("<form class=\"signout\" action=\"/logout\" method=\"post\">[\\s\\S]*?"
					+ "<input type=\"hidden\" name=\"_csrf\" value=\"[^\"]+\"");
	}

	private MockHttpSession signedIn() {
		MockHttpSession session = new MockHttpSession();
		MvcTestResult result = signIn(session, "demo", "demo");
		assertThat(result).hasStatus(302);
		return (MockHttpSession) result.getRequest().getSession(false);
	}

	private MvcTestResult signIn(MockHttpSession session, String username, String password) {
		return signIn(session, username, password, null);
	}

	/** Signs in through the login form, carrying {@code to} when it is not null. */
	private MvcTestResult signIn(MockHttpSession session, String username, String password, String to) {
		MockMvcRequestBuilder request = this.mvc.post()
			.uri("/login")
			.session(session)
			.param("username", username)
			.param("password", password)
			.with(csrf());
		if (to != null) {
			request.param("to", to);
		}
		return request.exchange();
	}

}
