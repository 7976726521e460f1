package dev.runboard.ssm;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Reads the request parameters and path variables every view shares, each into a value
 * SSM accepts, or an {@link InvalidQueryException} that names the parameter and what it
 * accepts.
 */
public final class Parameters {

	private static final Pattern COMMAND_ID = Pattern.compile("[A-Za-z0-9-]{36}");

	private static final Pattern INSTANCE_ID = Pattern.compile("i-(\\w{8}|\\w{17})|mi-\\w{17}");

	private static final Pattern DOCUMENT = Pattern.compile("[A-Za-z0-9_.:/-]{1,128}");

	private static final Pattern NUMBER = Pattern.compile("\\d{1,3}");

	/**
	 * The instants SSM can read as a filter value: past them {@code Instant.toString()}
	 * writes years such as {@code +10000}, which SSM refuses.
	 */
	private static final Instant FIRST_INSTANT = Instant.parse("0000-01-01T00:00:00Z");

	private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

	/** {@code MaxResults} of both list operations: 1 to 50. */
	public static final int MAX_PAGE_SIZE = 50;

	private Parameters() {
	}

	public static String single(MultiValueMap<String, String> parameters, String name) {
		List<String> values = parameters.get(name);
		if (values == null || values.isEmpty()) {
			return null;
		}
		List<String> present = values.stream().filter((value) -> value != null && !value.isBlank()).toList();
		if (present.size() > 1) {
			throw new InvalidQueryException(name, name + ": give it at most once.");
		}
		return present.isEmpty() ? null : present.get(0).strip();
	}

	public static String commandId(String value) {
		if (value != null && !COMMAND_ID.matcher(value).matches()) {
			throw new InvalidQueryException("commandId",
					"commandId: a command ID is 36 characters of letters, digits and dashes, "
							+ "such as 0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10.");
		}
		return value;
	}

	public static String instanceId(String value) {
		if (value != null && !INSTANCE_ID.matcher(value).matches()) {
			throw new InvalidQueryException("instanceId", "instanceId: a node ID is i- followed by 8 or 17 "
					+ "letters or digits (an EC2 instance) or mi- followed by 17 (a hybrid node).");
		}
		return value;
	}

	public static String document(String value) {
		if (value != null && !DOCUMENT.matcher(value).matches()) {
			throw new InvalidQueryException("document", "document: a document name or ARN of 1 to 128 letters, "
					+ "digits and the characters _ . - : /, such as AWS-RunShellScript.");
		}
		return value;
	}

	public static Instant instant(String name, String value) {
		if (value == null) {
			return null;
		}
		try {
			Instant instant = (value.length() == 10) ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
					: Instant.parse(value);
			if (instant.isBefore(FIRST_INSTANT) || instant.isAfter(LAST_INSTANT)) {
				throw new DateTimeException("SSM takes four-digit years only");
			}
			return instant;
		}
		catch (DateTimeException ex) {
			throw new InvalidQueryException(name, name + ": an ISO-8601 instant such as 2026-11-20T00:00:00Z, "
					+ "or a date such as 2026-11-20 meaning its start in UTC.");
		}
	}

	public static boolean details(String value) {
		if (value == null) {
			return true;
		}
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new InvalidQueryException("details", "details: true or false.");
		};
	}

	public static int pageSize(String value) {
		if (value == null) {
			return MAX_PAGE_SIZE;
		}
		int size = NUMBER.matcher(value).matches() ? Integer.parseInt(value) : 0;
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw new InvalidQueryException("pageSize", "pageSize: a whole number from 1 to 50.");
		}
		return size;
	}

	/**
	 * One of {@code accepted}, compared without regard to case and returned as SSM spells
	 * it.
	 */
	public static String oneOf(String name, String value, List<String> accepted) {
		if (value == null) {
			return null;
		}
		for (String candidate : accepted) {
			if (candidate.equalsIgnoreCase(value)) {
				return candidate;
			}
		}
		throw new InvalidQueryException(name, name + ": accepted values are " + String.join(", ", accepted) + ".");
	}

	/**
	 * Whether a value could be a page token an AWS service issued: printable ASCII, no
	 * longer than any of them is.
	 */
	public static boolean pageToken(String token) {
		return token.length() <= 4096 && token.chars().allMatch((c) -> c > 0x20 && c < 0x7f);
	}

	/**
	 * Reads the opaque page token of a scroll request: any printable ASCII SSM could have
	 * issued, nothing longer than it would.
	 */
	public static String nextToken(MultiValueMap<String, String> parameters) {
		String token = single(parameters, "nextToken");
		if (token != null && !pageToken(token)) {
			throw new InvalidQueryException("nextToken",
					"nextToken: not a page token Runboard issued. Reload the list to start from the first page.");
		}
		return token;
	}

	/**
	 * The URI of {@code path} with these parameters and an optional page token, encoded:
	 * the canonical, shareable form of a query.
	 */
	public static String uri(String path, Map<String, String> parameters, String nextToken) {
		MultiValueMap<String, String> multi = new LinkedMultiValueMap<>();
		parameters.forEach(multi::add);
		return uri(path, multi, nextToken);
	}

	/**
	 * The URI of {@code path} with these parameters, some repeated, and an optional page
	 * token, encoded.
	 */
	public static String uri(String path, MultiValueMap<String, String> parameters, String nextToken) {
		UriComponentsBuilder builder = UriComponentsBuilder.fromPath(path);
		parameters.forEach((name, values) -> values.forEach((value) -> builder.queryParam(name, value)));
		if (nextToken == null) {
			return builder.encode().build().toUriString();
		}
		// SSM's tokens are Base64 with '+', '/' and '='. Only a URI variable is encoded
		// strictly; a literal '+' would reach the server as a space.
		return builder.queryParam("nextToken", "{nextToken}").encode().buildAndExpand(nextToken).toUriString();
	}

}
