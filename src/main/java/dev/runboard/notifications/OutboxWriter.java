package dev.runboard.notifications;

import java.util.List;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Printable;
import dev.runboard.history.FinalCommand;
import dev.runboard.history.FinalCommandListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;

/**
 * Writes a message into the outbox for each rule a command that settled matches, in the
 * recorder's transaction: the command's new state and the messages it causes commit
 * together, or neither does. A rule tells about a command that turned final after the
 * rule was first seen, once (the outbox is unique on rule and command); a {@code watched}
 * rule, about a command a user asked it to watch. A PagerDuty rule tells about failures
 * only, and resolves the alert of a command when a rerun of it succeeds on every node.
 */
class OutboxWriter implements FinalCommandListener {

	private static final Log logger = LogFactory.getLog(OutboxWriter.class);

	private final NotificationRules rules;

	private final Outbox outbox;

	private final Notices notices;

	private final NotificationMetrics metrics;

	OutboxWriter(NotificationRules rules, Outbox outbox, Notices notices, NotificationMetrics metrics) {
		this.rules = rules;
		this.outbox = outbox;
		this.notices = notices;
		this.metrics = metrics;
	}

	@Override
	public void settled(FinalCommand settled) {
		List<InvocationView> invocations;
		try {
			invocations = settled.invocations()
				.stream()
				.map((record) -> settled.source().runCommand().view(record))
				.toList();
		}
		catch (RuntimeException ex) {
			// What SSM said cannot be read as a message: history is recorded all the
			// same.
			logger.warn("No notification for command " + Printable.of(settled.command().command().commandId())
					+ ": its invocations could not be read (" + ex.getClass().getSimpleName() + ")");
			return;
		}
		int failing = (int) invocations.stream()
			.filter((invocation) -> InvocationView.FAILING.contains(invocation.status()))
			.count();
		String commandId = settled.command().command().commandId();
		for (NotificationRule rule : this.rules.all()) {
			try {
				write(rule, settled, invocations, failing, commandId);
			}
			catch (DataAccessException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				logger.warn("No notification of rule " + rule.name() + " for command " + Printable.of(commandId) + " ("
						+ ex.getClass().getSimpleName() + ")");
			}
		}
	}

	private void write(NotificationRule rule, FinalCommand settled, List<InvocationView> invocations, int failing,
			String commandId) {
		if (settled.finalSince().isBefore(this.outbox.ruleSince(rule.name()))) {
			return;
		}
		if (rule.when() == NotificationRule.When.WATCHED) {
			// A command a user asked this rule to tell about, however it ended.
			if (rule.covers(settled.command().command()) && this.outbox.watched(rule.name(), commandId)
					&& this.outbox
						.add(rule, MessageKind.COMMAND, commandId, commandId,
								this.notices.of(settled, invocations, rule.includeOutput()))
						.isPresent()) {
				this.metrics.queued(rule);
			}
			return;
		}
		if (rule.type() == TargetType.PAGERDUTY && failing == 0) {
			// PagerDuty is told about failures only; a rerun that succeeded on every node
			// resolves the alert of the command it reran.
			String rerunOf = Notices.rerunOf(settled.command().command().comment()).orElse(null);
			if (rerunOf != null && !invocations.isEmpty() && this.outbox.told(rule.name(), rerunOf)
					&& this.outbox
						.add(rule, MessageKind.RESOLVE, commandId, rerunOf,
								this.notices.of(settled, invocations, rule.includeOutput()))
						.isPresent()) {
				this.metrics.queued(rule);
			}
			return;
		}
		if (rule.matches(settled.command().command(), failing) && this.outbox
			.add(rule, MessageKind.COMMAND, commandId, commandId,
					this.notices.of(settled, invocations, rule.includeOutput()))
			.isPresent()) {
			this.metrics.queued(rule);
		}
	}

}
