package dev.runboard.invocations;

import dev.runboard.aws.InvalidQueryException;
import dev.runboard.aws.InvocationQuery;
import dev.runboard.aws.Sources;
import dev.runboard.history.HistoryQuery;
import dev.runboard.history.SearchTerms;
import dev.runboard.web.Link;
import dev.runboard.web.RequestBinder;

/**
 * What a view of history shows, as its link says: the filters of {@code /invocations},
 * with their meaning there ({@link InvocationFilter}), what {@code q} searches for, and a
 * failure signature. The store answers any of them with one query, so unlike the live
 * table a history view has no limit on statuses × accounts and regions.
 *
 * @param invocations the filters of the invocations table
 * @param q the search as written, or {@code null}
 * @param search what {@code q} asks for ({@link SearchTerms}), or {@code null}
 * @param signature a failure signature as the command page shows it, or {@code null}
 */
public record HistoryFilter(InvocationFilter invocations, String q, SearchTerms search, String signature) {

	/** The search parameter of history views. */
	static final String SEARCH = "q";

	/**
	 * The parameter naming a failure signature: the invocations kept with it, as a
	 * command page's failure group links to them.
	 */
	static final String SIGNATURE = "signature";

	/** The longest signature: the command page's line (240) and how it ended. */
	static final int MAX_SIGNATURE = 400;

	/** A history view without search. */
	public HistoryFilter(InvocationFilter invocations) {
		this(invocations, null, null, null);
	}

	/** Handlers take a {@code HistoryFilter} argument bound by this. */
	static RequestBinder<HistoryFilter> binder(Sources sources) {
		return RequestBinder.of(HistoryFilter.class, (values) -> {
			String q = values.single(SEARCH);
			SearchTerms search = SearchTerms.parse(q);
			String signature = values.single(SIGNATURE);
			if (signature != null) {
				signature = signature.strip();
				if (signature.length() > MAX_SIGNATURE || signature.chars().anyMatch(Character::isISOControl)) {
					throw new InvalidQueryException(SIGNATURE,
							SIGNATURE + ": a failure signature as a command page shows it, at most " + MAX_SIGNATURE
									+ " characters on one line.");
				}
			}
			return new HistoryFilter(InvocationFilter.from(values.parameters(), sources, Integer.MAX_VALUE),
					(search != null) ? q.strip() : null, search, signature);
		});
	}

	/**
	 * What the store is asked for, a page of {@code pageSize} rows at a time.
	 * @param output whether the search may read output (the output role)
	 */
	public HistoryQuery query(Sources sources, boolean output) {
		InvocationQuery query = this.invocations.query();
		return new HistoryQuery(query.commandId(), query.instanceId(), this.invocations.statuses(), query.document(),
				query.after(), query.before(), sources.select(this.invocations.account(), this.invocations.region()),
				query.pageSize(), query.details(), this.search, this.signature, output);
	}

	/** Whether this view searches, by {@code q} or by a failure signature. */
	public boolean searching() {
		return this.search != null || this.signature != null;
	}

	/** This filter reading full pages, as exports do whatever the view's page size. */
	public HistoryFilter withFullPages() {
		return new HistoryFilter(this.invocations.withFullPages(), this.q, this.search, this.signature);
	}

	/** The canonical, shareable link to {@code path} with this filter. */
	public Link link(String path) {
		return this.invocations.link(path).with(SEARCH, this.q).with(SIGNATURE, this.signature);
	}

	/** Whether no filter narrows the result. */
	public boolean unfiltered() {
		return this.invocations.unfiltered() && !searching();
	}

}
