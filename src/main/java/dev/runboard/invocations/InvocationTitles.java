package dev.runboard.invocations;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.runboard.aws.InvocationQuery;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.security.ViewName;
import dev.runboard.web.Wording;

import org.springframework.stereotype.Component;

/**
 * How the invocations views are named, in a tab's title and in a link's preview alike,
 * from what their links say (the filter, the key, the account and region read) and the
 * configuration: {@code Failed invocations · eu-west-1}, {@code Command 88e1b2f2… on
 * i-0123456789abcdef0}.
 */
@Component
public class InvocationTitles {

	private final Sources sources;

	InvocationTitles(Sources sources) {
		this.sources = sources;
	}

	/** The table, as its filter narrows it. */
	public ViewName list(InvocationFilter filter) {
		return named(filter, "", "AWS Systems Manager Run Command invocations in ");
	}

	/**
	 * History, as its filter narrows it: {@code History: Failed invocations ·
	 * eu-west-1}.
	 */
	public ViewName history(HistoryFilter filter) {
		String prefix = "History: ";
		if (filter.q() != null) {
			String q = filter.q();
			// One phrase reads as itself inside the title's own quotes.
			if (q.length() > 2 && q.startsWith("\"") && q.endsWith("\"") && q.indexOf('"', 1) == q.length() - 1) {
				q = q.substring(1, q.length() - 1);
			}
			q = (q.length() > 60) ? q.substring(0, 59) + "…" : q;
			prefix = "History: “" + q + "” · ";
		}
		else if (filter.signature() != null) {
			prefix = "History of a failure: ";
		}
		return named(filter.invocations(), prefix,
				"AWS Systems Manager Run Command invocations that Runboard recorded, older than SSM keeps included, in ");
	}

	private ViewName named(InvocationFilter filter, String prefix, String what) {
		InvocationQuery query = filter.query();
		List<String> statuses = filter.statuses()
			.stream()
			.map((status) -> InvocationFilter.PROBLEMS.equals(status) ? "Problem" : status)
			.toList();
		StringBuilder name = new StringBuilder(prefix)
			.append(statuses.isEmpty() ? "Invocations" : Wording.and(statuses) + " invocations");
		if (query.commandId() != null) {
			name.append(" of command ").append(Wording.shortId(query.commandId()));
			if (query.document() != null) {
				name.append(" (").append(query.document()).append(')');
			}
		}
		else if (query.document() != null) {
			name.append(" of ").append(query.document());
		}
		if (query.instanceId() != null) {
			name.append(" on ").append(query.instanceId());
		}
		String period = Wording.period(query.after(), query.before());
		if (period != null) {
			name.append(' ').append(period);
		}
		String place = place(filter);
		name.append(" · ").append(place);

		List<String> facts = new ArrayList<>();
		if (!filter.statuses().isEmpty()) {
			Set<String> asked = new LinkedHashSet<>();
			filter.statuses()
				.forEach((status) -> asked.addAll(InvocationFilter.PROBLEMS.equals(status)
						? InvocationFilter.PROBLEM_STATUSES : List.of(status)));
			facts.add("status " + String.join(", ", asked));
		}
		if (query.commandId() != null) {
			facts.add("command " + query.commandId());
		}
		if (query.instanceId() != null) {
			facts.add("node " + query.instanceId());
		}
		if (query.document() != null) {
			facts.add("document " + query.document());
		}
		if (period != null) {
			facts.add("requested " + period);
		}
		String description = what + place + ", newest first" + (facts.isEmpty() ? "" : ": " + String.join("; ", facts))
				+ ". Sign in to Runboard to see them.";
		return new ViewName(name.toString(), description);
	}

	/** One invocation's page. */
	ViewName detail(InvocationKey key, Source source) {
		String place = this.sources.moreThanOne() ? source.label() : null;
		String name = "Command " + Wording.shortId(key.commandId()) + " on " + key.instanceId()
				+ ((place != null) ? " · " + place : "");
		String description = "What command " + key.commandId() + " did on node " + key.instanceId()
				+ ((place != null) ? " in " + place : "")
				+ ": every plugin, its output, links and timings. Sign in to Runboard to see it.";
		return new ViewName(name, description);
	}

	/**
	 * Where the table reads: one account and region by its label, else what the link
	 * names of them.
	 */
	private String place(InvocationFilter filter) {
		List<Source> read = this.sources.select(filter.account(), filter.region());
		if (read.size() == 1) {
			return read.get(0).label();
		}
		String account = named(filter.account()) ? filter.account() : switch (this.sources.accounts().size()) {
			case 0 -> null;
			case 1 -> this.sources.accounts().get(0);
			default -> "all accounts";
		};
		String region = named(filter.region()) ? filter.region() : "all regions";
		return Source.label(account, region);
	}

	private static boolean named(String value) {
		return value != null && !Sources.ALL.equals(value);
	}

}
