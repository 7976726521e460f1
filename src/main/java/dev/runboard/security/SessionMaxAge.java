package dev.runboard.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a session {@code runboard.security.session.max-age} after its user signed in,
 * however busy it was: a tab that polls would otherwise keep it alive for ever, and a
 * user removed from a group at the identity provider would keep its roles here. The
 * request then goes on signed out, so a page is sent to the login page and comes back
 * once its user signed in again.
 */
class SessionMaxAge extends OncePerRequestFilter {

	/** The session attribute holding when its user signed in, in epoch milliseconds. */
	static final String SIGNED_IN_AT = SessionMaxAge.class.getName() + ".signedInAt";

	private final Duration maxAge;

	private final Clock clock;

	SessionMaxAge(Duration maxAge, Clock clock) {
		this.maxAge = maxAge;
		this.clock = clock;
	}

	/** Notes that the session's user signed in now. */
	static void signedIn(HttpServletRequest request, Clock clock) {
		request.getSession().setAttribute(SIGNED_IN_AT, clock.millis());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		if (session != null && session.getAttribute(SIGNED_IN_AT) instanceof Long signedInAt
				&& this.clock.millis() - signedInAt >= this.maxAge.toMillis()) {
			session.invalidate();
		}
		chain.doFilter(request, response);
	}

}
