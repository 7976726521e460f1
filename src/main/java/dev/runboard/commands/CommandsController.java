package dev.runboard.commands;

import dev.runboard.ssm.CommandQuery;
import dev.runboard.ssm.CommandView;
import dev.runboard.ssm.Page;
import dev.runboard.ssm.Parameters;
import dev.runboard.ssm.SsmSources;
import dev.runboard.ssm.SsmSources.SsmSource;
import dev.runboard.web.Ui;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The commands view: {@code ListCommands} paged on demand like the invocations table,
 * each command linking to its invocations.
 */
@Controller
class CommandsController {

	static final String VIEW_LIST = "commands/list";

	static final String PATH = "/commands";

	private final SsmSources sources;

	private final Ui ui;

	CommandsController(SsmSources sources, Ui ui) {
		this.sources = sources;
		this.ui = ui;
	}

	/**
	 * The one account and region this view reads: those the link names, each defaulting
	 * to the first configured.
	 */
	private SsmSource source(MultiValueMap<String, String> parameters) {
		return this.sources.one(this.sources.account(Parameters.single(parameters, "account"), false),
				this.sources.region(Parameters.single(parameters, "region"), false));
	}

	@GetMapping(PATH)
	String list(@RequestParam MultiValueMap<String, String> parameters, Model model) {
		firstPage(source(parameters), CommandQuery.from(parameters), model);
		return VIEW_LIST;
	}

	@GetMapping(path = PATH, headers = "HX-Request=true")
	String results(@RequestParam MultiValueMap<String, String> parameters, Model model, HttpServletResponse response) {
		CommandQuery query = CommandQuery.from(parameters);
		SsmSource source = source(parameters);
		firstPage(source, query, model);
		response.setHeader("HX-Push-Url", this.ui.at(query.uri(PATH, null), shown(source)));
		return VIEW_LIST + " :: results";
	}

	@GetMapping(PATH + "/rows")
	String rows(@RequestParam MultiValueMap<String, String> parameters, Model model) {
		CommandQuery query = CommandQuery.from(parameters);
		String nextToken = Parameters.nextToken(parameters);
		SsmSource source = source(parameters);
		addPage(source, query, source.ssm().listCommands(query, nextToken), model);
		model.addAttribute("firstPage", nextToken == null);
		return VIEW_LIST + " :: rows";
	}

	/** One row, for a command that refreshes itself until it is final. */
	@GetMapping(PATH + "/{commandId}/row")
	String row(@PathVariable String commandId, @RequestParam MultiValueMap<String, String> parameters, Model model) {
		SsmSource source = source(parameters);
		model.addAttribute("command", source.ssm().command(Parameters.commandId(commandId)));
		model.addAttribute("src", shown(source));
		return VIEW_LIST + " :: row";
	}

	private void firstPage(SsmSource source, CommandQuery query, Model model) {
		addPage(source, query, source.ssm().listCommands(query, null), model);
		model.addAttribute("regions", this.sources.regions());
		model.addAttribute("accounts", this.sources.accounts());
		model.addAttribute("firstPage", true);
		model.addAttribute("statuses", CommandQuery.STATUSES);
		model.addAttribute("stages", CommandQuery.STAGES);
	}

	private void addPage(SsmSource source, CommandQuery query, Page<CommandView> page, Model model) {
		model.addAttribute("query", query);
		model.addAttribute("page", page);
		model.addAttribute("src", shown(source));
		model.addAttribute("shareUrl", this.ui.at(query.uri(PATH, null), shown(source)));
		model.addAttribute("nextUrl",
				page.last() ? null : this.ui.at(query.uri(PATH + "/rows", page.nextToken()), shown(source)));
		model.addAttribute("region", source.label());
	}

	/** The source as links carry it: only when there is more than one to choose from. */
	private SsmSource shown(SsmSource source) {
		return this.sources.several() ? source : null;
	}

}
