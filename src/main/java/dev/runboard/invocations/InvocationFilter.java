package dev.runboard.invocations;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.runboard.aws.InvalidQueryException;
import dev.runboard.aws.InvocationQuery;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.QueryRules;
import dev.runboard.aws.Sources;
import dev.runboard.web.Link;
import dev.runboard.web.QueryParameters;
import dev.runboard.web.RequestBinder;

import org.springframework.util.MultiValueMap;

/**
 * What the invocations table shows, as its link says: every filter but the status, the
 * statuses asked for (SSM filters one per call), and the accounts and regions to read.
 * Each status in each source is one stream of pages; {@link MergedInvocations} merges
 * them.
 *
 * @param query every filter but the status
 * @param statuses the statuses as given in the link ({@code problems} kept as such), in
 * order; empty for any status
 * @param account an account name, {@link Sources#ALL}, or {@code null} (every one)
 * @param region a region, {@link Sources#ALL}, or {@code null} (every one)
 */
public record InvocationFilter(InvocationQuery query, List<String> statuses, String account, String region) {

	/** The {@code status} shortcut for every failing final status. */
	public static final String PROBLEMS = "problems";

	/**
	 * The statuses {@code problems} stands for. SSM reports every failing final
	 * invocation with one of these response statuses; the finer filter values
	 * (AccessDenied, Undeliverable, InvalidPlatform and Terminated under Failed;
	 * DeliveryTimedOut and ExecutionTimedOut under TimedOut) match subsets of them, so
	 * asking for those too would list invocations twice.
	 */
	public static final List<String> PROBLEM_STATUSES = InvocationView.FAILING;

	/** Each finer status filter value and the response status that includes it. */
	private static final Map<String, String> COARSER = InvocationQuery.DETAIL_STATUSES;

	/** What the status selector offers: the shortcut, then every SSM value. */
	public static final List<String> STATUS_CHOICES;

	static {
		List<String> choices = new ArrayList<>();
		choices.add(PROBLEMS);
		choices.addAll(InvocationQuery.STATUSES);
		STATUS_CHOICES = List.copyOf(choices);
	}

	public InvocationFilter {
		statuses = List.copyOf(statuses);
		// Each stream's query checks what SSM would refuse, such as Pending with a node.
		streamStatuses(statuses).forEach(query::withStatus);
	}

	/**
	 * Reads a filter from request parameters. Blank values count as absent, so a
	 * submitted form with blank fields means "no filter"; {@code status} may repeat;
	 * {@code region} and {@code account} name a configured one or {@code all}. Parameters
	 * the table does not know are ignored, except {@code executionStage}, which users
	 * carry over from the commands view and which SSM would reject here.
	 * @param maxStreams the most streams (statuses × accounts and regions) the view may
	 * read: the most SSM calls one of its pages may cost
	 * @throws InvalidQueryException naming the first parameter that is not acceptable
	 */
	public static InvocationFilter from(MultiValueMap<String, String> parameters, Sources sources, int maxStreams) {
		for (String name : parameters.keySet()) {
			if (name.equalsIgnoreCase("executionStage") && QueryParameters.single(parameters, name) != null) {
				throw new InvalidQueryException(name, "executionStage: not a filter of invocations. ExecutionStage "
						+ "(Executing, Complete) only filters commands; to narrow invocations use status.");
			}
		}
		Set<String> statuses = new LinkedHashSet<>();
		for (String value : parameters.getOrDefault("status", List.of())) {
			if (value != null && !value.isBlank()) {
				statuses.add(QueryParameters.oneOf("status", value.strip(), STATUS_CHOICES));
			}
		}
		InvocationQuery query = new InvocationQuery(
				QueryParameters.commandId(QueryParameters.single(parameters, "commandId")),
				QueryParameters.instanceId(QueryParameters.single(parameters, "instanceId")), null,
				QueryParameters.document(QueryParameters.single(parameters, "document")),
				QueryParameters.instant("after", QueryParameters.single(parameters, "after")),
				QueryParameters.instant("before", QueryParameters.single(parameters, "before")),
				QueryParameters.details(QueryParameters.single(parameters, "details")),
				QueryParameters.pageSize(QueryParameters.single(parameters, "pageSize")));
		InvocationFilter filter = new InvocationFilter(query, List.copyOf(statuses),
				sources.accountNamed(QueryParameters.single(parameters, "account"), true),
				sources.regionNamed(QueryParameters.single(parameters, "region"), true));
		int streamStatuses = filter.streamStatuses().size();
		int read = sources.select(filter.account(), filter.region()).size();
		if (streamStatuses * read > maxStreams) {
			throw new InvalidQueryException("status",
					"status: this view would read " + streamStatuses * read
							+ " streams, one per status in each account and region (" + streamStatuses + " × " + read
							+ "), and one page may cost at most " + maxStreams
							+ " SSM calls (runboard.invocations.max-streams)."
							+ " Ask for fewer statuses (problems stands for Failed, TimedOut and Cancelled), or name a "
							+ "region or account.");
		}
		return filter;
	}

	/** Handlers take an {@code InvocationFilter} argument bound by this. */
	static RequestBinder<InvocationFilter> binder(Sources sources, int maxStreams) {
		return RequestBinder.of(InvocationFilter.class, (values) -> from(values.parameters(), sources, maxStreams));
	}

	/**
	 * The status of each stream, in {@link InvocationQuery#STATUSES} order, without one
	 * that a coarser status asked for already includes; a single {@code null} for any
	 * status.
	 */
	public List<String> streamStatuses() {
		return streamStatuses(this.statuses);
	}

	private static List<String> streamStatuses(List<String> statuses) {
		if (statuses.isEmpty()) {
			return Collections.singletonList(null);
		}
		Set<String> wanted = new LinkedHashSet<>();
		for (String status : statuses) {
			if (PROBLEMS.equals(status)) {
				wanted.addAll(PROBLEM_STATUSES);
			}
			else {
				wanted.add(status);
			}
		}
		return InvocationQuery.STATUSES.stream()
			.filter(wanted::contains)
			.filter((status) -> !wanted.contains(COARSER.get(status)))
			.toList();
	}

	/** The query one stream sends: this filter's query with one status. */
	public InvocationQuery streamQuery(String status) {
		return this.query.withStatus(status);
	}

	/** This filter with another document filter ({@code null} for any). */
	public InvocationFilter withDocument(String document) {
		return new InvocationFilter(this.query.withDocument(document), this.statuses, this.account, this.region);
	}

	/** This filter reading full pages, as exports do whatever the table's page size. */
	public InvocationFilter withFullPages() {
		return new InvocationFilter(this.query.withPageSize(QueryRules.MAX_PAGE_SIZE), this.statuses, this.account,
				this.region);
	}

	/**
	 * The link to {@code path} with this filter: the parameters that differ from the
	 * defaults, in a stable order, the canonical, shareable form of this filter.
	 */
	public Link link(String path) {
		InvocationQuery query = this.query;
		Link link = Link.to(path).with("commandId", query.commandId()).with("instanceId", query.instanceId());
		this.statuses.forEach((status) -> link.with("status", status));
		// Every account and region is what a link without them shows: no need to say
		// "all".
		return link.with("document", query.document())
			.with("after", query.after())
			.with("before", query.before())
			.with("details", query.details() ? null : "false")
			.with("pageSize", (query.pageSize() != QueryRules.MAX_PAGE_SIZE) ? query.pageSize() : null)
			.with("account", Sources.ALL.equals(this.account) ? null : this.account)
			.with("region", Sources.ALL.equals(this.region) ? null : this.region);
	}

	/** True when no filter narrows the result. */
	public boolean unfiltered() {
		return this.query.unfiltered() && this.statuses.isEmpty();
	}

	/** Whether the status selector shows this value as chosen. */
	public boolean chosen(String status) {
		return this.statuses.size() == 1 && this.statuses.get(0).equals(status);
	}

}
