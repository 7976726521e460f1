package dev.runboard.ssm;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * A validated {@code ListCommandInvocations} query: every value here is one SSM accepts,
 * so building the request never fails and never needs a round trip to find out.
 *
 * @param commandId command ID (36 characters) or {@code null}
 * @param instanceId node ID or {@code null}
 * @param status one of {@link #STATUSES} or {@code null}
 * @param document document name or {@code null}
 * @param after invoked at or after this instant, or {@code null}
 * @param before invoked at or before this instant, or {@code null}
 * @param details whether SSM should return plugin details and output
 * @param pageSize {@code MaxResults}, 1–50
 */
public record InvocationQuery(String commandId, String instanceId, String status, String document, Instant after,
		Instant before, boolean details, int pageSize) {

	/** Status filter values {@code ListCommandInvocations} accepts. */
	public static final List<String> STATUSES = List.of("Pending", "InProgress", "Delayed", "Success", "Cancelled",
			"Failed", "TimedOut", "AccessDenied", "DeliveryTimedOut", "ExecutionTimedOut", "Undeliverable",
			"InvalidPlatform", "Terminated");

	public static final int MAX_PAGE_SIZE = 50;

	public static final InvocationQuery ALL = new InvocationQuery(null, null, null, null, null, null, true,
			MAX_PAGE_SIZE);

	private static final Pattern COMMAND_ID = Pattern.compile("[A-Za-z0-9-]{36}");

	private static final Pattern INSTANCE_ID = Pattern.compile("i-(\\w{8}|\\w{17})|mi-\\w{17}");

	private static final Pattern DOCUMENT = Pattern.compile("[A-Za-z0-9_.:/-]{1,128}");

	private static final Pattern NUMBER = Pattern.compile("\\d{1,3}");

	public InvocationQuery {
		if (instanceId != null && "Pending".equals(status)) {
			throw new InvalidQueryException("status",
					"status: Pending cannot be combined with instanceId; SSM lists pending invocations only "
							+ "across all nodes. Remove instanceId or choose another status.");
		}
		if (after != null && before != null && after.isAfter(before)) {
			throw new InvalidQueryException("after", "after: " + after + " is later than before (" + before
					+ "); no invocation can match. Swap the two values.");
		}
		if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
			throw new InvalidQueryException("pageSize", "pageSize: must be a whole number from 1 to 50.");
		}
	}

	/**
	 * Reads a query from request parameters. Empty values count as absent, so a submitted
	 * filter form with blank fields means "no filter". Parameters this query does not
	 * know are ignored, except {@code executionStage}, which users carry over from
	 * {@code ListCommands} and which SSM would reject here.
	 * @throws InvalidQueryException naming the first parameter that is not acceptable
	 */
	public static InvocationQuery from(MultiValueMap<String, String> parameters) {
		for (String name : parameters.keySet()) {
			if (name.equalsIgnoreCase("executionStage")) {
				throw new InvalidQueryException(name, "executionStage: not a filter of invocations. ExecutionStage "
						+ "(Executing, Complete) only filters commands; to narrow invocations use status.");
			}
		}
		return new InvocationQuery(commandId(single(parameters, "commandId")),
				instanceId(single(parameters, "instanceId")), status(single(parameters, "status")),
				document(single(parameters, "document")), instant("after", single(parameters, "after")),
				instant("before", single(parameters, "before")), details(single(parameters, "details")),
				pageSize(single(parameters, "pageSize")));
	}

	/**
	 * Reads the opaque page token of a scroll request: any printable ASCII SSM could have
	 * issued, nothing longer than it would.
	 */
	public static String nextToken(MultiValueMap<String, String> parameters) {
		String token = single(parameters, "nextToken");
		if (token != null && (token.length() > 4096 || !token.chars().allMatch((c) -> c > 0x20 && c < 0x7f))) {
			throw new InvalidQueryException("nextToken",
					"nextToken: not a page token Runboard issued. Reload the list to start from the first page.");
		}
		return token;
	}

	/** True when no filter narrows the result. */
	public boolean unfiltered() {
		return this.commandId == null && this.instanceId == null && this.status == null && this.document == null
				&& this.after == null && this.before == null;
	}

	/**
	 * The parameters that differ from the defaults, in a stable order: the canonical,
	 * shareable form of this query.
	 */
	public Map<String, String> parameters() {
		Map<String, String> parameters = new LinkedHashMap<>();
		Optional.ofNullable(this.commandId).ifPresent((value) -> parameters.put("commandId", value));
		Optional.ofNullable(this.instanceId).ifPresent((value) -> parameters.put("instanceId", value));
		Optional.ofNullable(this.status).ifPresent((value) -> parameters.put("status", value));
		Optional.ofNullable(this.document).ifPresent((value) -> parameters.put("document", value));
		Optional.ofNullable(this.after).ifPresent((value) -> parameters.put("after", value.toString()));
		Optional.ofNullable(this.before).ifPresent((value) -> parameters.put("before", value.toString()));
		if (!this.details) {
			parameters.put("details", "false");
		}
		if (this.pageSize != MAX_PAGE_SIZE) {
			parameters.put("pageSize", Integer.toString(this.pageSize));
		}
		return parameters;
	}

	/** The URI of {@code path} with this query, encoded, ready to put in a page. */
	public String uri(String path) {
		return uri(path, null);
	}

	/** The URI of {@code path} with this query and a page token, encoded. */
	public String uri(String path, String nextToken) {
		UriComponentsBuilder builder = UriComponentsBuilder.fromPath(path);
		parameters().forEach((name, value) -> builder.queryParam(name, encodeQueryValue(value)));
		if (nextToken != null) {
			builder.queryParam("nextToken", encodeQueryValue(nextToken));
		}
		return builder.build(true).toUriString();
	}

	/**
	 * Servlet containers read '+' in a query string as a space, and SSM's page tokens
	 * are base64 with '+' in them: it must go out as %2B to come back unchanged.
	 */
	private static String encodeQueryValue(String value) {
		return UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8).replace("+", "%2B");
	}

	/** This query with {@code status} replaced, for links such as "only the failed ones". */
	public InvocationQuery withStatus(String newStatus) {
		return new InvocationQuery(this.commandId, this.instanceId, newStatus, this.document, this.after, this.before,
				this.details, this.pageSize);
	}

	private static String single(MultiValueMap<String, String> parameters, String name) {
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

	private static String commandId(String value) {
		if (value != null && !COMMAND_ID.matcher(value).matches()) {
			throw new InvalidQueryException("commandId",
					"commandId: a command ID is 36 characters of letters, digits and dashes, "
							+ "such as 0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10.");
		}
		return value;
	}

	private static String instanceId(String value) {
		if (value != null && !INSTANCE_ID.matcher(value).matches()) {
			throw new InvalidQueryException("instanceId", "instanceId: a node ID is i- followed by 8 or 17 "
					+ "letters or digits (an EC2 instance) or mi- followed by 17 (a hybrid node).");
		}
		return value;
	}

	private static String status(String value) {
		if (value == null) {
			return null;
		}
		for (String status : STATUSES) {
			if (status.equalsIgnoreCase(value)) {
				return status;
			}
		}
		throw new InvalidQueryException("status", "status: accepted values are " + String.join(", ", STATUSES) + ".");
	}

	private static String document(String value) {
		if (value != null && !DOCUMENT.matcher(value).matches()) {
			throw new InvalidQueryException("document", "document: a document name or ARN of 1 to 128 letters, "
					+ "digits and the characters _ . - : /, such as AWS-RunShellScript.");
		}
		return value;
	}

	private static Instant instant(String name, String value) {
		if (value == null) {
			return null;
		}
		try {
			if (value.length() == 10) {
				return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			return Instant.parse(value);
		}
		catch (DateTimeException ex) {
			throw new InvalidQueryException(name, name + ": an ISO-8601 instant such as 2026-11-20T00:00:00Z, "
					+ "or a date such as 2026-11-20 meaning its start in UTC.");
		}
	}

	private static boolean details(String value) {
		if (value == null) {
			return true;
		}
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new InvalidQueryException("details", "details: true or false.");
		};
	}

	private static int pageSize(String value) {
		if (value == null) {
			return MAX_PAGE_SIZE;
		}
		int size = NUMBER.matcher(value).matches() ? Integer.parseInt(value) : 0;
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw new InvalidQueryException("pageSize", "pageSize: a whole number from 1 to 50.");
		}
		return size;
	}

}
