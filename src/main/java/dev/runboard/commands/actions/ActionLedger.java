package dev.runboard.commands.actions;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The actions on commands that are being done, were done lately, or may have been done:
 * what tells a second submission of an action (a double click, a second tab, a second
 * on-call engineer, a retry after a timeout) from a new one, so that a command is never
 * sent twice without someone being told first.
 * <p>
 * An action is known by its {@link Key}: what it does, to which command, on which nodes,
 * never who asks. {@link #begin} claims it; whoever began it {@link #finish finishes} it
 * with what happened:
 * <ul>
 * <li>{@link Result.Sent}: it is done; the same action is answered with that outcome for
 * the duplicate window, counted from when it finished;</li>
 * <li>{@link Result.NotSent}: AWS refused it and nothing was done; it is forgotten, so
 * submitting it again tries again;</li>
 * <li>{@link Result.Unknown}: AWS may have done it (a timeout, a 5xx, a connection lost
 * after the request went); the same action is refused until someone who checked
 * {@link #acknowledgeUnknown acknowledges} it.</li>
 * </ul>
 * An action in flight never expires: it holds until it is finished.
 * <p>
 * Implementations are shared by every request of a replica (and, in the store, by every
 * replica), and each method is atomic: of two {@link #begin}s of the same key at once,
 * one is {@link Begin.Started}. {@code ActionLedgerContract} (in the tests) is what each
 * implementation must pass.
 */
public interface ActionLedger {

	/**
	 * Claims an action, unless it is in flight, done within the window, or of unknown
	 * outcome.
	 * @param now the time of the request; the window of an action done counts to it
	 */
	Begin begin(Key key, String user, Instant now);

	/**
	 * Records how an action begun with {@link #begin} ended. Finishing a key that is not
	 * in flight does nothing.
	 */
	void finish(Key key, Result result, Instant now);

	/**
	 * Someone checked an action of unknown outcome (in the commands list, for the
	 * comment's nonce), and takes the responsibility of doing it again: the action is
	 * forgotten, so the next {@link #begin} starts it.
	 * @return the entry acknowledged, or {@code null} when the action's outcome was not
	 * unknown (then nothing changes)
	 */
	Entry acknowledgeUnknown(Key key, String user, Instant now);

	/**
	 * The actions on one command that a page about it should mention: in flight, of
	 * unknown outcome, or done within the window; oldest first.
	 */
	List<Entry> onCommand(String source, String commandId, Instant now);

	/**
	 * What an action is, whoever does it.
	 *
	 * @param action {@code cancel}, {@code rerun-all} or {@code rerun-failed}
	 * @param source the account and region it acts in, as the source's label
	 * @param commandId the command acted on
	 * @param nodes the nodes it acts on, sorted without repeats; empty for every node the
	 * action means
	 */
	record Key(String action, String source, String commandId, List<String> nodes) {

		public Key {
			Objects.requireNonNull(action, "action");
			Objects.requireNonNull(source, "source");
			Objects.requireNonNull(commandId, "commandId");
			nodes = nodes.stream().distinct().sorted().toList();
		}

	}

	/** Where an action stands. */
	enum State {

		/** Begun, not finished. */
		IN_FLIGHT,

		/** Done: the commands it sent, if any, are known. */
		DONE,

		/** AWS may or may not have done it. */
		UNKNOWN

	}

	/**
	 * One action as the ledger holds it.
	 *
	 * @param user who began it
	 * @param nonce a short random word carried by what the action sends (the comment of a
	 * rerun), so that the commands list tells whether it went out
	 * @param started when it was begun
	 * @param finished when it finished, or {@code null} in flight
	 * @param newCommandIds the commands it sent, as far as known
	 * @param error what went wrong, or {@code null}: for {@link State#UNKNOWN}, why the
	 * outcome is unknown; for {@link State#DONE}, why it was done only in part
	 */
	record Entry(Key key, String user, String nonce, Instant started, State state, Instant finished,
			List<String> newCommandIds, String error) {

		public Entry {
			newCommandIds = List.copyOf(newCommandIds);
		}

		/**
		 * Whether the window of an action done (counted from when it finished) is over.
		 */
		public boolean expired(Duration window, Instant now) {
			return this.state == State.DONE && !now.isBefore(this.finished.plus(window));
		}

	}

	/** What {@link #begin} found. */
	sealed interface Begin {

		Entry entry();

		/** The action is claimed for this request: do it, then {@link #finish} it. */
		record Started(Entry entry) implements Begin {

		}

		/** Someone (maybe this user in another tab) is doing it now. */
		record AlreadyInFlight(Entry entry) implements Begin {

		}

		/** It was done within the window: answer with its outcome. */
		record AlreadyDone(Entry entry) implements Begin {

		}

		/** AWS may have done it: refuse until someone acknowledges it. */
		record UnknownOutcome(Entry entry) implements Begin {

		}

	}

	/** How an action ended. */
	sealed interface Result {

		/**
		 * Done, wholly or in part.
		 *
		 * @param newCommandIds the commands sent (none for a cancel)
		 * @param error why only part was done (AWS refused the rest), or {@code null}
		 */
		record Sent(List<String> newCommandIds, String error) implements Result {

			public Sent {
				newCommandIds = List.copyOf(newCommandIds);
			}

		}

		/** AWS refused it, and nothing was done. */
		record NotSent(String error) implements Result {

		}

		/**
		 * AWS may have done it (or the rest of it).
		 *
		 * @param newCommandIds the commands known to have been sent before
		 * @param error what happened
		 */
		record Unknown(List<String> newCommandIds, String error) implements Result {

			public Unknown {
				newCommandIds = List.copyOf(newCommandIds);
			}

		}

	}

	/**
	 * A fresh nonce: four characters of {@code [a-z0-9]}, about 1.7 million values,
	 * enough to tell the commands of one command's reruns apart.
	 */
	static String nonce() {
		return Nonces.next();
	}

	/** The random source of nonces. */
	final class Nonces {

		private static final SecureRandom random = new SecureRandom();

		private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

		private Nonces() {
		}

		static String next() {
			char[] nonce = new char[4];
			for (int i = 0; i < nonce.length; i++) {
				nonce[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
			}
			return new String(nonce);
		}

	}

}
