package dev.runboard.security;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;

/**
 * Who may see what, with the sandbox source and its demo user: every page needs a
 * signed-in user, only the login page and the health endpoint are open, and an htmx
 * request never gets a login form swapped into the page.
 */
@SpringBootTest
@AutoConfigureMockMvc
class SecurityTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void unauthenticatedPageRequestRedirectsToLogin() {
		assertThat(this.mvc.get().uri("/invocations")).hasStatus(HttpStatus.FOUND).redirectedUrl().endsWith("/login");
	}

	@Test
	void unauthenticatedRootRedirectsToLogin() {
		assertThat(this.mvc.get().uri("/")).hasStatus(HttpStatus.FOUND).redirectedUrl().endsWith("/login");
	}

	@Test
	void unauthenticatedHtmxScrollRequestGets401WithHxRedirectAndNoLoginForm() {
		MvcTestResult result = this.mvc.get()
			.uri("/invocations/rows?nextToken=abc")
			.header("HX-Request", "true")
			.exchange();
		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED).hasHeader("HX-Redirect", "/login");
		assertThat(result).bodyText().doesNotContain("<form", "password", "<tr");
	}

	@Test
	void unauthenticatedHtmxFilterRequestGets401WithHxRedirect() {
		assertThat(this.mvc.get().uri("/invocations?status=Failed").header("HX-Request", "true"))
			.hasStatus(HttpStatus.UNAUTHORIZED)
			.hasHeader("HX-Redirect", "/login")
			.bodyText()
			.doesNotContain("<form");
	}

	@Test
	void healthIsPublic() {
		assertThat(this.mvc.get().uri("/actuator/health")).hasStatusOk().bodyText().contains("\"status\":\"UP\"");
		assertThat(this.mvc.get().uri("/actuator/health/liveness")).hasStatusOk();
		assertThat(this.mvc.get().uri("/actuator/health/readiness")).hasStatusOk();
	}

	@Test
	void otherActuatorEndpointsAreNotReachableWithoutLogin() {
		assertThat(this.mvc.get().uri("/actuator/env")).hasStatus(HttpStatus.FOUND).redirectedUrl().endsWith("/login");
		assertThat(this.mvc.get().uri("/actuator")).hasStatus(HttpStatus.FOUND).redirectedUrl().endsWith("/login");
	}

	@Test
	void environmentIsNotExposedEvenToASignedInUser() {
		assertThat(this.mvc.get().uri("/actuator/env").with(user("demo"))).hasStatus(HttpStatus.NOT_FOUND);
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
	void demoUserSignsInToTheSandbox() {
		assertThat(this.mvc.post().uri("/login").param("username", "demo").param("password", "demo").with(csrf()))
			.hasStatus(HttpStatus.FOUND)
			.matches(authenticated().withUsername("demo"))
			.redirectedUrl()
			.doesNotContain("error");
	}

	@Test
	void wrongPasswordDoesNotSignIn() {
		assertThat(this.mvc.post().uri("/login").param("username", "demo").param("password", "Demo").with(csrf()))
			.hasStatus(HttpStatus.FOUND)
			.matches(unauthenticated())
			.redirectedUrl()
			.endsWith("/login?error");
	}

	@Test
	void unknownUserDoesNotSignIn() {
		assertThat(this.mvc.post().uri("/login").param("username", "admin").param("password", "demo").with(csrf()))
			.matches(unauthenticated())
			.redirectedUrl()
			.endsWith("/login?error");
	}

	@Test
	void loginWithoutCsrfTokenIsRefused() {
		assertThat(this.mvc.post().uri("/login").param("username", "demo").param("password", "demo"))
			.hasStatus(HttpStatus.FORBIDDEN)
			.matches(unauthenticated());
	}

	@Test
	void signingInAfterFollowingASharedLinkReturnsToThatLink() {
		MvcTestResult link = this.mvc.get().uri("/invocations?status=Failed&document=AWS-RunShellScript").exchange();
		assertThat(link).hasStatus(HttpStatus.FOUND).redirectedUrl().endsWith("/login");
		MockHttpSession session = (MockHttpSession) link.getRequest().getSession(false);
		assertThat(this.mvc.post()
			.uri("/login")
			.session(session)
			.param("username", "demo")
			.param("password", "demo")
			.with(csrf())).hasStatus(HttpStatus.FOUND)
			.redirectedUrl()
			.contains("/invocations?status=Failed&document=AWS-RunShellScript");
	}

	@Test
	void signingInAfterAnExpiredScrollRequestNeverReturnsToTheFragment() {
		MvcTestResult scroll = this.mvc.get().uri("/invocations/rows?nextToken=abc").exchange();
		assertThat(scroll).hasStatus(HttpStatus.FOUND);
		MockHttpSession session = (MockHttpSession) scroll.getRequest().getSession();
		assertThat(this.mvc.post()
			.uri("/login")
			.session(session)
			.param("username", "demo")
			.param("password", "demo")
			.with(csrf())).hasStatus(HttpStatus.FOUND).matches(authenticated()).redirectedUrl().doesNotContain("/rows");
	}

	@Test
	void logoutIsAPostWithCsrfToken() {
		assertThat(this.mvc.post().uri("/logout").with(user("demo")).with(csrf())).hasStatus(HttpStatus.FOUND)
			.matches(unauthenticated())
			.redirectedUrl()
			.endsWith("/login?logout");
	}

	@Test
	void logoutWithoutCsrfTokenIsRefused() {
		assertThat(this.mvc.post().uri("/logout").with(user("demo"))).hasStatus(HttpStatus.FORBIDDEN);
	}

	@Test
	void getLogoutDoesNotSignOut() {
		MvcTestResult result = this.mvc.get().uri("/logout").with(user("demo")).exchange();
		assertThat(result).matches(authenticated());
		assertThat(result.getResponse().getRedirectedUrl()).isNull();
	}

}
