package dev.runboard.notifications;

import java.util.UUID;

import dev.runboard.aws.InvalidQueryException;
import dev.runboard.aws.Printable;
import dev.runboard.history.HistoryActivation;
import dev.runboard.security.OperatorAccess;
import dev.runboard.security.Roles;
import dev.runboard.web.ActionRefused;
import dev.runboard.web.Link;
import dev.runboard.web.SeeOther;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Conditional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;

/**
 * {@code /notifications}, for operators: the rules, each with "send a test message" (a
 * POST with its CSRF token, audited), and the delivery log: what was sent where, when,
 * and what the target answered. Nothing here shows a rule's address, key or secret.
 */
@Controller
@Conditional(HistoryActivation.Enabled.class)
class NotificationsController {

	static final String PATH = "/notifications";

	static final String VIEW = "notifications/list";

	/** How many deliveries the log shows, newest first. */
	static final int SHOWN = 200;

	private static final Log audit = LogFactory.getLog("runboard.audit");

	private final NotificationRules rules;

	private final Outbox outbox;

	private final TestMessages tests;

	private final OperatorAccess operators;

	NotificationsController(NotificationRules rules, Outbox outbox, TestMessages tests, OperatorAccess operators) {
		this.rules = rules;
		this.outbox = outbox;
		this.tests = tests;
		this.operators = operators;
	}

	@GetMapping(PATH)
	String list(@RequestParam(name = "tested", required = false) String tested, Model model) {
		guard();
		if (tested != null && this.rules.named(tested).isEmpty()) {
			throw new InvalidQueryException("tested", "no notification rule is named " + Printable.quoted(tested));
		}
		model.addAttribute("rules", this.rules.all().stream().map(RuleView::of).toList());
		model.addAttribute("deliveries", this.outbox.newest(SHOWN));
		model.addAttribute("tested", tested);
		model.addAttribute("testPath", PATH + "/test");
		return VIEW;
	}

	/**
	 * Queues a test message to a rule's target: what the rule would have sent about the
	 * newest recorded command it matches. The delivery log shows how it went.
	 */
	@PostMapping(PATH + "/test")
	RedirectView test(@RequestParam(name = "rule", required = false) String name) {
		guard();
		NotificationRule rule = (name != null) ? this.rules.named(name).orElse(null) : null;
		if (rule == null) {
			throw new InvalidQueryException("rule", (name == null) ? "which rule to try is required"
					: "no notification rule is named " + Printable.quoted(name));
		}
		UUID deliveryId = this.outbox.add(rule, MessageKind.TEST, null, null, this.tests.of(rule)).orElseThrow();
		audit.info("notification-test user="
				+ Printable.of(SecurityContextHolder.getContext().getAuthentication().getName()) + " rule="
				+ Printable.quoted(rule.name()) + " target=" + rule.type().id() + " delivery=" + deliveryId
				+ " outcome=queued");
		return SeeOther.to(Link.to(PATH).with("tested", rule.name()).toString());
	}

	private void guard() {
		if (!Roles.signedInUserHas(this.operators.role())) {
			throw new ActionRefused(ActionRefused.Reason.NOT_ALLOWED,
					"Notifications are for operators: users with the role " + this.operators.role() + ".");
		}
	}

}
