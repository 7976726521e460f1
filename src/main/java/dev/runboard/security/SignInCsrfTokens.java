package dev.runboard.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * Where CSRF tokens are kept: the login form's in a cookie, every other form's in the
 * session. The login page is what a link fetched without a session ends on (a chat app
 * building a preview fetches it for every link pasted), and with its token in the session
 * each such fetch would create one. The cookie is HttpOnly and {@code SameSite=Strict};
 * signing in replaces it with a token in the new session.
 */
@Component
class SignInCsrfTokens implements CsrfTokenRepository {

	private static final RequestMatcher LOGIN = PathPatternRequestMatcher.withDefaults().matcher("/login");

	private final CsrfTokenRepository login;

	private final CsrfTokenRepository session = new HttpSessionCsrfTokenRepository();

	SignInCsrfTokens() {
		CookieCsrfTokenRepository cookie = new CookieCsrfTokenRepository();
		cookie.setCookieCustomizer((builder) -> builder.sameSite("Strict"));
		this.login = cookie;
	}

	@Override
	public CsrfToken generateToken(HttpServletRequest request) {
		return repository(request).generateToken(request);
	}

	@Override
	public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
		repository(request).saveToken(token, request, response);
	}

	@Override
	public CsrfToken loadToken(HttpServletRequest request) {
		return repository(request).loadToken(request);
	}

	private CsrfTokenRepository repository(HttpServletRequest request) {
		return LOGIN.matches(request) ? this.login : this.session;
	}

}
