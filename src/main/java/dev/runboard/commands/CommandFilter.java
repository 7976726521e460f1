package dev.runboard.commands;

import dev.runboard.aws.CommandQuery;
import dev.runboard.aws.QueryRules;
import dev.runboard.web.Link;
import dev.runboard.web.QueryParameters;
import dev.runboard.web.RequestBinder;

/**
 * What the commands view shows, as its link says.
 */
final class CommandFilter {

	private CommandFilter() {
	}

	/**
	 * Handlers take a {@link CommandQuery} argument bound by this: blank values count as
	 * absent, unknown parameters are ignored.
	 */
	static RequestBinder<CommandQuery> binder() {
		return RequestBinder
			.of(CommandQuery.class,
					(values) -> new CommandQuery(
							QueryParameters.oneOf("status", values.single("status"), CommandQuery.STATUSES),
							QueryParameters.document(values.single("document")),
							QueryParameters.instant("after", values.single("after")),
							QueryParameters.instant("before", values.single("before")), QueryParameters
								.oneOf("executionStage", values.single("executionStage"), CommandQuery.STAGES),
							QueryParameters.pageSize(values.single("pageSize"))));
	}

	/**
	 * The link to {@code path} with the parameters of {@code query} that differ from the
	 * defaults, in a stable order: the canonical, shareable form of the view.
	 */
	static Link link(String path, CommandQuery query) {
		return Link.to(path)
			.with("status", query.status())
			.with("document", query.document())
			.with("after", query.after())
			.with("before", query.before())
			.with("executionStage", query.stage())
			.with("pageSize", (query.pageSize() != QueryRules.MAX_PAGE_SIZE) ? query.pageSize() : null);
	}

}
