package dev.runboard.commands.actions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.commands.CommandLinks;
import dev.runboard.commands.actions.ActionLedger.Entry;
import dev.runboard.commands.actions.ActionLedger.State;
import dev.runboard.web.Link;

import org.springframework.stereotype.Component;

/**
 * What the command page says about actions on its command, for every user who may see
 * them: which actions it offers now, the actions in flight ("rerun being sent by demo
 * since 01:26:21 UTC"), those whose outcome is unknown with what to check, those done
 * lately, and which command this one reruns. Templates reach this as
 * {@code @actionPanels}; nothing here calls AWS.
 */
@Component("actionPanels")
public class ActionPanels {

	private final CommandActions actions;

	private final Sources sources;

	private final Reruns reruns;

	ActionPanels(CommandActions actions, Sources sources, Reruns reruns) {
		this.actions = actions;
		this.sources = sources;
		this.reruns = reruns;
	}

	/**
	 * What the actions section of a command page shows.
	 *
	 * @param cancellable whether Cancel is offered: the command runs, is not being
	 * cancelled, and no cancel of all of it is in flight or was just sent
	 * @param inFlight actions being done now, in words
	 * @param unknown actions whose outcome is unknown
	 * @param recent actions done within the duplicate window, in words
	 * @param version which version of its document a rerun runs, in words
	 * @param checkedAll the nonce of a rerun on all targets of unknown outcome, for the
	 * operator's "I checked: send anyway", or {@code null}
	 * @param checkedFailed the same for a rerun on the failed nodes
	 */
	public record Panel(boolean cancellable, List<String> inFlight, List<Unknown> unknown, List<String> recent,
			String version, String checkedAll, String checkedFailed) {

	}

	/**
	 * An action whose outcome is unknown.
	 *
	 * @param text what happened, and what to look for
	 * @param commands the commands list of the command's source, where to look
	 */
	public record Unknown(String text, String commands) {

	}

	/**
	 * A rerun of a command, as its page lists it.
	 *
	 * @param user who sent it
	 * @param requestedAt when, or {@code null} when not known yet
	 * @param link its command page
	 */
	public record RerunLink(String commandId, String user, Instant requestedAt, String link) {

	}

	/** The actions section of a command page. */
	public Panel of(Source source, CommandDetail command) {
		List<String> inFlight = new ArrayList<>();
		List<Unknown> unknown = new ArrayList<>();
		List<String> recent = new ArrayList<>();
		boolean cancelHeld = false;
		String checkedAll = null;
		String checkedFailed = null;
		String commands = Link.to("/commands").in(this.sources.shown(source)).toString();
		for (Entry entry : this.actions.onCommand(source, command.command().commandId())) {
			String what = what(entry);
			if (entry.state() == State.IN_FLIGHT) {
				inFlight.add(what + " being sent by " + entry.user() + " since " + ActionNotice.time(entry.started()));
			}
			else if (entry.state() == State.UNKNOWN) {
				unknown.add(new Unknown(CommandActions.unknownMessage(entry), commands));
				if (CommandActions.RERUN_ALL.equals(entry.key().action())) {
					checkedAll = entry.nonce();
				}
				else if (CommandActions.RERUN_FAILED.equals(entry.key().action())) {
					checkedFailed = entry.nonce();
				}
			}
			else {
				recent.add(capitalized(what) + " sent at " + ActionNotice.time(entry.finished()) + " by " + entry.user()
						+ (entry.newCommandIds().isEmpty() ? "" : ": " + String.join(", ", entry.newCommandIds()))
						+ ((entry.error() != null) ? " (in part: " + entry.error() + ")" : ""));
			}
			if (CommandActions.CANCEL.equals(entry.key().action()) && entry.key().nodes().isEmpty()
					&& entry.state() != State.UNKNOWN) {
				cancelHeld = true;
			}
		}
		return new Panel(CommandActions.cancellable(command) && !cancelHeld, inFlight, unknown, recent,
				version(command), checkedAll, checkedFailed);
	}

	/**
	 * The command this command reruns, as a link, or {@code null}: the action of the
	 * activity log that sent it, or else what its comment names, checked to be a command
	 * ID.
	 */
	public String rerunOf(Source source, CommandDetail command) {
		String original = this.reruns.originalOf(source, command.command());
		return (original != null) ? new CommandLinks(original, this.sources.shown(source)).page() : null;
	}

	/** The ID of the command this command reruns, or {@code null}. */
	public String rerunOfId(Source source, CommandDetail command) {
		return this.reruns.originalOf(source, command.command());
	}

	/**
	 * Which document version a rerun runs: the one the command was sent with, as it was
	 * asked for. {@code $DEFAULT} and {@code $LATEST} are looked up again when the rerun
	 * is sent, and may be other content than this command ran.
	 */
	static String version(CommandDetail command) {
		String version = command.command().documentVersion();
		if (version == null || version.isBlank() || "$DEFAULT".equals(version)) {
			return "the document's default version at the time of the rerun ($DEFAULT), which may be newer than what "
					+ "this command ran";
		}
		if ("$LATEST".equals(version)) {
			return "the document's latest version at the time of the rerun ($LATEST), which may be newer than what "
					+ "this command ran";
		}
		return "version " + version + " of the document, as this command did";
	}

	private static String what(Entry entry) {
		return switch (entry.key().action()) {
			case CommandActions.CANCEL -> entry.key().nodes().isEmpty() ? "cancel"
					: "cancel of " + ActionNotice.count(entry.key().nodes().size());
			case CommandActions.RERUN_ALL -> "rerun";
			case CommandActions.RERUN_FAILED -> "rerun on " + ActionNotice.count(entry.key().nodes().size());
			default -> entry.key().action();
		};
	}

	private static String capitalized(String text) {
		return Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

}
