package dev.runboard.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.runboard.aws.CommandQuery;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.security.ViewName;
import dev.runboard.web.Wording;

import org.springframework.stereotype.Component;

/**
 * How the commands views are named, in a tab's title and in a link's preview alike, from
 * what their links say and the configuration: {@code Failed commands · eu-west-1},
 * {@code Command 88e1b2f2…}.
 */
@Component
class CommandTitles {

	private final Sources sources;

	CommandTitles(Sources sources) {
		this.sources = sources;
	}

	/**
	 * The commands view, as its filter narrows it, in the accounts and regions it reads.
	 */
	ViewName list(CommandFilter filter, CommandScope scope) {
		String place = (scope.single() == null && Sources.ALL.equals(scope.region())) ? "all regions" : scope.label();
		CommandQuery query = filter.query();
		StringBuilder name = new StringBuilder((query.status() != null) ? query.status() + " commands" : "Commands");
		if (query.stage() != null) {
			name.append(", ").append(query.stage().toLowerCase(Locale.ROOT));
		}
		if (query.document() != null) {
			name.append(" of ").append(query.document());
		}
		String period = Wording.period(query.after(), query.before());
		if (period != null) {
			name.append(' ').append(period);
		}
		name.append(" · ").append(place);

		List<String> facts = new ArrayList<>();
		if (query.status() != null) {
			facts.add("status " + query.status());
		}
		if (query.stage() != null) {
			facts.add("stage " + query.stage());
		}
		if (query.document() != null) {
			facts.add("document " + query.document());
		}
		if (period != null) {
			facts.add("requested " + period);
		}
		String description = "Commands sent with AWS Systems Manager Run Command in " + place + ", newest first"
				+ (facts.isEmpty() ? "" : ": " + String.join("; ", facts)) + ". Sign in to Runboard to see them.";
		return new ViewName(name.toString(), description);
	}

	/** A command's page. */
	ViewName command(CommandKey key, Source source) {
		String place = this.sources.moreThanOne() ? source.label() : null;
		String name = "Command " + Wording.shortId(key.commandId()) + ((place != null) ? " · " + place : "");
		String description = "What command " + key.commandId() + ((place != null) ? " in " + place : "")
				+ " ran, where, how it went and what failed. Sign in to Runboard to see it.";
		return new ViewName(name, description);
	}

}
