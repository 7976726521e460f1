package dev.runboard.ssm;

import static dev.runboard.ssm.Parameters.instant;
import static dev.runboard.ssm.Parameters.oneOf;
import static dev.runboard.ssm.Parameters.single;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.util.MultiValueMap;

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

	public static final int MAX_PAGE_SIZE = Parameters.MAX_PAGE_SIZE;

	public static final InvocationQuery ALL = new InvocationQuery(null, null, null, null, null, null, true,
			MAX_PAGE_SIZE);

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
			if (name.equalsIgnoreCase("executionStage") && Parameters.single(parameters, name) != null) {
				throw new InvalidQueryException(name, "executionStage: not a filter of invocations. ExecutionStage "
						+ "(Executing, Complete) only filters commands; to narrow invocations use status.");
			}
		}
		return new InvocationQuery(Parameters.commandId(single(parameters, "commandId")),
				Parameters.instanceId(single(parameters, "instanceId")),
				oneOf("status", single(parameters, "status"), STATUSES),
				Parameters.document(single(parameters, "document")), instant("after", single(parameters, "after")),
				instant("before", single(parameters, "before")), Parameters.details(single(parameters, "details")),
				Parameters.pageSize(single(parameters, "pageSize")));
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
		return Parameters.uri(path, parameters(), nextToken);
	}

	/** This query with another status filter ({@code null} for any). */
	public InvocationQuery withStatus(String newStatus) {
		return new InvocationQuery(this.commandId, this.instanceId, newStatus, this.document, this.after, this.before,
				this.details, this.pageSize);
	}

	/** This query with another page size. */
	public InvocationQuery withPageSize(int newPageSize) {
		return new InvocationQuery(this.commandId, this.instanceId, this.status, this.document, this.after, this.before,
				this.details, newPageSize);
	}

}
