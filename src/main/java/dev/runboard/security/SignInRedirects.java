package dev.runboard.security;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * The redirects of signing in, each carrying the page to return to
 * ({@link SignInTargets}) and each relative ({@code Location: /runboard/login?to=…}), so
 * that they hold behind any proxy whatever host the request named: a signed-out browser
 * to the login page, a failed sign-in back to it, a successful one to the page.
 */
@Component
class SignInRedirects {

	private final SignInTargets targets;

	private final Clock clock;

	SignInRedirects(SignInTargets targets, Clock clock) {
		this.targets = targets;
		this.clock = clock;
	}

	/**
	 * Sends a signed-out browser to the login page with the page it asked for in the
	 * address, and keeps no session for it: nothing is saved on the server.
	 */
	AuthenticationEntryPoint entryPoint() {
		return (request, response, ex) -> redirect(request, response,
				SignInTargets.login(null, this.targets.of(request)));
	}

	/**
	 * Lands a signed-in user on the page the sign-in carried, else the start page, and
	 * notes when they signed in ({@link SessionMaxAge}).
	 */
	AuthenticationSuccessHandler landing() {
		SimpleUrlAuthenticationSuccessHandler landing = new SimpleUrlAuthenticationSuccessHandler("/") {

			@Override
			public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
					Authentication authentication) throws IOException, ServletException {
				SessionMaxAge.signedIn(request, SignInRedirects.this.clock);
				super.onAuthenticationSuccess(request, response, authentication);
			}

			@Override
			protected String determineTargetUrl(HttpServletRequest request, HttpServletResponse response) {
				return SignInRedirects.this.targets.carried(request).map(SignInTarget::withinApplication).orElse("/");
			}

		};
		landing.setRedirectStrategy(relative());
		return landing;
	}

	/**
	 * The redirects of a failed sign-in ({@code /login?error}), which keep the page the
	 * sign-in carried, so that the next attempt still lands on it.
	 */
	RedirectStrategy keepingTarget() {
		return (request, response, url) -> {
			Optional<SignInTarget> target = this.targets.carried(request);
			int question = url.indexOf('?');
			String login = (question >= 0 && url.startsWith("/login?"))
					? SignInTargets.login(url.substring(question + 1), target) : url;
			redirect(request, response, login);
		};
	}

	private static RedirectStrategy relative() {
		return SignInRedirects::redirect;
	}

	/**
	 * A 302 to a path within the application, written as the header itself: a servlet
	 * container's {@code sendRedirect} may make it absolute from the request's host. No
	 * session ID is ever written into it.
	 */
	private static void redirect(HttpServletRequest request, HttpServletResponse response, String path) {
		response.setStatus(HttpServletResponse.SC_FOUND);
		response.setHeader(HttpHeaders.LOCATION, request.getContextPath() + path);
	}

}
