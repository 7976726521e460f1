package dev.runboard.commands.actions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.commands.CommandKey;
import dev.runboard.commands.CommandLinks;
import dev.runboard.commands.actions.ActionForms.Cancel;
import dev.runboard.commands.actions.ActionForms.FailedStatuses;
import dev.runboard.commands.actions.ActionForms.Operator;
import dev.runboard.commands.actions.ActionForms.Rerun;
import dev.runboard.commands.actions.CommandActions.FailedNodes;
import dev.runboard.commands.actions.CommandActions.Outcome;
import dev.runboard.security.ActivityAccess;
import dev.runboard.security.OperatorAccess;
import dev.runboard.web.SeeOther;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * Cancel and rerun, on the command page. Each handler takes the {@link Operator} first:
 * binding it is the guard, so before anything else of the request is read or AWS is
 * asked, actions must be enabled (else 404) and the user an operator (else 403); Spring
 * Security checks the CSRF token. Each action is audited as requested before anything
 * asks AWS. A POST answers 303 to the page of the command acted on, or of the first
 * command a rerun sent, with a notice of what happened ({@link ActionNotice}).
 */
@Controller
class ActionsController {

	static final String VIEW_FAILED_NODES = "commands/actions :: failed-nodes";

	static final String VIEW_RERUNS = "commands/actions :: reruns";

	static final String FAILED_NODES = CommandLinks.PAGE + "/failed-nodes";

	static final String RERUNS = CommandLinks.PAGE + "/reruns";

	private final CommandActions actions;

	private final Reruns reruns;

	private final Sources sources;

	private final OperatorAccess access;

	private final ActivityAccess activityAccess;

	private final ObjectProvider<ActivityLog> log;

	ActionsController(CommandActions actions, Reruns reruns, Sources sources, OperatorAccess access,
			ActivityAccess activityAccess, ObjectProvider<ActivityLog> log) {
		this.actions = actions;
		this.reruns = reruns;
		this.sources = sources;
		this.access = access;
		this.activityAccess = activityAccess;
		this.log = log;
	}

	/**
	 * {@code CancelCommand}; {@code instanceId}, which may repeat, cancels only those
	 * nodes.
	 */
	@PostMapping(CommandLinks.PAGE + "/cancel")
	RedirectView cancel(Operator operator, CommandKey key, Cancel form, Source source, RedirectAttributes redirect) {
		List<String> nodes = form.nodes().stream().distinct().sorted().toList();
		String asked = ActionAudit.nodes(nodes);
		ActionAudit.line(operator.name(), CommandActions.CANCEL, key.commandId(), source.label(), asked, List.of(),
				"requested", 0, null);
		CommandDetail command = command(operator, CommandActions.CANCEL, key, asked, source);
		Outcome outcome = this.actions.cancel(source, command, nodes, operator.name());
		redirect.addFlashAttribute(ActionNotice.ATTRIBUTE, ActionNotice.cancel(nodes, outcome, this.actions.now()));
		return seeOther(command.command().commandId(), source);
	}

	/**
	 * {@code SendCommand} with what the command was sent with: to all of its targets
	 * ({@code scope=all}), or to the nodes where it failed ({@code scope=failed}, with
	 * the confirmation of exactly those nodes).
	 */
	@PostMapping(CommandLinks.PAGE + "/rerun")
	RedirectView rerun(Operator operator, CommandKey key, Rerun form, Source source, RedirectAttributes redirect) {
		String action = form.failedOnly() ? CommandActions.RERUN_FAILED : CommandActions.RERUN_ALL;
		String asked = form.failedOnly() ? "failed:" + String.join(",", form.statuses()) : "all";
		ActionAudit.line(operator.name(), action, key.commandId(), source.label(), asked, List.of(), "requested", 0,
				null);
		CommandDetail command = command(operator, action, key, asked, source);
		Outcome outcome;
		String to;
		if (form.failedOnly()) {
			outcome = this.actions.rerunFailed(source, command, form.statuses(), form.confirmed(), operator.name(),
					form.checked());
			to = ActionNotice.count(outcome.entry().key().nodes().size());
		}
		else {
			outcome = this.actions.rerunAll(source, command, operator.name(), form.checked());
			to = command.targets().isEmpty() ? ActionNotice.count(command.instanceIds().size()) : command.targetsText();
		}
		this.reruns.forget(source, command.command().commandId());
		redirect.addFlashAttribute(ActionNotice.ATTRIBUTE, ActionNotice.rerun(to, outcome, this.actions.now()));
		String landing = outcome.newCommandIds().isEmpty() ? command.command().commandId()
				: outcome.newCommandIds().get(0);
		return seeOther(landing, source);
	}

	/**
	 * What a rerun on the failed nodes would do: the nodes with the statuses asked for
	 * ({@code statuses}), how many commands, and the confirmation that sends to exactly
	 * those.
	 */
	@GetMapping(FAILED_NODES)
	String failedNodes(Operator operator, CommandKey key, FailedStatuses statuses, Source source, Model model) {
		CommandDetail command = source.runCommand().command(key.commandId());
		String commandId = command.command().commandId();
		FailedNodes failed = this.actions.failedNodes(source, commandId, statuses.statuses());
		model.addAttribute("command", command);
		model.addAttribute("source", source);
		model.addAttribute("failedText", failed.text());
		model.addAttribute("statuses", failed.statuses());
		model.addAttribute("failingStatuses", InvocationView.FAILING);
		model.addAttribute("nodes", failed.nodes());
		model.addAttribute("more", failed.more());
		model.addAttribute("confirmation", this.actions.confirmation(source, commandId, failed, operator.name()));
		model.addAttribute("batches", CommandActions.batches(failed.nodes().size()));
		model.addAttribute("maxNodes", CommandActions.MAX_FAILED_NODES);
		model.addAttribute("version", ActionPanels.version(command));
		model.addAttribute("links", new CommandLinks(commandId, this.sources.shown(source)));
		return VIEW_FAILED_NODES;
	}

	/**
	 * The reruns of a command, for its page: loaded after the page shows, as finding them
	 * asks {@code ListCommands}. With a store, and for those who may read the activity
	 * log, the actions taken on this command too, as the log has them (on any replica,
	 * however long ago).
	 */
	@GetMapping(RERUNS)
	String reruns(CommandKey key, Source source, Model model) {
		CommandDetail command = source.runCommand().command(key.commandId());
		Source shown = this.sources.shown(source);
		model.addAttribute("reruns",
				this.access.enabled() ? this.reruns.of(source, command)
					.stream()
					.map((rerun) -> new ActionPanels.RerunLink(rerun.commandId(), rerun.user(), rerun.requestedAt(),
							new CommandLinks(rerun.commandId(), shown).page()))
					.toList() : List.of());
		List<ActivityLog.Entry> logged = logged(source, command.command().commandId());
		Map<String, String> sentLinks = new HashMap<>();
		logged.forEach((entry) -> entry.newCommandIds()
			.forEach((sent) -> sentLinks.put(sent, new CommandLinks(sent, shown).page())));
		model.addAttribute("logged", logged);
		model.addAttribute("sentLinks", sentLinks);
		model.addAttribute("activityLink",
				new ActivityFilter(null, command.command().commandId(), null).link(ActivityController.PATH).toString());
		return VIEW_RERUNS;
	}

	/**
	 * The actions the activity log holds on a command of this source, newest first; empty
	 * without a store, for a user who may not read the log, or while the store does not
	 * answer (the operators' panel still says what this replica's ledger knows).
	 */
	private List<ActivityLog.Entry> logged(Source source, String commandId) {
		ActivityLog log = this.log.getIfAvailable();
		if (log == null || !this.access.enabled() || !this.activityAccess.allowed()) {
			return List.of();
		}
		try {
			return log.onCommand(commandId, this.actions.now())
				.stream()
				.filter((entry) -> entry.commandId().equals(commandId) && entry.source().equals(source.label()))
				.toList();
		}
		catch (RuntimeException ex) {
			return List.of();
		}
	}

	/**
	 * The command acted on, as SSM lists it; when SSM cannot say, the action ends here,
	 * and its audit line says so.
	 */
	private static CommandDetail command(Operator operator, String action, CommandKey key, String asked,
			Source source) {
		try {
			return source.runCommand().command(key.commandId());
		}
		catch (AwsFailure ex) {
			ActionAudit.line(operator.name(), action, key.commandId(), source.label(), asked, List.of(), "error", 0,
					ex.getMessage());
			throw ex;
		}
	}

	/** A 303 to a command's page, in the account and region acted in. */
	private RedirectView seeOther(String commandId, Source source) {
		return SeeOther.to(new CommandLinks(commandId, this.sources.shown(source)).page());
	}

}
