package dev.runboard.security;

import java.nio.charset.StandardCharsets;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriUtils;

/**
 * A page of this application that signing in returns to, as {@link SignInTargets} accepts
 * it from a {@code to} value.
 *
 * @param value the path and query as the browser asked for them, context path included,
 * still percent-encoded: the {@code to} value itself
 * @param path the path within the application (without the context path), encoded
 * @param query the query, encoded, or {@code null}
 */
public record SignInTarget(String value, String path, String query) {

	/**
	 * The path and query within the application, as a redirect that adds the context path
	 * takes them.
	 */
	public String withinApplication() {
		return (this.query != null) ? this.path + "?" + this.query : this.path;
	}

	/**
	 * The query's parameters, decoded as a servlet container decodes them ({@code +} is a
	 * space); a pair that is not validly encoded is left out.
	 */
	public MultiValueMap<String, String> parameters() {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		if (this.query == null) {
			return parameters;
		}
		for (String pair : this.query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			try {
				String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
				String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
				parameters.add(name, value);
			}
			catch (IllegalArgumentException ex) {
				// Not validly encoded: a servlet container would refuse it too.
			}
		}
		return parameters;
	}

	private static String decode(String encoded) {
		return UriUtils.decode(encoded.replace("+", "%20"), StandardCharsets.UTF_8);
	}

}
