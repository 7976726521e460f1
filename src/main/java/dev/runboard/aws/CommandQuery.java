package dev.runboard.aws;

import java.time.Instant;
import java.util.List;

/**
 * A {@code ListCommands} query whose every value SSM accepts.
 *
 * @param status one of {@link #STATUSES} or {@code null}
 * @param document document name or {@code null}
 * @param after invoked at or after this instant, or {@code null}
 * @param before invoked at or before this instant, or {@code null}
 * @param stage one of {@link #STAGES} or {@code null}
 * @param pageSize {@code MaxResults}, 1–50
 */
public record CommandQuery(String status, String document, Instant after, Instant before, String stage, int pageSize) {

	/** Status filter values {@code ListCommands} accepts. */
	public static final List<String> STATUSES = List.of("Pending", "InProgress", "Success", "Cancelled", "Failed",
			"TimedOut", "Cancelling");

	/** {@code ExecutionStage} filter values, which only {@code ListCommands} takes. */
	public static final List<String> STAGES = List.of("Executing", "Complete");

	public CommandQuery {
		QueryRules.order(after, before);
		QueryRules.pageSize(pageSize);
	}

	public boolean unfiltered() {
		return this.status == null && this.document == null && this.after == null && this.before == null
				&& this.stage == null;
	}

	/** This query with another document filter ({@code null} for any). */
	public CommandQuery withDocument(String newDocument) {
		return new CommandQuery(this.status, newDocument, this.after, this.before, this.stage, this.pageSize);
	}

}
