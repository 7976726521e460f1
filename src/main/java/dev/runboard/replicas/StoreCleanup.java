package dev.runboard.replicas;

import java.time.Duration;
import java.time.Instant;

import dev.runboard.aws.Printable;
import dev.runboard.history.SharedStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Removes what has expired from the shared state once a minute for the whole deployment,
 * not once per replica: expired sessions (Spring Session's own cleanup,
 * {@code spring.session.jdbc.cleanup-cron}, is turned off) and sign-in windows and locks
 * that say nothing any more. Each minute the replica that claims the lease
 * {@value #LEASE} does it; one that dies holding it delays the next cleanup by a minute.
 */
class StoreCleanup implements SmartLifecycle {

	static final String LEASE = "replicas-cleanup";

	private static final Log logger = LogFactory.getLog(StoreCleanup.class);

	private static final Duration EVERY = Duration.ofMinutes(1);

	/** A little under {@link #EVERY}: the next minute's claim finds it free again. */
	private static final Duration CLAIM = Duration.ofSeconds(55);

	private final SharedStore store;

	private final JdbcIndexedSessionRepository sessions;

	private final StoreSignInLockout lockout;

	private volatile ThreadPoolTaskScheduler scheduler;

	StoreCleanup(SharedStore store, JdbcIndexedSessionRepository sessions, StoreSignInLockout lockout) {
		this.store = store;
		this.sessions = sessions;
		this.lockout = lockout;
	}

	/**
	 * Removes what expired if no replica did within the last minute.
	 * @return whether this replica did
	 */
	boolean cleanUp() {
		if (!this.store.claimOnce(LEASE, CLAIM)) {
			return false;
		}
		this.sessions.cleanUpExpiredSessions();
		this.lockout.forgetExpired();
		return true;
	}

	@Override
	public void start() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("store-cleanup-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		scheduler.scheduleWithFixedDelay(this::run, Instant.now().plus(EVERY), EVERY);
		this.scheduler = scheduler;
	}

	private void run() {
		try {
			cleanUp();
		}
		catch (RuntimeException ex) {
			// The store is down: the next minute tries again, and pages say so meanwhile.
			logger.debug("Expired sessions and sign-in counts not removed: "
					+ Printable.quoted(String.valueOf(ex.getMessage())));
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
