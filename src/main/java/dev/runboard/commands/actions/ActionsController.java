package dev.runboard.commands.actions;

import java.security.Principal;
import java.util.List;

import dev.runboard.commands.actions.CommandActions.FailedNodes;
import dev.runboard.commands.actions.CommandActions.Outcome;
import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.commands.CommandLinks;
import dev.runboard.web.QueryParameters;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;

/**
 * Cancel and rerun, on the command page. Each POST checks, before anything asks AWS, that
 * actions are enabled (else 404) and that the user is an operator (else 403); Spring
 * Security checks its CSRF token. It answers 303 to the page of the command acted on, or
 * of the first command a rerun sent.
 */
@Controller
class ActionsController {

	static final String VIEW_FAILED_NODES = "commands/actions :: failed-nodes";

	private final CommandActions actions;

	private final OperatorAccess operatorAccess;

	private final Sources sources;

	ActionsController(CommandActions actions, OperatorAccess operatorAccess, Sources sources) {
		this.actions = actions;
		this.operatorAccess = operatorAccess;
		this.sources = sources;
	}

	/**
	 * {@code CancelCommand}; {@code instanceId}, which may repeat, cancels only those
	 * nodes.
	 */
	@PostMapping(CommandLinks.PAGE + "/cancel")
	RedirectView cancel(@PathVariable String commandId, @RequestParam MultiValueMap<String, String> parameters,
			Source source, Principal user) {
		this.operatorAccess.require();
		List<String> nodes = parameters.getOrDefault("instanceId", List.of())
			.stream()
			.filter((value) -> value != null && !value.isBlank())
			.map((value) -> QueryParameters.instanceId(value.strip()))
			.toList();
		CommandDetail command = command(commandId, source);
		this.actions.cancel(source, command, nodes, user.getName());
		return seeOther(command.command().commandId(), source);
	}

	/**
	 * {@code SendCommand} with what the command was sent with: to all of its targets
	 * ({@code scope=all}), or to the nodes where it failed ({@code scope=failed}).
	 */
	@PostMapping(CommandLinks.PAGE + "/rerun")
	RedirectView rerun(@PathVariable String commandId, @RequestParam MultiValueMap<String, String> parameters,
			Source source, Principal user) {
		this.operatorAccess.require();
		String scope = QueryParameters.required("scope",
				QueryParameters.oneOf("scope", QueryParameters.single(parameters, "scope"), List.of("all", "failed")),
				"all or failed");
		CommandDetail command = command(commandId, source);
		Outcome outcome = "all".equals(scope) ? this.actions.rerunAll(source, command, user.getName()) : this.actions
			.rerunFailed(source, command, QueryParameters.single(parameters, "confirmed"), user.getName());
		return seeOther(outcome.newCommandIds().get(0), source);
	}

	/** What a rerun on the failed nodes would do: the nodes, and how many commands. */
	@GetMapping(CommandLinks.PAGE + "/failed-nodes")
	String failedNodes(@PathVariable String commandId, Source source, Model model) {
		this.operatorAccess.require();
		CommandDetail command = command(commandId, source);
		FailedNodes failed = this.actions.failedNodes(source, command.command().commandId());
		model.addAttribute("command", command);
		model.addAttribute("source", source);
		model.addAttribute("nodes", failed.nodes());
		model.addAttribute("more", failed.more());
		model.addAttribute("confirmation", failed.confirmation());
		model.addAttribute("batches", CommandActions.batches(failed.nodes().size()));
		model.addAttribute("maxNodes", CommandActions.MAX_FAILED_NODES);
		return VIEW_FAILED_NODES;
	}

	private CommandDetail command(String commandId, Source source) {
		return source.runCommand().command(QueryParameters.commandId(commandId));
	}

	/** A 303 to a command's page, in the account and region acted in. */
	private RedirectView seeOther(String commandId, Source source) {
		RedirectView redirect = new RedirectView(new CommandLinks(commandId, this.sources.shown(source)).page(), true);
		redirect.setStatusCode(HttpStatus.SEE_OTHER);
		redirect.setExpandUriTemplateVariables(false);
		redirect.setExposeModelAttributes(false);
		return redirect;
	}

}
