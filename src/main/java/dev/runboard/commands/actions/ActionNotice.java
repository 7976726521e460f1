package dev.runboard.commands.actions;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import dev.runboard.commands.actions.ActionLedger.Entry;
import dev.runboard.commands.actions.CommandActions.Outcome;

/**
 * What the page an action lands on says happened, in a polite live region
 * ({@code [role=status][data-action-notice]}): sent, already sent, or being sent by
 * someone else. Carried to that page as a flash attribute of the 303.
 *
 * @param text the sentence
 * @param repeated whether the action was not done now, because it was done or is being
 * done by an earlier request
 */
public record ActionNotice(String text, boolean repeated) {

	/** The model attribute (and flash attribute) that carries it. */
	static final String ATTRIBUTE = "actionNotice";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	static ActionNotice cancel(List<String> nodes, Outcome outcome, Instant now) {
		Entry entry = outcome.entry();
		String where = nodes.isEmpty() ? "every node still running" : count(nodes.size());
		if (!outcome.repeated()) {
			return new ActionNotice("Cancel sent to " + where + " at " + time(entry.started()) + " by " + entry.user()
					+ ". SSM cancels what has not finished; this page follows it.", false);
		}
		if (entry.state() == ActionLedger.State.IN_FLIGHT) {
			return new ActionNotice("A cancel of this command is being sent by " + entry.user() + " since "
					+ time(entry.started()) + ": it was not sent again.", true);
		}
		return new ActionNotice("Already sent " + ago(entry.finished(), now) + " by " + entry.user() + ": cancel to "
				+ where + ". It was not sent again.", true);
	}

	static ActionNotice rerun(String to, Outcome outcome, Instant now) {
		Entry entry = outcome.entry();
		List<String> sent = outcome.newCommandIds();
		if (!outcome.repeated()) {
			return new ActionNotice("Rerun sent: " + commands(sent) + " to " + to + " at " + time(entry.started())
					+ " by " + entry.user() + ".", false);
		}
		if (entry.state() == ActionLedger.State.IN_FLIGHT) {
			return new ActionNotice(
					"This rerun is being sent by " + entry.user() + " since " + time(entry.started())
							+ ": it was not sent again. Its command appears in this page's reruns once SSM answers.",
					true);
		}
		return new ActionNotice("Already sent " + ago(entry.finished(), now) + " by " + entry.user() + ": "
				+ commands(sent) + ". It was not sent again."
				+ ((entry.error() != null) ? " It went only in part: " + entry.error() : ""), true);
	}

	/** {@code 32 nodes} or {@code 1 node}. */
	static String count(int nodes) {
		return (nodes == 1) ? "1 node" : nodes + " nodes";
	}

	static String time(Instant instant) {
		return TIME.format(instant);
	}

	static String ago(Instant then, Instant now) {
		Duration age = Duration.between(then, now);
		if (age.toSeconds() < 120) {
			return Math.max(0, age.toSeconds()) + " s ago";
		}
		return age.toMinutes() + " min ago";
	}

	private static String commands(List<String> sent) {
		if (sent.isEmpty()) {
			return "no command";
		}
		return (sent.size() == 1) ? "command " + sent.get(0)
				: sent.size() + " commands (" + String.join(", ", sent) + ")";
	}

}
