package dev.runboard.commands.actions;

import java.time.Clock;
import java.time.Duration;

import dev.runboard.history.SharedStore;
import dev.runboard.history.SharedWork;

/**
 * Keeps the activity log as long as history ({@code runboard.history.retention}): once a
 * day, the replica that claims it first drops older actions, never one still holding its
 * key (in flight, or of unknown outcome).
 */
class ActivityRetention extends SharedWork {

	static final String LEASE = "activity-retention";

	private static final Duration CHECK = Duration.ofHours(1);

	private static final Duration PERIOD = Duration.ofHours(23);

	private final ActivityLog log;

	private final SharedStore store;

	private final Duration retention;

	private final Clock clock;

	ActivityRetention(ActivityLog log, SharedStore store, Duration retention, Clock clock) {
		super("activity-retention", Duration.ofMinutes(5), CHECK);
		this.log = log;
		this.store = store;
		this.retention = retention;
		this.clock = clock;
	}

	/**
	 * Drops what history no longer keeps, if no replica did today.
	 * @return the actions dropped, or -1 when another replica's turn it was
	 */
	int retain() {
		if (!this.store.claimOnce(LEASE, PERIOD)) {
			return -1;
		}
		return this.log.dropBefore(this.clock.instant().minus(this.retention));
	}

	@Override
	protected void runOnce() {
		retain();
	}

}
