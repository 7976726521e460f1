package dev.runboard.history;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The monthly partitions of the large tables ({@code invocation} and
 * {@code invocation_plugin}, by the month of the command's requested time, in UTC):
 * created ahead of what the recorder writes, dropped whole by retention. A row whose
 * month has no partition lands in the default partition; creating the partition later
 * moves such rows into it.
 */
class Partitions {

	/** Tables partitioned by month, parents before children of nothing: drop order. */
	static final List<String> TABLES = List.of("invocation_plugin", "invocation");

	private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'y'yyyy'm'MM");

	private static final Pattern MONTH = Pattern.compile("y(\\d{4})m(\\d{2})");

	/**
	 * Serialises partition changes across replicas, within one transaction; released at
	 * its end, so a pool retiring the connection cannot strand it.
	 */
	private static final long LOCK = 0x52554e424f415244L;

	private final JdbcClient jdbc;

	private final TransactionOperations transactions;

	Partitions(JdbcClient jdbc, TransactionOperations transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** Creates the partition of every month from {@code from}'s to {@code to}'s. */
	void ensure(Instant from, Instant to) {
		YearMonth last = month(to);
		for (YearMonth month = month(from); !month.isAfter(last); month = month.plusMonths(1)) {
			ensure(month);
		}
	}

	private void ensure(YearMonth month) {
		if (exists("invocation_" + month.format(NAME))) {
			return;
		}
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK).query().singleRow();
			for (String table : TABLES) {
				create(table, month);
			}
		});
	}

	private void create(String table, YearMonth month) {
		String partition = table + "_" + month.format(NAME);
		if (exists(partition)) {
			return;
		}
		String from = start(month);
		String to = start(month.plusMonths(1));
		// Rows written while the month had no partition are in the default one, and
		// attaching a partition fails while the default holds rows of its range: move
		// them first, in the same transaction.
		// Generated columns (search's) are computed again as the rows move.
		this.jdbc
			.sql("CREATE TABLE " + partition + " (LIKE " + table
					+ " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)")
			.update();
		String columns = this.jdbc
			.sql("SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) "
					+ "FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? "
					+ "AND is_generated = 'NEVER'")
			.param(table)
			.query(String.class)
			.single();
		this.jdbc
			.sql("WITH moved AS (DELETE FROM " + table + "_default WHERE requested_at >= '" + from
					+ "' AND requested_at < '" + to + "' RETURNING *) INSERT INTO " + partition + " (" + columns
					+ ") SELECT " + columns + " FROM moved")
			.update();
		this.jdbc
			.sql("ALTER TABLE " + table + " ATTACH PARTITION " + partition + " FOR VALUES FROM ('" + from + "') TO ('"
					+ to + "')")
			.update();
	}

	/**
	 * Drops every partition whose month ended at or before {@code cutoff}.
	 * @return the months dropped
	 */
	List<YearMonth> dropBefore(Instant cutoff) {
		YearMonth firstKept = month(cutoff);
		return this.transactions.execute((status) -> {
			this.jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK).query().singleRow();
			List<YearMonth> dropped = months("invocation").stream().filter(firstKept::isAfter).toList();
			for (YearMonth month : dropped) {
				for (String table : TABLES) {
					this.jdbc.sql("DROP TABLE IF EXISTS " + table + "_" + month.format(NAME)).update();
				}
			}
			return dropped;
		});
	}

	/** The months {@code table} has a partition for, oldest first. */
	List<YearMonth> months(String table) {
		return this.jdbc
			.sql("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
					+ "WHERE i.inhparent = to_regclass(?) ORDER BY c.relname")
			.param(table)
			.query(String.class)
			.list()
			.stream()
			.map((name) -> MONTH.matcher(name.substring(name.lastIndexOf('_') + 1)))
			.filter(Matcher::matches)
			.map((matcher) -> YearMonth.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))))
			.toList();
	}

	private boolean exists(String table) {
		return this.jdbc.sql("SELECT to_regclass(?) IS NOT NULL").param(table).query(Boolean.class).single();
	}

	private static YearMonth month(Instant instant) {
		return YearMonth.from(instant.atOffset(ZoneOffset.UTC));
	}

	private static String start(YearMonth month) {
		return month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC).toString();
	}

}
