package dev.runboard.commands.actions;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.runboard.commands.actions.CommandActions.Action;
import dev.runboard.commands.actions.CommandActions.Outcome;

/**
 * The actions done, or being done, within the duplicate window, each with its outcome
 * once it has one: what tells a second submission of the same action from a new one. It
 * is kept in this replica's memory; a failed action is forgotten, so submitting it again
 * tries again.
 */
final class DoneActions {

	private final Cache<Action, CompletableFuture<Outcome>> done;

	/**
	 * @param window how long an action counts as done after it was first submitted
	 */
	DoneActions(Duration window) {
		this.done = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(10_000).build();
	}

	/**
	 * Claims an action for this submission, unless an earlier submission of the same one
	 * holds it.
	 */
	Claim claim(Action action) {
		CompletableFuture<Outcome> mine = new CompletableFuture<>();
		CompletableFuture<Outcome> earlier = this.done.asMap().putIfAbsent(action, mine);
		return (earlier != null) ? new Claim(action, earlier, false) : new Claim(action, mine, true);
	}

	/** One submission's hold on an action: the first, which does it, or a repeat. */
	final class Claim {

		private final Action action;

		private final CompletableFuture<Outcome> outcome;

		private final boolean first;

		private Claim(Action action, CompletableFuture<Outcome> outcome, boolean first) {
			this.action = action;
			this.outcome = outcome;
			this.first = first;
		}

		/** Whether this submission is the first, and so does the action. */
		boolean first() {
			return this.first;
		}

		/**
		 * For a repeat: the first submission's outcome, once it has one.
		 * @throws RuntimeException what the first submission failed with
		 */
		Outcome earlier() {
			try {
				return this.outcome.join();
			}
			catch (CompletionException ex) {
				throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : ex;
			}
		}

		/**
		 * The action is done, wholly or in part: a repeat within the window gets this
		 * outcome.
		 */
		void done(Outcome outcome) {
			this.outcome.complete(outcome);
		}

		/**
		 * The action failed with nothing done: it is forgotten, and the repeats waiting
		 * for it fail the same way.
		 */
		void failed(RuntimeException ex) {
			DoneActions.this.done.asMap().remove(this.action, this.outcome);
			this.outcome.completeExceptionally(ex);
		}

	}

}
