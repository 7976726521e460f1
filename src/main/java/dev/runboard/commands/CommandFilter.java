package dev.runboard.commands;

import dev.runboard.aws.CommandQuery;
import dev.runboard.aws.QueryRules;
import dev.runboard.web.Link;
import dev.runboard.web.QueryParameters;
import dev.runboard.web.RequestBinder;

/**
 * What the commands view shows, as its link says. The account and region it reads are the
 * {@code Source} its link names, bound apart.
 *
 * @param query the {@code ListCommands} filters
 */
public record CommandFilter(CommandQuery query) {

	/**
	 * Handlers take a {@code CommandFilter} argument bound by this: blank values count as
	 * absent, unknown parameters are ignored.
	 */
	static RequestBinder<CommandFilter> binder() {
		return RequestBinder
			.of(CommandFilter.class,
					(values) -> new CommandFilter(new CommandQuery(
							QueryParameters.oneOf("status", values.single("status"), CommandQuery.STATUSES),
							QueryParameters.document(values.single("document")),
							QueryParameters.instant("after", values.single("after")),
							QueryParameters.instant("before", values.single("before")), QueryParameters
								.oneOf("executionStage", values.single("executionStage"), CommandQuery.STAGES),
							QueryParameters.pageSize(values.single("pageSize")))));
	}

	/**
	 * The link to {@code path} with this filter: the parameters that differ from the
	 * defaults, in a stable order, the canonical, shareable form of the view.
	 */
	public Link link(String path) {
		return Link.to(path)
			.with("status", this.query.status())
			.with("document", this.query.document())
			.with("after", this.query.after())
			.with("before", this.query.before())
			.with("executionStage", this.query.stage())
			.with("pageSize", (this.query.pageSize() != QueryRules.MAX_PAGE_SIZE) ? this.query.pageSize() : null);
	}

	/** This filter with another document filter ({@code null} for any). */
	public CommandFilter withDocument(String document) {
		return new CommandFilter(this.query.withDocument(document));
	}

	/** True when no filter narrows the result. */
	public boolean unfiltered() {
		return this.query.unfiltered();
	}

}
