package dev.runboard.commands;

import dev.runboard.aws.CommandQuery;
import dev.runboard.aws.CommandView;
import dev.runboard.aws.Page;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.security.ViewName;
import dev.runboard.web.DocumentsSeen;
import dev.runboard.web.Link;
import dev.runboard.web.MergedStreams;
import dev.runboard.web.MergedStreams.Merged;
import dev.runboard.web.MergedStreams.Sourced;
import dev.runboard.web.Navigation;
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
 * the account and region its link names (the first configured by default) or, with
 * {@code region=all} or {@code account=all}, in several, merged newest first; each
 * command linking to its invocations.
 */
@Controller
class CommandsController {

	static final String VIEW_LIST = "commands/list";

	static final String PATH = "/commands";

	private final Sources sources;

	private final CommandTitles titles;

	private final CommandChatSummaries chat;

	private final DocumentsSeen documents;

	CommandsController(Sources sources, CommandTitles titles, CommandChatSummaries chat, DocumentsSeen documents) {
		this.sources = sources;
		this.titles = titles;
		this.chat = chat;
		this.documents = documents;
	}

	@GetMapping(PATH)
	String list(CommandFilter filter, CommandScope scope, Model model) {
		addFirstPage(scope, filter, model);
		return VIEW_LIST;
	}

	@HxRequest
	@GetMapping(PATH)
	String results(CommandFilter filter, CommandScope scope, Model model, HtmxResponse htmx) {
		addFirstPage(scope, filter, model);
		htmx.setPushUrl(shareUrl(filter, scope));
		model.addAttribute("navOob", true);
		return VIEW_LIST + " :: results";
	}

	/**
	 * A scroll page; as for invocations, the page after one a user scrolled to is read in
	 * the background while this one renders.
	 */
	@RendersRows(startOver = PATH)
	@GetMapping(PATH + "/rows")
	String rows(CommandFilter filter, CommandScope scope, PageToken token, Model model) {
		addPage(scope, filter, page(filter, scope, token, !token.first()), model);
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
	 * One page of the commands of every account and region the view reads, newest first:
	 * one {@code ListCommands} call per account and region.
	 */
	private Merged<CommandView> page(CommandFilter filter, CommandScope scope, PageToken token, boolean readAhead) {
		return MergedStreams.page(scope.in(filter.link(PATH), this.sources),
				scope.sources().stream().map((source) -> new CommandStream(source, filter.query())).toList(),
				CommandView::requestedAt, filter.query().pageSize(), token, readAhead);
	}

	/**
	 * The first page, named after its filter, with its summary for chat: the first page's
	 * commands are what it counts.
	 */
	private void addFirstPage(CommandScope scope, CommandFilter filter, Model model) {
		Merged<CommandView> page = page(filter, scope, PageToken.FIRST, false);
		addPage(scope, filter, page, model);
		ViewName name = this.titles.list(filter, scope);
		model.addAttribute("viewName", name);
		model.addAttribute("chat",
				this.chat.commands(name, new Page<>(page.rows().stream().map(Sourced::item).toList(), page.nextToken()),
						shareUrl(filter, scope)));
		model.addAttribute("regions", this.sources.regions());
		model.addAttribute("accounts", this.sources.accounts());
		model.addAttribute("firstPage", true);
		model.addAttribute("statuses", CommandQuery.STATUSES);
		model.addAttribute("stages", CommandQuery.STAGES);
		Source single = scope.single();
		model.addAttribute("nav", (single != null) ? Navigation.of(this.sources.shown(single))
				: new Navigation(scope.account(), scope.region()));
	}

	private void addPage(CommandScope scope, CommandFilter filter, Merged<CommandView> page, Model model) {
		model.addAttribute("filter", filter);
		model.addAttribute("query", filter.query());
		model.addAttribute("page", page);
		model.addAttribute("scope", scope);
		model.addAttribute("merged", scope.single() == null);
		model.addAttribute("rows",
				page.rows()
					.stream()
					.map((row) -> new CommandRow(row.item(),
							new CommandLinks(row.item().commandId(), this.sources.shown(row.source()))))
					.toList());
		model.addAttribute("streamErrors", page.errors());
		model.addAttribute("stalled", page.stalled());
		model.addAttribute("shareUrl", shareUrl(filter, scope));
		this.documents.saw(page.rows().stream().map((row) -> row.item().documentName()).toList());
		if (page.rows().isEmpty() && filter.query().document() != null) {
			// SSM's document filter is exact and case-sensitive: say so, and what it may
			// have meant.
			model.addAttribute("documentHints",
					this.documents.nearMatches(filter.query().document())
						.stream()
						.map((name) -> new DocumentsSeen.Hint(name, shareUrl(filter.withDocument(name), scope)))
						.toList());
		}
		Link next = scope.in(filter.link(PATH + "/rows"), this.sources).with("nextToken", page.nextToken());
		model.addAttribute("nextUrl", page.last() ? null : next.toString());
	}

	/** The view's link: its filter, in the accounts and regions it reads. */
	private String shareUrl(CommandFilter filter, CommandScope scope) {
		return scope.in(filter.link(PATH), this.sources).toString();
	}

	/** One row of the commands view. */
	record CommandRow(CommandView command, CommandLinks links) {

	}

}
