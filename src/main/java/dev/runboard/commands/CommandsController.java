package dev.runboard.commands;

import dev.runboard.aws.CommandQuery;
import dev.runboard.aws.CommandView;
import dev.runboard.aws.Page;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.web.Link;
import dev.runboard.web.PageToken;
import dev.runboard.web.Polled;
import dev.runboard.web.QueryParameters;
import dev.runboard.web.RendersRows;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponse;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The commands view: {@code ListCommands} paged on demand like the invocations table, in
 * the one account and region its link names, each command linking to its invocations.
 */
@Controller
class CommandsController {

	static final String VIEW_LIST = "commands/list";

	static final String PATH = "/commands";

	private final Sources sources;

	CommandsController(Sources sources) {
		this.sources = sources;
	}

	@GetMapping(PATH)
	String list(CommandQuery query, Source source, Model model) {
		addFirstPage(source, query, model);
		return VIEW_LIST;
	}

	@HxRequest
	@GetMapping(PATH)
	String results(CommandQuery query, Source source, Model model, HtmxResponse htmx) {
		addFirstPage(source, query, model);
		htmx.setPushUrl(CommandFilter.link(PATH, query).in(this.sources.shown(source)).toString());
		return VIEW_LIST + " :: results";
	}

	/**
	 * A scroll page; as for invocations, the page after one a user scrolled to is read in
	 * the background while this one renders.
	 */
	@RendersRows(startOver = PATH)
	@GetMapping(PATH + "/rows")
	String rows(CommandQuery query, Source source, PageToken token, Model model) {
		if (token.runboards()) {
			throw PageToken.invalid();
		}
		Page<CommandView> page = source.runCommand().commands(query, token.value());
		if (!token.first() && page.nextToken() != null) {
			source.runCommand().prefetchCommands(query, page.nextToken());
		}
		addPage(source, query, page, model);
		model.addAttribute("firstPage", token.first());
		return VIEW_LIST + " :: rows";
	}

	/** One row, for a command that refreshes itself until it is final. */
	@Polled
	@RendersRows(startOver = PATH)
	@GetMapping(PATH + "/{commandId}/row")
	String row(@PathVariable String commandId, Source source, Model model) {
		CommandView command = source.runCommand().command(QueryParameters.commandId(commandId)).command();
		model.addAttribute("command", command);
		model.addAttribute("links", new CommandLinks(command.commandId(), this.sources.shown(source)));
		return VIEW_LIST + " :: row";
	}

	private void addFirstPage(Source source, CommandQuery query, Model model) {
		addPage(source, query, source.runCommand().commands(query, null), model);
		model.addAttribute("regions", this.sources.regions());
		model.addAttribute("accounts", this.sources.accounts());
		model.addAttribute("firstPage", true);
		model.addAttribute("statuses", CommandQuery.STATUSES);
		model.addAttribute("stages", CommandQuery.STAGES);
	}

	private void addPage(Source source, CommandQuery query, Page<CommandView> page, Model model) {
		Source shown = this.sources.shown(source);
		model.addAttribute("query", query);
		model.addAttribute("page", page);
		model.addAttribute("source", source);
		model.addAttribute("rows",
				page.items()
					.stream()
					.map((command) -> new CommandRow(command, new CommandLinks(command.commandId(), shown)))
					.toList());
		model.addAttribute("shareUrl", CommandFilter.link(PATH, query).in(shown).toString());
		Link next = CommandFilter.link(PATH + "/rows", query).in(shown).with("nextToken", page.nextToken());
		model.addAttribute("nextUrl", page.last() ? null : next.toString());
	}

	/** One row of the commands view. */
	record CommandRow(CommandView command, CommandLinks links) {

	}

}
