package dev.runboard.ssm;

import static dev.runboard.ssm.Parameters.instant;
import static dev.runboard.ssm.Parameters.oneOf;
import static dev.runboard.ssm.Parameters.single;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.util.MultiValueMap;

/**
 * A validated {@code ListCommands} query.
 *
 * @param status one of {@link #STATUSES} or {@code null}
 * @param document document name or {@code null}
 * @param after invoked at or after this instant, or {@code null}
 * @param before invoked at or before this instant, or {@code null}
 * @param stage {@code Executing}, {@code Complete} or {@code null}
 * @param pageSize {@code MaxResults}, 1–50
 */
public record CommandQuery(String status, String document, Instant after, Instant before, String stage, int pageSize) {

	/** Status filter values {@code ListCommands} accepts. */
	public static final List<String> STATUSES = List.of("Pending", "InProgress", "Success", "Cancelled", "Failed",
			"TimedOut", "Cancelling");

	/** {@code ExecutionStage} filter values. */
	public static final List<String> STAGES = List.of("Executing", "Complete");

	public CommandQuery {
		if (after != null && before != null && after.isAfter(before)) {
			throw new InvalidQueryException("after", "after: " + after + " is later than before (" + before
					+ "); no command can match. Swap the two values.");
		}
		if (pageSize < 1 || pageSize > Parameters.MAX_PAGE_SIZE) {
			throw new InvalidQueryException("pageSize", "pageSize: a whole number from 1 to 50.");
		}
	}

	/**
	 * Reads a query from request parameters; blank values count as absent, unknown
	 * parameters are ignored.
	 */
	public static CommandQuery from(MultiValueMap<String, String> parameters) {
		return new CommandQuery(oneOf("status", single(parameters, "status"), STATUSES),
				Parameters.document(single(parameters, "document")), instant("after", single(parameters, "after")),
				instant("before", single(parameters, "before")),
				oneOf("executionStage", single(parameters, "executionStage"), STAGES),
				Parameters.pageSize(single(parameters, "pageSize")));
	}

	public boolean unfiltered() {
		return this.status == null && this.document == null && this.after == null && this.before == null
				&& this.stage == null;
	}

	/** The parameters that differ from the defaults, in a stable order. */
	public Map<String, String> parameters() {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (this.status != null) {
			parameters.put("status", this.status);
		}
		if (this.document != null) {
			parameters.put("document", this.document);
		}
		if (this.after != null) {
			parameters.put("after", this.after.toString());
		}
		if (this.before != null) {
			parameters.put("before", this.before.toString());
		}
		if (this.stage != null) {
			parameters.put("executionStage", this.stage);
		}
		if (this.pageSize != Parameters.MAX_PAGE_SIZE) {
			parameters.put("pageSize", Integer.toString(this.pageSize));
		}
		return parameters;
	}

	/** The URI of {@code path} with this query and an optional page token, encoded. */
	public String uri(String path, String nextToken) {
		return Parameters.uri(path, parameters(), nextToken);
	}

}
