package dev.runboard.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Where signing in returns to. A signed-out browser asking for a page is sent to
 * {@code /login?to=<that path and query>}: the target travels in the address, not in a
 * session, so a link fetched without one (as chat apps fetch links to build a preview)
 * creates none. The login form posts the target back, and the OIDC sign-in keeps it with
 * its authorization request ({@link OidcSignInTarget}).
 * <p>
 * A target is a page of this application and nothing else, so that a crafted link can
 * never send someone elsewhere once signed in: a path starting with the context path, no
 * scheme or host, no {@code //} or backslash however encoded, no {@code .} or {@code ..}
 * segment, the characters of a URI only, at most {@value #MAX_LENGTH} characters, neither
 * a fragment a feature declares ({@link ServedPaths}) nor an address of signing in
 * itself. A value that is not one is ignored: signing in then lands on the start page.
 */
@Component
public class SignInTargets {

	/** The parameter that carries the target: the login page's, its form's, OIDC's. */
	public static final String PARAMETER = "to";

	/** The longest target kept; a longer link signs in to the start page. */
	public static final int MAX_LENGTH = 2048;

	/** The characters of a URI but letters, digits and {@code %}; no {@code #}. */
	private static final String URI_CHARACTERS = "-._~!$&'()*+,;=:@/?";

	/** The addresses of signing in and out, which are never a target. */
	private static final List<String> SIGN_IN = List.of("/login", "/login/**", "/logout", "/oauth2/**");

	private final List<PathPattern> refused = new ArrayList<>();

	SignInTargets(List<ServedPaths> served) {
		PathPatternParser parser = PathPatternParser.defaultInstance;
		SIGN_IN.forEach((path) -> this.refused.add(parser.parse(path)));
		served.stream()
			.flatMap((paths) -> paths.fragments().stream())
			.forEach((path) -> this.refused.add(parser.parse(path)));
	}

	/**
	 * The target a {@code to} value names in this request's application.
	 * @return empty when the value is absent or is not a page of this application
	 */
	public Optional<SignInTarget> parse(HttpServletRequest request, String to) {
		if (to == null || to.isEmpty() || to.length() > MAX_LENGTH || !uriCharacters(to)) {
			return Optional.empty();
		}
		int question = to.indexOf('?');
		String path = (question >= 0) ? to.substring(0, question) : to;
		String query = (question >= 0 && question < to.length() - 1) ? to.substring(question + 1) : null;
		String contextPath = request.getContextPath();
		if (!path.startsWith(contextPath + "/") || path.indexOf(';') >= 0 || !plainPath(path)) {
			return Optional.empty();
		}
		String within = path.substring(contextPath.length());
		PathContainer container = PathContainer.parsePath(within);
		if (this.refused.stream().anyMatch((pattern) -> pattern.matches(container))) {
			return Optional.empty();
		}
		return Optional.of(new SignInTarget(to, within, query));
	}

	/**
	 * The target that a signed-out request for a page names: its own path and query.
	 * @return empty for the start page, which signing in lands on anyway, and for what is
	 * no target
	 */
	Optional<SignInTarget> of(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String query = request.getQueryString();
		if (query == null && uri.equals(request.getContextPath() + "/")) {
			return Optional.empty();
		}
		return parse(request, (query != null) ? uri + "?" + query : uri);
	}

	/**
	 * The target a sign-in request carries: the {@code to} field of the login form, or
	 * the one the OIDC sign-in kept through the provider's round trip.
	 */
	Optional<SignInTarget> carried(HttpServletRequest request) {
		String[] values = request.getParameterValues(PARAMETER);
		if (values != null) {
			return (values.length == 1) ? parse(request, values[0]) : Optional.empty();
		}
		return parse(request, (String) request.getAttribute(OidcSignInTarget.ATTRIBUTE));
	}

	/**
	 * The login page's path within the application, carrying {@code target} when there is
	 * one; {@code page} is {@code login}'s query without the target ({@code error}), or
	 * {@code null}.
	 */
	static String login(String page, Optional<SignInTarget> target) {
		return carrying((page != null) ? "/login?" + page : "/login", target);
	}

	/**
	 * A link of signing in ({@code /oauth2/authorization/corp}) carrying {@code target}
	 * as its one {@code to} parameter, when there is one.
	 */
	static String carrying(String link, Optional<SignInTarget> target) {
		return target
			.map((to) -> link + ((link.indexOf('?') >= 0) ? '&' : '?') + PARAMETER + "="
					+ UriUtils.encodeQueryParam(to.value(), StandardCharsets.UTF_8).replace("+", "%2B"))
			.orElse(link);
	}

	/**
	 * Whether the value is made of the characters of a URI (letters, digits, its
	 * punctuation, and {@code %} only as the start of an escape), without a fragment.
	 */
	private static boolean uriCharacters(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '%') {
				if (i + 2 >= value.length() || !HexFormat.isHexDigit(value.charAt(i + 1))
						|| !HexFormat.isHexDigit(value.charAt(i + 2))) {
					return false;
				}
				i += 2;
			}
			else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| URI_CHARACTERS.indexOf(c) >= 0)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether the path, decoded, stays a plain path: no backslash, no empty segment
	 * ({@code //}, which a browser reads as another host), no {@code .} or {@code ..}
	 * segment, no control character, and every escape valid.
	 */
	private static boolean plainPath(String path) {
		String decoded;
		try {
			decoded = UriUtils.decode(path, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		if (path.indexOf('\\') >= 0 || decoded.indexOf('\\') >= 0 || decoded.contains("//")
				|| decoded.chars().anyMatch((c) -> c < 0x20 || c == 0x7f)) {
			return false;
		}
		for (String segment : decoded.split("/", -1)) {
			if (segment.equals(".") || segment.equals("..")) {
				return false;
			}
		}
		return true;
	}

}
