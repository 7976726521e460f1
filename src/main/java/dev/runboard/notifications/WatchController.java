package dev.runboard.notifications;

import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.InvalidQueryException;
import dev.runboard.aws.Printable;
import dev.runboard.aws.Source;
import dev.runboard.commands.CommandKey;
import dev.runboard.commands.CommandLinks;
import dev.runboard.history.HistoryActivation;
import dev.runboard.history.SharedStore;
import dev.runboard.web.ActionRefused;
import dev.runboard.web.SeeOther;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Conditional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;

/**
 * "Tell me when it finishes" on a command page, for every signed-in user: a POST with its
 * CSRF token naming a {@code watched} rule that covers the command, which SSM must still
 * be running. The rule then tells its target once, when the recorder sees the command
 * settle; asking again, or another user asking, changes nothing. Audited. The store not
 * answering is a 503 that says so.
 */
@Controller
@Conditional(HistoryActivation.Enabled.class)
class WatchController {

	private static final Log audit = LogFactory.getLog("runboard.audit");

	private final NotificationRules rules;

	private final Watches watches;

	private final Outbox outbox;

	private final SharedStore store;

	WatchController(NotificationRules rules, Watches watches, Outbox outbox, SharedStore store) {
		this.rules = rules;
		this.watches = watches;
		this.outbox = outbox;
		this.store = store;
	}

	@PostMapping(CommandLinks.PAGE + "/watch")
	RedirectView watch(CommandKey key, Source source, @RequestParam(name = "rule", required = false) String name) {
		NotificationRule rule = (name != null) ? this.rules.named(name).orElse(null) : null;
		if (rule == null || rule.when() != NotificationRule.When.WATCHED) {
			throw new InvalidQueryException("rule",
					(name == null) ? "which rule is to tell is required: a rule with when=watched"
							: "no notification rule with when=watched is named " + Printable.quoted(name));
		}
		CommandDetail command = source.runCommand().command(key.commandId());
		if (!this.watches.offered(command).contains(rule)) {
			throw new InvalidQueryException("rule", "the rule " + Printable.quoted(rule.name())
					+ " does not tell about this command (its documents or min-nodes)");
		}
		if (!command.running()) {
			throw new ActionRefused(ActionRefused.Reason.CONFLICT, "This command has finished already ("
					+ command.command().status() + "): there is nothing to wait for.");
		}
		// The store down: a 503 that says so, rather than a watch that is not kept.
		this.store.check();
		String user = SecurityContextHolder.getContext().getAuthentication().getName();
		boolean first = this.outbox.watch(rule.name(), key.commandId(), user);
		audit.info("notification-watch user=" + Printable.of(user) + " rule=" + Printable.quoted(rule.name())
				+ " target=" + rule.type().id() + " command=" + Printable.of(key.commandId()) + " outcome="
				+ (first ? "watching" : "already-watched"));
		return SeeOther.to(new CommandLinks(key.commandId(), source).page());
	}

}
