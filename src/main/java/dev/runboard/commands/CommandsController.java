package dev.runboard.commands;

import dev.runboard.ssm.CommandQuery;
import dev.runboard.ssm.CommandView;
import dev.runboard.ssm.Page;
import dev.runboard.ssm.Parameters;
import dev.runboard.ssm.SsmService;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
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

	private final SsmService ssm;

	CommandsController(SsmService ssm) {
		this.ssm = ssm;
	}

	@GetMapping(PATH)
	String list(@RequestParam MultiValueMap<String, String> parameters, Model model, HttpServletResponse response) {
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		firstPage(CommandQuery.from(parameters), model);
		return VIEW_LIST;
	}

	@GetMapping(path = PATH, headers = "HX-Request=true")
	String results(@RequestParam MultiValueMap<String, String> parameters, Model model,
			HttpServletResponse response) {
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		CommandQuery query = CommandQuery.from(parameters);
		firstPage(query, model);
		response.setHeader("HX-Push-Url", query.uri(PATH, null));
		return VIEW_LIST + " :: results";
	}

	@GetMapping(PATH + "/rows")
	String rows(@RequestParam MultiValueMap<String, String> parameters, Model model) {
		CommandQuery query = CommandQuery.from(parameters);
		String nextToken = Parameters.nextToken(parameters);
		addPage(query, this.ssm.listCommands(query, nextToken), model);
		model.addAttribute("firstPage", nextToken == null);
		return VIEW_LIST + " :: rows";
	}

	/** One row, for a command that refreshes itself until it is final. */
	@GetMapping(PATH + "/{commandId}/row")
	String row(@PathVariable String commandId, Model model) {
		model.addAttribute("command", this.ssm.command(Parameters.commandId(commandId)));
		return VIEW_LIST + " :: row";
	}

	private void firstPage(CommandQuery query, Model model) {
		addPage(query, this.ssm.listCommands(query, null), model);
		model.addAttribute("firstPage", true);
		model.addAttribute("statuses", CommandQuery.STATUSES);
		model.addAttribute("stages", CommandQuery.STAGES);
	}

	private void addPage(CommandQuery query, Page<CommandView> page, Model model) {
		model.addAttribute("query", query);
		model.addAttribute("page", page);
		model.addAttribute("nextUrl", page.last() ? null : query.uri(PATH + "/rows", page.nextToken()));
		model.addAttribute("region", this.ssm.region().id());
	}

}
