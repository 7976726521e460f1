package dev.runboard.commands.actions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.runboard.aws.Printable;
import dev.runboard.history.SharedStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Keeps the activity log as long as history ({@code runboard.history.retention}): once a
 * day, the replica that claims it first drops older actions, never one still holding its
 * key (in flight, or of unknown outcome).
 */
class ActivityRetention implements SmartLifecycle {

	static final String LEASE = "activity-retention";

	private static final Log logger = LogFactory.getLog(ActivityRetention.class);

	private static final Duration CHECK = Duration.ofHours(1);

	private static final Duration PERIOD = Duration.ofHours(23);

	private final ActivityLog log;

	private final SharedStore store;

	private final Duration retention;

	private final Clock clock;

	private volatile ThreadPoolTaskScheduler scheduler;

	ActivityRetention(ActivityLog log, SharedStore store, Duration retention, Clock clock) {
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
	public void start() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("activity-retention-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		scheduler.scheduleWithFixedDelay(this::run, Instant.now().plus(Duration.ofMinutes(5)), CHECK);
		this.scheduler = scheduler;
	}

	private void run() {
		try {
			retain();
		}
		catch (RuntimeException ex) {
			logger.debug("Activity retention did not run: " + Printable.quoted(String.valueOf(ex.getMessage())));
		}
	}

	@Override
	public void stop() {
		ThreadPoolTaskScheduler scheduler = this.scheduler;
		this.scheduler = null;
		if (scheduler != null) {
			scheduler.shutdown();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
