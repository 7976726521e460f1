package dev.runboard.replicas;

import java.time.Duration;

import dev.runboard.history.SharedStore;
import dev.runboard.history.SharedWork;

import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Removes what has expired from the shared state once a minute for the whole deployment,
 * not once per replica: expired sessions (Spring Session's own cleanup,
 * {@code spring.session.jdbc.cleanup-cron}, is turned off) and sign-in windows and locks
 * that say nothing any more. Each minute the replica that claims the lease
 * {@value #LEASE} does it; one that dies holding it delays the next cleanup by a minute.
 */
class StoreCleanup extends SharedWork {

	static final String LEASE = "replicas-cleanup";

	private static final Duration EVERY = Duration.ofMinutes(1);

	/** A little under {@link #EVERY}: the next minute's claim finds it free again. */
	private static final Duration CLAIM = Duration.ofSeconds(55);

	private final SharedStore store;

	private final JdbcIndexedSessionRepository sessions;

	private final StoreSignInLockout lockout;

	StoreCleanup(SharedStore store, JdbcIndexedSessionRepository sessions, StoreSignInLockout lockout) {
		super("store-cleanup", EVERY, EVERY);
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
	protected void runOnce() {
		// The store down: the next minute tries again, and pages say so meanwhile.
		cleanUp();
	}

}
