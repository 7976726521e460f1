package dev.runboard.commands;

import dev.runboard.aws.CommandQuery;
import dev.runboard.aws.CommandView;
import dev.runboard.aws.Page;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.security.ViewName;
import dev.runboard.web.Link;
import dev.runboard.web.PageToken;
import dev.runboard.web.Polled;
import dev.runboard.web.RendersRows;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponse;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The commands view: {@code ListCommands} paged on demand like the invocations table, in
 * the one account and region its link names, each command linking to its invocations.
 */
@Controller
class CommandsController {

	static final String VIEW_LIST = "commands/list";

	static final String PATH = "/commands";

	private final Sources sources;

	private final CommandTitles titles;

	private final CommandChatSummaries chat;

	CommandsController(Sources sources, CommandTitles titles, CommandChatSummaries chat) {
		this.sources = sources;
		this.titles = titles;
		this.chat = chat;
	}

	@GetMapping(PATH)
	String list(CommandFilter filter, Source source, Model model) {
		addFirstPage(source, filter, model);
		return VIEW_LIST;
	}

	@HxRequest
	@GetMapping(PATH)
	String results(CommandFilter filter, Source source, Model model, HtmxResponse htmx) {
		addFirstPage(source, filter, model);
		htmx.setPushUrl(shareUrl(filter, source));
		return VIEW_LIST + " :: results";
	}

	/**
	 * A scroll page; as for invocations, the page after one a user scrolled to is read in
	 * the background while this one renders.
	 */
	@RendersRows(startOver = PATH)
	@GetMapping(PATH + "/rows")
	String rows(CommandFilter filter, Source source, PageToken token, Model model) {
		if (token.runboards()) {
			throw PageToken.invalid();
		}
		Page<CommandView> page = source.runCommand().commands(filter.query(), token.value());
		if (!token.first() && page.nextToken() != null) {
			source.runCommand().prefetchCommands(filter.query(), page.nextToken());
		}
		addPage(source, filter, page, model);
		model.addAttribute("firstPage", token.first());
		return VIEW_LIST + " :: rows";
	}

	/** One row, for a command that refreshes itself until it is final. */
	@Polled
	@RendersRows(startOver = PATH)
	@GetMapping(PATH + "/{commandId}/row")
	String row(CommandKey key, Source source, Model model) {
		CommandView command = source.runCommand().command(key.commandId()).command();
		model.addAttribute("command", command);
		model.addAttribute("links", new CommandLinks(command.commandId(), this.sources.shown(source)));
		return VIEW_LIST + " :: row";
	}

	/**
	 * The first page, named after its filter, with its summary for chat: the first page's
	 * commands are what it counts.
	 */
	private void addFirstPage(Source source, CommandFilter filter, Model model) {
		Page<CommandView> page = source.runCommand().commands(filter.query(), null);
		addPage(source, filter, page, model);
		ViewName name = this.titles.list(filter, source);
		model.addAttribute("viewName", name);
		model.addAttribute("chat", this.chat.commands(name, page, shareUrl(filter, source)));
		model.addAttribute("regions", this.sources.regions());
		model.addAttribute("accounts", this.sources.accounts());
		model.addAttribute("firstPage", true);
		model.addAttribute("statuses", CommandQuery.STATUSES);
		model.addAttribute("stages", CommandQuery.STAGES);
	}

	private void addPage(Source source, CommandFilter filter, Page<CommandView> page, Model model) {
		Source shown = this.sources.shown(source);
		model.addAttribute("filter", filter);
		model.addAttribute("query", filter.query());
		model.addAttribute("page", page);
		model.addAttribute("source", source);
		model.addAttribute("rows",
				page.items()
					.stream()
					.map((command) -> new CommandRow(command, new CommandLinks(command.commandId(), shown)))
					.toList());
		model.addAttribute("shareUrl", shareUrl(filter, source));
		Link next = filter.link(PATH + "/rows").in(shown).with("nextToken", page.nextToken());
		model.addAttribute("nextUrl", page.last() ? null : next.toString());
	}

	/** The view's link: its filter, in the account and region it reads. */
	private String shareUrl(CommandFilter filter, Source source) {
		return filter.link(PATH).in(this.sources.shown(source)).toString();
	}

	/** One row of the commands view. */
	record CommandRow(CommandView command, CommandLinks links) {

	}

}
