package dev.runboard.notifications;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a message says about a command, fixed when the command settled and kept in the
 * outbox, so every attempt at a delivery says the same. Text here is as SSM gave it: each
 * target's {@link Payloads payload} makes it inert in that target's markup.
 *
 * @param commandId the command, or {@code null} for a test message
 * @param document its document name
 * @param comment its comment, or {@code null}
 * @param requester who sent it, when Runboard did (a rerun), or {@code null}
 * @param source the account and region it ran in, as pages name them
 * @param status the command's status ({@code Success}, {@code Failed}…)
 * @param targetCount how many nodes it was sent to
 * @param counts invocations per response status, largest first
 * @param failing how many invocations did not succeed
 * @param failureGroups the largest groups of failing invocations
 * @param url the command page, absolute
 */
public record Notice(String commandId, String document, String comment, String requester, String source, String status,
		int targetCount, Map<String, Integer> counts, int failing, List<Group> failureGroups, String url) {

	public Notice {
		counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
		failureGroups = List.copyOf(failureGroups);
	}

	/**
	 * A group of failing invocations that say the same.
	 *
	 * @param reason how they ended: {@code exit 1}, {@code ExecutionTimedOut}…
	 * @param line the telling line of their output, normalised; {@code null} when the
	 * rule does not let the channel see output, or they printed nothing
	 */
	public record Group(int count, String reason, String line) {

		/** The signature as the command page writes it. */
		public String signature() {
			return (this.line != null) ? this.reason + " · " + this.line : this.reason;
		}

	}

	/** The headline: how it went, in words of Runboard's own and numbers. */
	public String headline() {
		if (this.commandId == null) {
			return "Test message from Runboard";
		}
		if (this.failing > 0) {
			return "Failed on " + this.failing + " of " + this.targetCount + " nodes";
		}
		// SSM's statuses are words; anything else in its place is not repeated.
		String status = (this.status != null && this.status.matches("[A-Za-z]{1,32}")) ? this.status : "Ended";
		return status + " on " + this.targetCount + ((this.targetCount == 1) ? " node" : " nodes");
	}

}
