package dev.runboard.notifications;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.runboard.aws.CommandView;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Sources;
import dev.runboard.commands.CommandLinks;
import dev.runboard.commands.CommandSummaries;
import dev.runboard.commands.CommandSummary.FailureGroup;
import dev.runboard.history.FinalCommand;

/**
 * Writes what a message says about a command that settled: its counts per status and its
 * largest failure groups as the command page groups them
 * ({@link CommandSummaries#failureGroups}), with the telling lines only for a rule that
 * may show output, and the command page's absolute link.
 */
class Notices {

	/** The most failure groups a message lists. */
	static final int GROUPS = 5;

	/** {@code Rerun of <commandId> by <user>}, as Runboard writes a rerun's comment. */
	private static final Pattern RERUN = Pattern.compile(
			"Rerun of ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}) by (\\S.{0,63}?)(?: #\\w{1,8})?");

	private final Sources sources;

	private final String publicUrl;

	/**
	 * @param publicUrl where users reach Runboard, without a trailing slash
	 */
	Notices(Sources sources, String publicUrl) {
		this.sources = sources;
		this.publicUrl = publicUrl;
	}

	/** The notice of a command that settled, for a rule. */
	Notice of(FinalCommand settled, List<InvocationView> invocations, boolean includeOutput) {
		CommandView command = settled.command().command();
		Map<String, Integer> counts = new LinkedHashMap<>();
		CommandSummaries.countByStatus(invocations)
			.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
			.forEach((entry) -> counts.put(entry.getKey(), entry.getValue()));
		List<FailureGroup> groups = CommandSummaries.failureGroups(invocations, includeOutput);
		List<Notice.Group> shown = groups.stream()
			.limit(GROUPS)
			.map((group) -> new Notice.Group(group.count(), group.signature().reason(),
					includeOutput ? group.signature().line() : null))
			.toList();
		int failing = (int) invocations.stream()
			.filter((invocation) -> InvocationView.FAILING.contains(invocation.status()))
			.count();
		String link = new CommandLinks(command.commandId(), this.sources.shown(settled.source())).page();
		return new Notice(command.commandId(), command.documentName(), command.comment(),
				rerun(command.comment()).map((rerun) -> rerun.group(2)).orElse(null), settled.source().label(),
				command.status(), Math.max(command.targetCount(), invocations.size()), counts, failing, shown,
				this.publicUrl + link);
	}

	/** The message an operator sends to try a rule's target. */
	Notice test(NotificationRule rule) {
		return new Notice(null, "Runboard test message", "Sent from /notifications to try the rule " + rule.name(),
				null, "Runboard", "Success", 0, Map.of(), 0, List.of(), this.publicUrl + "/notifications");
	}

	/**
	 * The command a command reruns, when its comment says it is a rerun Runboard sent.
	 */
	static Optional<String> rerunOf(String comment) {
		return rerun(comment).map((rerun) -> rerun.group(1));
	}

	private static Optional<Matcher> rerun(String comment) {
		if (comment == null) {
			return Optional.empty();
		}
		Matcher matcher = RERUN.matcher(comment);
		return matcher.matches() ? Optional.of(matcher) : Optional.empty();
	}

}
