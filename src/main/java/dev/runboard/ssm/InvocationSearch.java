package dev.runboard.ssm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * What the invocations table shows: an {@link InvocationQuery} without its status, the
 * statuses asked for (SSM filters one per call), and the accounts and regions to read.
 * Each status in each source is one stream of pages; {@link MergedInvocations} merges
 * them.
 *
 * @param query every filter but the status
 * @param statuses the statuses as given in the link ({@code problems} kept as such), in
 * order; empty for any status
 * @param account an account name, {@link SsmSources#ALL}, or {@code null} (every one)
 * @param region a region, {@link SsmSources#ALL}, or {@code null} (every one)
 */
public record InvocationSearch(InvocationQuery query, List<String> statuses, String account, String region) {

	/** The {@code status} shortcut for every failing final status. */
	public static final String PROBLEMS = "problems";

	/**
	 * The statuses {@code problems} stands for. SSM reports every failing final
	 * invocation with one of these response statuses; the finer filter values
	 * (AccessDenied, Undeliverable, InvalidPlatform and Terminated under Failed;
	 * DeliveryTimedOut and ExecutionTimedOut under TimedOut) match subsets of them, so
	 * asking for those too would list invocations twice.
	 */
	public static final List<String> PROBLEM_STATUSES = List.of("Failed", "TimedOut", "Cancelled");

	/** Each finer status filter value and the response status that includes it. */
	private static final Map<String, String> COARSER = Map.of("AccessDenied", "Failed", "Undeliverable", "Failed",
			"InvalidPlatform", "Failed", "Terminated", "Failed", "DeliveryTimedOut", "TimedOut", "ExecutionTimedOut",
			"TimedOut");

	/** What the status selector offers: the shortcut, then every SSM value. */
	public static final List<String> STATUS_CHOICES;

	private static final Set<String> IDENTIFIERS = Set.of("commandId", "instanceId");

	static {
		List<String> choices = new ArrayList<>();
		choices.add(PROBLEMS);
		choices.addAll(InvocationQuery.STATUSES);
		STATUS_CHOICES = List.copyOf(choices);
	}

	public InvocationSearch {
		statuses = List.copyOf(statuses);
	}

	/**
	 * Reads a search from request parameters: {@code status} may repeat, {@code region}
	 * and {@code account} name a configured one or {@code all}.
	 * @throws InvalidQueryException naming the first parameter that is not acceptable
	 */
	public static InvocationSearch from(MultiValueMap<String, String> parameters, SsmSources sources) {
		Set<String> statuses = new LinkedHashSet<>();
		for (String value : parameters.getOrDefault("status", List.of())) {
			if (value == null || value.isBlank()) {
				continue;
			}
			String status = value.strip();
			statuses
				.add(PROBLEMS.equalsIgnoreCase(status) ? PROBLEMS : Parameters.oneOf("status", status, STATUS_CHOICES));
		}
		MultiValueMap<String, String> rest = new LinkedMultiValueMap<>(parameters);
		rest.remove("status");
		rest.remove("region");
		rest.remove("account");
		InvocationQuery query = InvocationQuery.from(rest);
		String account = sources.account(Parameters.single(parameters, "account"), true);
		String region = sources.region(Parameters.single(parameters, "region"), true);
		InvocationSearch search = new InvocationSearch(query, List.copyOf(statuses), account, region);
		// Each stream's query checks what SSM would refuse, such as Pending with a node.
		search.streamStatuses().forEach(query::withStatus);
		return search;
	}

	/**
	 * The status of each stream, in {@link InvocationQuery#STATUSES} order, without one
	 * that a coarser status asked for already includes; a single {@code null} for any
	 * status.
	 */
	public List<String> streamStatuses() {
		if (this.statuses.isEmpty()) {
			return Collections.singletonList(null);
		}
		Set<String> wanted = new LinkedHashSet<>();
		for (String status : this.statuses) {
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

	/** The query one stream sends: this search's filters with one status. */
	public InvocationQuery streamQuery(String status) {
		return this.query.withStatus(status);
	}

	/**
	 * The parameters that differ from the defaults, in a stable order: the canonical,
	 * shareable form of this search.
	 */
	public MultiValueMap<String, String> parameters() {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		// The order single-status links always had: identifiers, status, the rest.
		this.query.parameters().forEach((name, value) -> {
			if (!IDENTIFIERS.contains(name)) {
				addStatuses(parameters);
			}
			parameters.add(name, value);
		});
		addStatuses(parameters);
		// Every account and region is what a link without them shows: no need to say
		// "all".
		if (this.account != null && !SsmSources.ALL.equals(this.account)) {
			parameters.add("account", this.account);
		}
		if (this.region != null && !SsmSources.ALL.equals(this.region)) {
			parameters.add("region", this.region);
		}
		return parameters;
	}

	private void addStatuses(MultiValueMap<String, String> parameters) {
		if (!parameters.containsKey("status")) {
			this.statuses.forEach((status) -> parameters.add("status", status));
		}
	}

	/** True when no filter narrows the result. */
	public boolean unfiltered() {
		return this.query.unfiltered() && this.statuses.isEmpty();
	}

	/** Whether the status selector shows this value as chosen. */
	public boolean chosen(String status) {
		return this.statuses.size() == 1 && this.statuses.get(0).equals(status);
	}

	/** The URI of {@code path} with this search, encoded, ready to put in a page. */
	public String uri(String path) {
		return uri(path, null);
	}

	/** The URI of {@code path} with this search and a page token, encoded. */
	public String uri(String path, String nextToken) {
		return Parameters.uri(path, parameters(), nextToken);
	}

}
