package dev.runboard.commands.actions;

import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.commands.CommandKey;
import dev.runboard.commands.CommandLinks;
import dev.runboard.commands.actions.ActionForms.Cancel;
import dev.runboard.commands.actions.ActionForms.Operator;
import dev.runboard.commands.actions.ActionForms.Rerun;
import dev.runboard.commands.actions.CommandActions.FailedNodes;
import dev.runboard.commands.actions.CommandActions.Outcome;
import dev.runboard.web.SeeOther;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.view.RedirectView;

/**
 * Cancel and rerun, on the command page. Each handler takes the {@link Operator} first:
 * binding it is the guard, so before anything else of the request is read or AWS is
 * asked, actions must be enabled (else 404) and the user an operator (else 403); Spring
 * Security checks the CSRF token. A POST answers 303 to the page of the command acted on,
 * or of the first command a rerun sent.
 */
@Controller
class ActionsController {

	static final String VIEW_FAILED_NODES = "commands/actions :: failed-nodes";

	static final String FAILED_NODES = CommandLinks.PAGE + "/failed-nodes";

	private final CommandActions actions;

	private final Sources sources;

	ActionsController(CommandActions actions, Sources sources) {
		this.actions = actions;
		this.sources = sources;
	}

	/**
	 * {@code CancelCommand}; {@code instanceId}, which may repeat, cancels only those
	 * nodes.
	 */
	@PostMapping(CommandLinks.PAGE + "/cancel")
	RedirectView cancel(Operator operator, CommandKey key, Cancel form, Source source) {
		CommandDetail command = source.runCommand().command(key.commandId());
		this.actions.cancel(source, command, form.nodes(), operator.name());
		return seeOther(command.command().commandId(), source);
	}

	/**
	 * {@code SendCommand} with what the command was sent with: to all of its targets
	 * ({@code scope=all}), or to the nodes where it failed ({@code scope=failed}).
	 */
	@PostMapping(CommandLinks.PAGE + "/rerun")
	RedirectView rerun(Operator operator, CommandKey key, Rerun form, Source source) {
		CommandDetail command = source.runCommand().command(key.commandId());
		Outcome outcome = form.failedOnly()
				? this.actions.rerunFailed(source, command, form.confirmed(), operator.name())
				: this.actions.rerunAll(source, command, operator.name());
		return seeOther(outcome.newCommandIds().get(0), source);
	}

	/** What a rerun on the failed nodes would do: the nodes, and how many commands. */
	@GetMapping(FAILED_NODES)
	String failedNodes(Operator operator, CommandKey key, Source source, Model model) {
		CommandDetail command = source.runCommand().command(key.commandId());
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

	/** A 303 to a command's page, in the account and region acted in. */
	private RedirectView seeOther(String commandId, Source source) {
		return SeeOther.to(new CommandLinks(commandId, this.sources.shown(source)).page());
	}

}
