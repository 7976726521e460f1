package dev.runboard.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.runboard.aws.InvalidQueryException;
import dev.runboard.aws.InvocationQuery;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.QueryRules;
import dev.runboard.aws.Source;

/**
 * What a view of recorded invocations asks the store for: the filters of
 * {@code /invocations}, with their meaning there.
 *
 * @param commandId command ID or {@code null}
 * @param instanceId node ID or {@code null}
 * @param statuses SSM's status filter values, or {@link #PROBLEMS} for every failing
 * final status; a value SSM matches against {@code StatusDetails} (such as
 * {@code AccessDenied}) matches it there, as SSM does; empty for any status
 * @param document document name or {@code null}
 * @param after requested at or after this instant, or {@code null}
 * @param before requested at or before this instant, or {@code null}
 * @param sources the accounts and regions to read, at least one
 * @param pageSize rows per page, 1–50
 * @param details whether rows carry their plugins and output
 * @param search what {@code q} asks for, or {@code null}
 * @param signature a failure signature (as the command page shows it) rows must have been
 * kept with, by the rules' current version; or {@code null}
 * @param output whether search may read output: without, {@code q} matches the command
 * ID, node ID and name, document and comment only
 */
public record HistoryQuery(String commandId, String instanceId, List<String> statuses, String document, Instant after,
		Instant before, List<Source> sources, int pageSize, boolean details, SearchTerms search, String signature,
		boolean output) {

	/** A query without search. */
	public HistoryQuery(String commandId, String instanceId, List<String> statuses, String document, Instant after,
			Instant before, List<Source> sources, int pageSize, boolean details) {
		this(commandId, instanceId, statuses, document, after, before, sources, pageSize, details, null, null, true);
	}

	/** The status shortcut for every failing final status. */
	public static final String PROBLEMS = "problems";

	public HistoryQuery {
		statuses = List.copyOf(statuses);
		sources = List.copyOf(sources);
		for (String status : statuses) {
			if (!PROBLEMS.equals(status) && !InvocationQuery.STATUSES.contains(status)) {
				throw new InvalidQueryException("status", "status: accepted values are " + PROBLEMS + ", "
						+ String.join(", ", InvocationQuery.STATUSES) + ".");
			}
		}
		if (sources.isEmpty()) {
			throw new IllegalArgumentException("at least one source");
		}
		QueryRules.order(after, before);
		QueryRules.pageSize(pageSize);
	}

	/** The response statuses asked for, {@link #PROBLEMS} spelt out. */
	Set<String> responseStatuses() {
		Set<String> wanted = new LinkedHashSet<>();
		for (String status : this.statuses) {
			if (PROBLEMS.equals(status)) {
				wanted.addAll(InvocationView.FAILING);
			}
			else if (!InvocationQuery.DETAIL_STATUSES.containsKey(status)) {
				wanted.add(status);
			}
		}
		return wanted;
	}

	/** The finer statuses asked for, matched against {@code StatusDetails}. */
	List<String> detailStatuses() {
		return this.statuses.stream().filter(InvocationQuery.DETAIL_STATUSES::containsKey).toList();
	}

	/**
	 * What a cursor of this query is bound to: every filter, the page size and the
	 * sources, so a cursor pages only through the view it was issued for.
	 */
	String view() {
		List<String> sourceNames = new ArrayList<>();
		this.sources.forEach((source) -> sourceNames.add(source.account() + "@" + source.region()));
		return String.join("\n", String.valueOf(this.commandId), String.valueOf(this.instanceId),
				String.join(",", this.statuses), String.valueOf(this.document), String.valueOf(this.after),
				String.valueOf(this.before), String.join(",", sourceNames), String.valueOf(this.pageSize),
				String.valueOf(this.details), (this.search != null) ? this.search.canonical() : "",
				String.valueOf(this.signature), String.valueOf(this.output));
	}

}
