package dev.runboard.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A {@code ListCommandInvocations} query with one status at most: every value here is one
 * SSM accepts, so building the request never fails and never needs a round trip to find
 * out.
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

	/**
	 * The status filter values SSM matches against {@code StatusDetails} rather than
	 * {@code Status}, each with the response status whose invocations it is a subset of.
	 */
	public static final Map<String, String> DETAIL_STATUSES = Map.of("AccessDenied", "Failed", "Undeliverable",
			"Failed", "InvalidPlatform", "Failed", "Terminated", "Failed", "DeliveryTimedOut", "TimedOut",
			"ExecutionTimedOut", "TimedOut");

	/** Every invocation, with details, a full page at a time. */
	public static final InvocationQuery ALL = new InvocationQuery(null, null, null, null, null, null, true,
			QueryRules.MAX_PAGE_SIZE);

	public InvocationQuery {
		if (instanceId != null && "Pending".equals(status)) {
			throw new InvalidQueryException("status",
					"status: Pending cannot be combined with instanceId; SSM lists pending invocations only "
							+ "across all nodes. Remove instanceId or choose another status.");
		}
		QueryRules.order(after, before);
		QueryRules.pageSize(pageSize);
	}

	/** All invocations of one command, a full page at a time. */
	public static InvocationQuery ofCommand(String commandId, boolean details) {
		return new InvocationQuery(commandId, null, null, null, null, null, details, QueryRules.MAX_PAGE_SIZE);
	}

	/** True when no filter narrows the result. */
	public boolean unfiltered() {
		return this.commandId == null && this.instanceId == null && this.status == null && this.document == null
				&& this.after == null && this.before == null;
	}

	/** This query with another status filter ({@code null} for any). */
	public InvocationQuery withStatus(String newStatus) {
		return new InvocationQuery(this.commandId, this.instanceId, newStatus, this.document, this.after, this.before,
				this.details, this.pageSize);
	}

	/** This query with another document filter ({@code null} for any). */
	public InvocationQuery withDocument(String newDocument) {
		return new InvocationQuery(this.commandId, this.instanceId, this.status, newDocument, this.after, this.before,
				this.details, this.pageSize);
	}

	/** This query with another page size. */
	public InvocationQuery withPageSize(int newPageSize) {
		return new InvocationQuery(this.commandId, this.instanceId, this.status, this.document, this.after, this.before,
				this.details, newPageSize);
	}

}
