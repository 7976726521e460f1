package dev.runboard.web;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.runboard.aws.Source;

import org.springframework.web.util.UriUtils;

/**
 * A link Runboard puts in a page, a header or a redirect: a path relative to the
 * application (templates add the context path with {@code @{...}}) and its query, every
 * value encoded exactly once. Values keep what a person can read in a pasted link
 * ({@code :} of a time, {@code /} of an ARN) and lose what would change the query's
 * meaning: {@code &}, {@code =}, {@code #}, and {@code +}, which a servlet container
 * would read as a space (page tokens are Base64 and carry it).
 */
public final class Link {

	private static final Pattern VARIABLE = Pattern.compile("\\{[^}/]+}");

	private final StringBuilder link;

	private boolean hasQuery;

	private Link(String path) {
		this.link = new StringBuilder(path);
	}

	/**
	 * @param path a path relative to the application, with {@code {name}} variables
	 * @param pathValues the values of the variables, in order, each encoded as one path
	 * segment
	 */
	public static Link to(String path, Object... pathValues) {
		Matcher variables = VARIABLE.matcher(path);
		StringBuilder expanded = new StringBuilder();
		int index = 0;
		while (variables.find()) {
			String value = UriUtils.encodePathSegment(String.valueOf(pathValues[index++]), StandardCharsets.UTF_8);
			variables.appendReplacement(expanded, Matcher.quoteReplacement(value));
		}
		variables.appendTail(expanded);
		return new Link(expanded.toString());
	}

	/** Adds a parameter; a {@code null} value adds nothing. */
	public Link with(String name, Object value) {
		if (value != null) {
			this.link.append(this.hasQuery ? '&' : '?')
				.append(encode(name))
				.append('=')
				.append(encode(String.valueOf(value)));
			this.hasQuery = true;
		}
		return this;
	}

	/**
	 * Adds the account and region of {@code source}, so the link reads where the page
	 * read; nothing when {@code source} is {@code null} (only one is configured).
	 */
	public Link in(Source source) {
		if (source != null) {
			with("account", source.account());
			with("region", source.region());
		}
		return this;
	}

	private static String encode(String value) {
		return UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8).replace("+", "%2B");
	}

	@Override
	public String toString() {
		return this.link.toString();
	}

}
