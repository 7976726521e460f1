package dev.runboard.commands;

import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.web.Polled;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The command page: what ran and where (one {@code ListCommands} call, before first
 * paint), then, loaded by the page, how it went and what failed and why (the summary,
 * read from the command's invocations) and its invocations (the table's own rows).
 */
@Controller
class CommandController {

	static final String VIEW_COMMAND = "commands/command";

	static final String VIEW_SUMMARY = "commands/summary :: summary";

	private final Sources sources;

	private final CommandSummaries summaries;

	CommandController(Sources sources, CommandSummaries summaries) {
		this.sources = sources;
		this.summaries = summaries;
	}

	@GetMapping(CommandLinks.PAGE)
	String page(CommandKey key, Source source, Model model) {
		addCommand(key, source, model);
		return VIEW_COMMAND;
	}

	/**
	 * How the command went. While it runs, the summary polls this URL, and its status and
	 * counts move with it.
	 */
	@Polled
	@GetMapping(CommandLinks.PAGE + "/summary")
	String summary(CommandKey key, Source source, Model model) {
		CommandDetail command = addCommand(key, source, model);
		model.addAttribute("summary", this.summaries.summary(source, command));
		return VIEW_SUMMARY;
	}

	private CommandDetail addCommand(CommandKey key, Source source, Model model) {
		CommandDetail command = source.runCommand().command(key.commandId());
		model.addAttribute("command", command);
		model.addAttribute("source", source);
		model.addAttribute("links", new CommandLinks(command.command().commandId(), this.sources.shown(source)));
		return command;
	}

}
