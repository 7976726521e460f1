package dev.runboard.invocations.export;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.runboard.web.RequestLimitException;

import org.springframework.stereotype.Component;

/**
 * How many exports are being written, in all and per user: an export takes a slot before
 * it asks SSM for anything, and gives it back when it ends, however it ends. Beyond the
 * limits an export is refused at once, never queued behind long ones.
 */
@Component
class ExportSlots {

	private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

	private final int maxConcurrent;

	private final int maxConcurrentPerUser;

	private final Map<String, Integer> byUser = new HashMap<>();

	private int running;

	ExportSlots(ExportProperties properties) {
		this.maxConcurrent = properties.maxConcurrent();
		this.maxConcurrentPerUser = properties.maxConcurrentPerUser();
	}

	/**
	 * @throws RequestLimitException when the user, or everyone together, has as many
	 * exports being written as allowed
	 */
	synchronized Slot take(String user) {
		int theirs = this.byUser.getOrDefault(user, 0);
		if (theirs >= this.maxConcurrentPerUser) {
			throw new RequestLimitException(true, RETRY_AFTER,
					"You have " + theirs + " exports being written already, the most one person may have at once "
							+ "(runboard.export.max-concurrent-per-user). Wait for one to finish, then try again.");
		}
		if (this.running >= this.maxConcurrent) {
			throw new RequestLimitException(false, RETRY_AFTER,
					"Runboard is writing " + this.running + " exports, the most it writes at once "
							+ "(runboard.export.max-concurrent). Try again in a minute.");
		}
		this.byUser.put(user, theirs + 1);
		this.running++;
		return new Slot(user);
	}

	private synchronized void giveBack(String user) {
		this.byUser.computeIfPresent(user, (name, count) -> (count > 1) ? count - 1 : null);
		this.running--;
	}

	/** One export's slot; closing it more than once gives it back once. */
	final class Slot implements AutoCloseable {

		private final String user;

		private boolean open = true;

		private Slot(String user) {
			this.user = user;
		}

		@Override
		public void close() {
			synchronized (this) {
				if (!this.open) {
					return;
				}
				this.open = false;
			}
			giveBack(this.user);
		}

	}

}
