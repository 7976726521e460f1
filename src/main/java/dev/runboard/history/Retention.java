package dev.runboard.history;

import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Drops history older than {@code runboard.history.retention}: whole monthly partitions
 * first (no row by row deletion, no table bloat), then the rows before the cutoff in the
 * month it falls in and in the default partition, and the commands. Also creates the
 * partitions of the months ahead. Run once a day by one replica ({@link HistoryJobs}).
 */
class Retention {

	private static final Log logger = LogFactory.getLog(Retention.class);

	private final JdbcClient jdbc;

	private final Partitions partitions;

	private final TransactionOperations transactions;

	Retention(JdbcClient jdbc, Partitions partitions, TransactionOperations transactions) {
		this.jdbc = jdbc;
		this.partitions = partitions;
		this.transactions = transactions;
	}

	/**
	 * @param cutoff history requested before this is dropped
	 * @return the months whose partitions were dropped whole
	 */
	List<YearMonth> dropBefore(Instant cutoff, Instant now) {
		List<YearMonth> dropped = this.partitions.dropBefore(cutoff);
		int[] deleted = this.transactions.execute((status) -> new int[] {
				this.jdbc.sql("DELETE FROM invocation_plugin WHERE requested_at < ?")
					.param(HistoryStore.time(cutoff))
					.update(),
				this.jdbc.sql("DELETE FROM invocation WHERE requested_at < ?")
					.param(HistoryStore.time(cutoff))
					.update(),
				this.jdbc.sql("DELETE FROM command WHERE requested_at < ?")
					.param(HistoryStore.time(cutoff))
					.update() });
		this.partitions.ensure(now, now.plus(62, ChronoUnit.DAYS));
		logger.info("History before " + cutoff + " dropped: " + dropped.size() + " monthly partitions, " + deleted[1]
				+ " more invocations and " + deleted[2] + " commands");
		return dropped;
	}

}
