package dev.runboard.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.runboard.aws.Ids;
import dev.runboard.aws.InvalidQueryException;
import dev.runboard.aws.QueryRules;

import org.springframework.util.MultiValueMap;

/**
 * Each rule for reading a request parameter or path variable, written once: into a value
 * SSM accepts, or an {@link InvalidQueryException} that names the parameter and what it
 * accepts.
 */
public final class QueryParameters {

	private static final Pattern DOCUMENT = Pattern.compile("[A-Za-z0-9_.:/-]{1,128}");

	private static final Pattern NUMBER = Pattern.compile("\\d{1,3}");

	/**
	 * The shapes of a point in time a link may give; the calendar (months, leap years,
	 * hours up to 23) is then java.time's. A space may stand for the {@code T}: it is
	 * what people copy from logs and type into the form.
	 */
	private static final Pattern DATE_TIME = Pattern.compile("(?<date>\\d{4}-\\d{2}-\\d{2})"
			+ "(?:[T ](?<time>\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?)(?<zone>Z|[+-]\\d{2}:\\d{2})?)?");

	/**
	 * The instants SSM can read as a filter value: past them {@code Instant.toString()}
	 * writes years such as {@code +10000}, which SSM refuses.
	 */
	private static final Instant FIRST_INSTANT = Instant.parse("0000-01-01T00:00:00Z");

	private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

	/** The longest page token any AWS service Runboard calls issues. */
	public static final int MAX_AWS_TOKEN_LENGTH = 4096;

	private QueryParameters() {
	}

	/**
	 * The one value of a parameter, stripped; {@code null} when absent or blank.
	 * @throws InvalidQueryException when it is given more than once
	 */
	public static String single(MultiValueMap<String, String> parameters, String name) {
		String value = exact(parameters, name);
		return (value != null) ? value.strip() : null;
	}

	/**
	 * The one value of a parameter exactly as given, surrounding spaces kept (plugin
	 * names may have them); {@code null} when absent or blank.
	 * @throws InvalidQueryException when it is given more than once
	 */
	public static String exact(MultiValueMap<String, String> parameters, String name) {
		List<String> values = parameters.get(name);
		if (values == null || values.isEmpty()) {
			return null;
		}
		List<String> present = values.stream().filter((value) -> value != null && !value.isBlank()).toList();
		if (present.size() > 1) {
			throw new InvalidQueryException(name, name + ": give it at most once.");
		}
		return present.isEmpty() ? null : present.get(0);
	}

	public static String commandId(String value) {
		if (value != null && !Ids.commandId(value)) {
			throw new InvalidQueryException("commandId",
					"commandId: a command ID is 36 characters of letters, digits and dashes, "
							+ "such as 0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10.");
		}
		return value;
	}

	public static String instanceId(String value) {
		if (value != null && !Ids.instanceId(value)) {
			throw new InvalidQueryException("instanceId", "instanceId: a node ID is i- followed by 8 or 17 "
					+ "letters or digits (an EC2 instance) or mi- followed by 17 (a hybrid node).");
		}
		return value;
	}

	/**
	 * Whether a value is shaped like a document name or ARN, as {@link #document}
	 * accepts.
	 */
	public static boolean isDocument(String value) {
		return DOCUMENT.matcher(value).matches();
	}

	public static String document(String value) {
		if (value != null && !DOCUMENT.matcher(value).matches()) {
			throw new InvalidQueryException("document", "document: a document name or ARN of 1 to 128 letters, "
					+ "digits and the characters _ . - : /, such as AWS-RunShellScript.");
		}
		return value;
	}

	/**
	 * A point in time: an ISO-8601 instant ({@code 2026-11-20T00:00:00Z}, or with an
	 * offset such as {@code +01:00}), a date and time without a zone meaning UTC (with or
	 * without seconds, with a {@code T} or a space between them), or a date meaning its
	 * start in UTC.
	 */
	public static Instant instant(String name, String value) {
		if (value == null) {
			return null;
		}
		Instant instant = pointInTime(value);
		if (instant == null) {
			throw new InvalidQueryException(name,
					name + ": an ISO-8601 instant such as 2026-11-20T00:00:00Z or 2026-11-20T01:00:00+01:00, "
							+ "a date and time without a zone such as 2026-11-20T10:00 meaning UTC, "
							+ "or a date such as 2026-11-20 meaning its start in UTC.");
		}
		return instant;
	}

	/**
	 * The instant a value names, or {@code null} when it has none of the accepted shapes,
	 * is no date of the calendar, or falls outside the years SSM takes.
	 */
	private static Instant pointInTime(String value) {
		Matcher parts = DATE_TIME.matcher(value);
		if (!parts.matches()) {
			return null;
		}
		Instant instant;
		try {
			LocalDate date = LocalDate.parse(parts.group("date"));
			LocalTime time = (parts.group("time") != null) ? LocalTime.parse(parts.group("time")) : LocalTime.MIDNIGHT;
			String zone = parts.group("zone");
			instant = date.atTime(time).toInstant((zone != null) ? ZoneOffset.of(zone) : ZoneOffset.UTC);
		}
		catch (DateTimeException ex) {
			return null;
		}
		return (instant.isBefore(FIRST_INSTANT) || instant.isAfter(LAST_INSTANT)) ? null : instant;
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
			return QueryRules.MAX_PAGE_SIZE;
		}
		return QueryRules.pageSize(NUMBER.matcher(value).matches() ? Integer.parseInt(value) : 0);
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
	 * A value that is required.
	 * @param accepted what the parameter accepts, for the message
	 */
	public static <T> T required(String name, T value, String accepted) {
		if (value == null) {
			throw new InvalidQueryException(name, name + ": required; " + accepted + ".");
		}
		return value;
	}

	/**
	 * Whether a value could be a page token an AWS service issued: printable ASCII, no
	 * longer than any of them is.
	 */
	public static boolean awsPageToken(String token) {
		return token.length() <= MAX_AWS_TOKEN_LENGTH && printableAscii(token);
	}

	/** Whether every character is printable ASCII other than a space. */
	public static boolean printableAscii(String value) {
		return value.chars().allMatch((c) -> c > 0x20 && c < 0x7f);
	}

}
