package dev.runboard.commands;

import java.util.List;
import java.util.Map;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.history.RecordedCommand;
import dev.runboard.security.OutputAccess;
import dev.runboard.web.Elsewhere;
import dev.runboard.web.Link;
import dev.runboard.web.Navigation;
import dev.runboard.web.NotFoundHere.WayOut;
import dev.runboard.web.Polled;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The command page: what ran and where (one {@code ListCommands} call, before first
 * paint), then, loaded by the page, how it went and what failed and why (the summary,
 * read from the command's invocations) and its invocations (the table's own rows). A
 * command SSM no longer lists is served from the history store, marked as such: its
 * summary from the invocations the store holds, its table history's, and no actions.
 */
@Controller
class CommandController {

	static final String VIEW_COMMAND = "commands/command";

	static final String VIEW_SUMMARY = "commands/summary :: summary";

	private final Sources sources;

	private final CommandSummaries summaries;

	private final CommandTitles titles;

	private final CommandChatSummaries chat;

	private final OutputAccess outputAccess;

	private final RecordedCommands recorded;

	private final ObjectProvider<CommandWatches> watches;

	private final FailureSightings sightings;

	CommandController(Sources sources, CommandSummaries summaries, CommandTitles titles, CommandChatSummaries chat,
			OutputAccess outputAccess, RecordedCommands recorded, ObjectProvider<CommandWatches> watches,
			FailureSightings sightings) {
		this.sources = sources;
		this.watches = watches;
		this.sightings = sightings;
		this.recorded = recorded;
		this.summaries = summaries;
		this.titles = titles;
		this.chat = chat;
		this.outputAccess = outputAccess;
	}

	/**
	 * The page; a command SSM does not list where the link looked is looked for in the
	 * other configured accounts and regions ({@link Elsewhere}).
	 */
	@GetMapping(CommandLinks.PAGE)
	String page(CommandKey key, Source source, Model model, HttpServletRequest request) {
		CommandDetail command;
		try {
			command = addCommand(key, source, model);
		}
		catch (AwsFailure ex) {
			return Elsewhere.redirect(ex, this.sources, source, request, "the command",
					(other) -> other.runCommand().command(key.commandId()),
					(other) -> new CommandLinks(key.commandId(), other).page(),
					List.of(new WayOut("Its invocations in every region",
							Link.to("/invocations").with("commandId", key.commandId()).toString())));
		}
		model.addAttribute("viewName", this.titles.command(key, source));
		CommandWatches watches = this.watches.getIfAvailable();
		boolean fromHistory = Boolean.TRUE.equals(model.getAttribute("fromHistory"));
		model.addAttribute("watch",
				(watches != null && !fromHistory && command.running()) ? watches.offer(source, command) : null);
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
		CommandSummary summary = Boolean.TRUE.equals(model.getAttribute("fromHistory"))
				? this.recorded.summary(source, command) : this.summaries.summary(source, command);
		model.addAttribute("summary", summary);
		// A signature is made of output: only who may read it is told where else it was
		// seen.
		model.addAttribute("sightings", this.outputAccess.allowed()
				? this.sightings.of(command.command().commandId(), summary.failures()) : Map.of());
		model.addAttribute("chat", this.chat.command(command.command(), summary, links(command, source), source,
				this.outputAccess.allowed()));
		return VIEW_SUMMARY;
	}

	private CommandDetail addCommand(CommandKey key, Source source, Model model) {
		CommandDetail command;
		RecordedCommand forgotten = null;
		try {
			command = source.runCommand().command(key.commandId());
		}
		catch (AwsFailure ex) {
			forgotten = this.recorded.forgotten(ex, source, key.commandId());
			command = forgotten.detail();
		}
		CommandLinks links = links(command, source);
		boolean fromHistory = forgotten != null;
		model.addAttribute("command", command);
		model.addAttribute("source", source);
		model.addAttribute("links", links);
		model.addAttribute("nav", Navigation.of(this.sources.shown(source)));
		model.addAttribute("fromHistory", fromHistory);
		model.addAttribute("lost", fromHistory && forgotten.lost());
		model.addAttribute("invocationRows", fromHistory ? links.historyRows() : links.invocationRows());
		model.addAttribute("invocationsView", fromHistory ? links.history() : links.invocations(null));
		return command;
	}

	private CommandLinks links(CommandDetail command, Source source) {
		return new CommandLinks(command.command().commandId(), this.sources.shown(source));
	}

}
