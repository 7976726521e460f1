package dev.runboard.commands;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.runboard.aws.CommandView;
import dev.runboard.aws.Page;
import dev.runboard.aws.Source;
import dev.runboard.security.ViewName;
import dev.runboard.web.ChatSummary;
import dev.runboard.web.PublicLinks;
import dev.runboard.web.Wording;

import org.springframework.stereotype.Component;

/**
 * The summaries of a command and of the commands view to paste into chat. A command's
 * counts what its summary read (every invocation up to
 * {@code runboard.commands.summary-max-pages}); the view's counts the commands of its
 * first page, the ones the page shows when it opens, at no SSM call beyond the page's
 * own.
 */
@Component
class CommandChatSummaries {

	private final PublicLinks links;

	CommandChatSummaries(PublicLinks links) {
		this.links = links;
	}

	/**
	 * @param output whether the user may read output, and so the groups tell what their
	 * nodes printed
	 */
	ChatSummary command(CommandView command, CommandSummary summary, CommandLinks links, Source source,
			boolean output) {
		List<String> facts = new ArrayList<>();
		facts.add(command.documentName());
		if (command.comment() != null && !command.comment().isBlank()) {
			facts.add("“" + command.comment().strip() + "”");
		}
		facts.add(source.label());
		facts.add(command.status());
		List<String> notes = new ArrayList<>();
		if (summary.sampled()) {
			notes.add("Counted: the first " + summary.read() + " invocations of the "
					+ Wording.count(command.targetCount(), "node") + " it was sent to.");
		}
		if (command.running()) {
			notes.add("Still running.");
		}
		List<ChatSummary.Group> groups = (output ? summary.failures() : summary.failuresWithoutOutput()).stream()
			.limit(ChatSummary.MAX_GROUPS)
			.map((group) -> group.chat("node"))
			.toList();
		String counts = summary.empty() ? "No invocations listed yet."
				: Wording.count(summary.read(), "invocation") + ": "
						+ counted(summary.statuses()
							.stream()
							.map((status) -> Map.entry(status.status(), status.count()))
							.toList());
		return new ChatSummary("Command " + command.commandId(), facts, counts, notes, "Largest failure groups", groups,
				this.links.absolute(links.page()));
	}

	/**
	 * @param name the view's name
	 * @param page its first page
	 * @param shareUrl its link, relative to the application
	 */
	ChatSummary commands(ViewName name, Page<CommandView> page, String shareUrl) {
		List<CommandView> commands = page.items();
		List<String> notes = new ArrayList<>();
		if (!page.last()) {
			notes.add("Counted: the newest " + commands.size() + "; the view lists more.");
		}
		List<ChatSummary.Group> groups = commands.stream()
			.filter((command) -> failed(command) > 0)
			.sorted(Comparator.comparingInt(CommandChatSummaries::failed).reversed())
			.limit(ChatSummary.MAX_GROUPS)
			.map((command) -> new ChatSummary.Group(
					failed(command) + " of " + Wording.count(command.targetCount(), "node") + " failed",
					command.documentName() + " · command " + Wording.shortId(command.commandId()), null))
			.toList();
		String counts = commands.isEmpty() ? "No commands match."
				: Wording.count(commands.size(), "command") + ": "
						+ counted(CommandSummaries.countStatuses(commands.stream().map(CommandView::status).toList())
							.entrySet()
							.stream()
							.toList());
		return new ChatSummary(name.name(), List.of(), counts, notes, "Most failed nodes", groups,
				this.links.absolute(shareUrl));
	}

	/** Its nodes that failed or were never reached. */
	private static int failed(CommandView command) {
		return command.errorCount() + command.deliveryTimedOutCount();
	}

	private static String counted(List<Map.Entry<String, Integer>> counts) {
		return String.join(", ", counts.stream().map((count) -> count.getValue() + " " + count.getKey()).toList());
	}

}
