package dev.runboard.history;

import java.time.Duration;

import dev.runboard.aws.Printable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The store as the features that keep what replicas share use it (sessions, the sign-in
 * lockout, the actions' ledger and activity): migrated before their first statement,
 * asked whether it answers, and work done once per deployment by whichever replica claims
 * it ({@link Leases}). Their SQL stays in their own packages; this is what they need of
 * the store itself.
 */
public class SharedStore {

	private static final Log logger = LogFactory.getLog(SharedStore.class);

	/**
	 * After a failed attempt to reach the store, how long further attempts fail at once
	 * rather than each waiting for a connection that will not come.
	 */
	private static final Duration QUIET_AFTER_FAILURE = Duration.ofSeconds(2);

	private final JdbcClient jdbc;

	private final StoreSchema schema;

	private final Leases leases;

	/** {@link System#nanoTime()} of the last failure, or 0 after a success. */
	private volatile long failedAt;

	private volatile StoreUnavailableException lastFailure;

	SharedStore(JdbcClient jdbc, StoreSchema schema, Leases leases) {
		this.jdbc = jdbc;
		this.schema = schema;
		this.leases = leases;
	}

	/**
	 * Makes sure the store holds this version's tables, migrating it the first time.
	 * @throws StoreUnavailableException when the store cannot be reached or migrated
	 */
	public void ensureReady() {
		if (this.schema.ready()) {
			return;
		}
		guarded(this.schema::ensureMigrated);
	}

	/**
	 * Whether the store answers now, with this version's tables: one round trip.
	 * @throws StoreUnavailableException when it does not
	 */
	public void check() {
		ensureReady();
		guarded(() -> this.jdbc.sql("SELECT 1").query(Integer.class).single());
	}

	/**
	 * Claims work done once per {@code period} by whichever replica comes first, such as
	 * the removal of expired sessions.
	 * @return whether this replica claimed it
	 * @throws StoreUnavailableException when the store cannot answer
	 */
	public boolean claimOnce(String name, Duration period) {
		ensureReady();
		boolean[] claimed = new boolean[1];
		guarded(() -> claimed[0] = this.leases.claim(name, period));
		return claimed[0];
	}

	private void guarded(Runnable work) {
		long failed = this.failedAt;
		StoreUnavailableException last = this.lastFailure;
		if (failed != 0 && last != null && System.nanoTime() - failed < QUIET_AFTER_FAILURE.toNanos()) {
			throw last;
		}
		try {
			work.run();
			this.failedAt = 0;
		}
		catch (DataAccessException | org.flywaydb.core.api.FlywayException ex) {
			// The driver's words name the database's host and port: for the log, not for
			// a page.
			logger.warn("The store (PostgreSQL) does not answer: " + Printable.of(message(ex)));
			StoreUnavailableException unavailable = new StoreUnavailableException(
					"The store (PostgreSQL) does not answer.", ex);
			this.lastFailure = unavailable;
			this.failedAt = System.nanoTime();
			throw unavailable;
		}
	}

	private static String message(RuntimeException ex) {
		return (ex instanceof DataAccessException dataAccess) ? dataAccess.getMostSpecificCause().getMessage()
				: ex.getMessage();
	}

}
