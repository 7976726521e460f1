package dev.runboard.history;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;

/**
 * Migrates the store when it can, rather than when Runboard starts: Spring Boot migrates
 * at startup and fails the start when the database does not answer, and Runboard must
 * start (its live views need no store) and migrate once the store is back. Boot's
 * migration at startup is replaced by a strategy that does nothing
 * ({@link HistoryConfiguration}); the recorder's first poll, and each after a failure,
 * calls {@link #ensureMigrated()} with Boot's {@link Flyway}, configured by
 * {@code spring.flyway.*}.
 */
public class StoreSchema {

	private static final Log logger = LogFactory.getLog(StoreSchema.class);

	private final Partitions partitions;

	private final HistoryProperties properties;

	private final Clock clock;

	private final Flyway flyway;

	private volatile boolean ready;

	StoreSchema(Flyway flyway, Partitions partitions, HistoryProperties properties, Clock clock) {
		this.flyway = flyway;
		this.partitions = partitions;
		this.properties = properties;
		this.clock = clock;
	}

	/** Whether the store's tables are those this version of Runboard reads and writes. */
	public boolean ready() {
		return this.ready;
	}

	/**
	 * Migrates the store to this version of Runboard, once, and creates the partitions
	 * the recorder writes to: from the first run's backfill to two months ahead.
	 * @throws org.springframework.dao.DataAccessException or Flyway's exception when the
	 * store cannot be reached or migrated; the caller tries again later
	 */
	public synchronized void ensureMigrated() {
		if (this.ready) {
			return;
		}
		var result = this.flyway.migrate();
		Instant now = this.clock.instant();
		this.partitions.ensure(now.minus(this.properties.backfill()), now.plus(62, ChronoUnit.DAYS));
		this.ready = true;
		logger.info("History store ready at schema version " + result.targetSchemaVersion + " ("
				+ result.migrationsExecuted + " migrations applied now)");
	}

}
