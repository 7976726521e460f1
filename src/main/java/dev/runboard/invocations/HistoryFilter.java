package dev.runboard.invocations;

import dev.runboard.aws.InvalidQueryException;
import dev.runboard.aws.InvocationQuery;
import dev.runboard.aws.Sources;
import dev.runboard.history.HistoryQuery;
import dev.runboard.web.Link;
import dev.runboard.web.RequestBinder;

/**
 * What a view of history shows, as its link says: the filters of {@code /invocations},
 * with their meaning there ({@link InvocationFilter}). The store answers any of them with
 * one query, so unlike the live table a history view has no limit on statuses × accounts
 * and regions. Searching output ({@code q}) belongs here when it comes; until then a link
 * carrying it is refused rather than answered as if it were not there.
 *
 * @param invocations the filters of the invocations table
 */
public record HistoryFilter(InvocationFilter invocations) {

	/** The search parameter of history views, not served yet. */
	static final String SEARCH = "q";

	/** Handlers take a {@code HistoryFilter} argument bound by this. */
	static RequestBinder<HistoryFilter> binder(Sources sources) {
		return RequestBinder.of(HistoryFilter.class, (values) -> {
			if (values.single(SEARCH) != null) {
				throw new InvalidQueryException(SEARCH,
						SEARCH + ": searching history is not available in this "
								+ "version of Runboard; narrow the view with status, document, commandId, instanceId, "
								+ "after and before.");
			}
			return new HistoryFilter(InvocationFilter.from(values.parameters(), sources, Integer.MAX_VALUE));
		});
	}

	/** What the store is asked for, a page of {@code pageSize} rows at a time. */
	public HistoryQuery query(Sources sources) {
		InvocationQuery query = this.invocations.query();
		return new HistoryQuery(query.commandId(), query.instanceId(), this.invocations.statuses(), query.document(),
				query.after(), query.before(), sources.select(this.invocations.account(), this.invocations.region()),
				query.pageSize(), query.details());
	}

	/** This filter reading full pages, as exports do whatever the view's page size. */
	public HistoryFilter withFullPages() {
		return new HistoryFilter(this.invocations.withFullPages());
	}

	/** The canonical, shareable link to {@code path} with this filter. */
	public Link link(String path) {
		return this.invocations.link(path);
	}

}
