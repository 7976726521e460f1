package dev.runboard.commands.actions;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import dev.runboard.commands.actions.ActionLedger.Entry;
import dev.runboard.commands.actions.ActionLedger.Key;
import dev.runboard.commands.actions.ActionLedger.State;

/**
 * A second submission of an action that is in flight, maybe on another replica, waits a
 * little for the first one's outcome, so that a double click answers both clicks with the
 * command that was sent rather than one of them with "being sent".
 */
final class InFlight {

	/**
	 * How long a second submission waits: longer than {@code SendCommand} takes when SSM
	 * is well, short enough that a stuck one is reported rather than waited for.
	 */
	static final Duration WAIT = Duration.ofSeconds(10);

	private static final long POLL_MILLIS = 100;

	private InFlight() {
	}

	/**
	 * The action's entry once it is no longer in flight, or as it stands after
	 * {@code wait}; empty when the ledger no longer holds it (it was not sent, and
	 * another submission may start it).
	 */
	static Optional<Entry> outcome(ActionLedger ledger, Key key, Clock clock, Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		while (true) {
			Optional<Entry> entry = ledger.onCommand(key.source(), key.commandId(), clock.instant())
				.stream()
				.filter((candidate) -> candidate.key().equals(key))
				.findFirst();
			if (entry.isEmpty() || entry.get().state() != State.IN_FLIGHT || System.nanoTime() >= deadline) {
				return entry;
			}
			try {
				Thread.sleep(POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return entry;
			}
		}
	}

}
