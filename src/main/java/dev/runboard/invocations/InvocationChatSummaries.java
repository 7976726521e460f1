package dev.runboard.invocations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.runboard.aws.InvocationView;
import dev.runboard.commands.CommandSummaries;
import dev.runboard.security.ViewName;
import dev.runboard.web.ChatSummary;
import dev.runboard.web.Link;
import dev.runboard.web.PublicLinks;
import dev.runboard.web.Wording;

import org.springframework.stereotype.Component;

/**
 * The summary of a filtered table to paste into chat. It counts the table's first page,
 * the rows the page shows when it opens (at most {@code pageSize} of them, newest first),
 * so it costs no SSM call beyond the page's own; when there are more, it says the counts
 * are of the newest ones. Reading every page of a view to count it could cost hundreds of
 * calls, and the command page is where a whole command is counted.
 */
@Component
class InvocationChatSummaries {

	private final PublicLinks links;

	InvocationChatSummaries(PublicLinks links) {
		this.links = links;
	}

	/**
	 * @param path the view's path: the table's, or history's
	 * @param name the view's name
	 * @param invocations the first page's invocations, as the user may see them
	 * @param more whether the view lists more than these
	 * @param unread whether some of its accounts and regions could not be read
	 * @param output whether the user may read output, and so the groups tell what their
	 * invocations printed
	 */
	ChatSummary summary(InvocationFilter filter, String path, ViewName name, List<InvocationView> invocations,
			boolean more, boolean unread, boolean output) {
		return summary(filter.link(path), name, invocations, more, unread, output);
	}

	/** The same, for a view whose link says more than the table's filters (a search). */
	ChatSummary summary(Link link, ViewName name, List<InvocationView> invocations, boolean more, boolean unread,
			boolean output) {
		List<String> notes = new ArrayList<>();
		if (more) {
			notes.add("Counted: the newest " + invocations.size() + "; the view lists more.");
		}
		if (unread) {
			notes.add("Some accounts or regions could not be read and are not counted.");
		}
		List<ChatSummary.Group> groups = CommandSummaries.failureGroups(invocations, output)
			.stream()
			.limit(ChatSummary.MAX_GROUPS)
			.map((group) -> group.chat("invocation"))
			.toList();
		return new ChatSummary(name.name(), List.of(), counts(invocations), notes, "Largest failure groups", groups,
				this.links.absolute(link.toString()));
	}

	private static String counts(List<InvocationView> invocations) {
		if (invocations.isEmpty()) {
			return "No invocations match.";
		}
		List<String> counts = new ArrayList<>();
		for (Map.Entry<String, Integer> count : CommandSummaries.countByStatus(invocations).entrySet()) {
			counts.add(count.getValue() + " " + count.getKey());
		}
		return Wording.count(invocations.size(), "invocation") + ": " + String.join(", ", counts);
	}

}
