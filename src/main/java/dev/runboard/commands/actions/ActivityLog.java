package dev.runboard.commands.actions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The activity log of actions, read from the store: every action begun on any replica
 * (the rows {@link StoreActionLedger} writes), newest first, filtered by user, command
 * and action, a page at a time by keyset. Kept as long as history
 * ({@code runboard.history.retention}).
 */
public class ActivityLog {

	/**
	 * How long an action may stay in flight before its row reads {@code unknown}: far
	 * longer than a rerun of twenty commands takes, so an action still in flight after it
	 * was begun by a replica that stopped before it wrote the outcome, and SSM may or may
	 * not have run it.
	 */
	static final Duration IN_FLIGHT_AT_MOST = Duration.ofMinutes(15);

	private static final String COLUMNS = "id, requested_at, user_name, action, source, command_id, nodes, nonce, "
			+ "outcome, new_command_ids, error, finished_at, acknowledged_by";

	private final JdbcClient jdbc;

	private final Runnable ensureReady;

	ActivityLog(JdbcClient jdbc, Runnable ensureReady) {
		this.jdbc = jdbc;
		this.ensureReady = ensureReady;
	}

	/**
	 * One page of the log, newest first.
	 * @param after the last row of the page before, or
	 * {@link ActivityFilter.Cursor#FIRST}
	 * @return up to {@code size} rows, and whether more follow
	 */
	Page page(ActivityFilter filter, ActivityFilter.Cursor after, int size, Instant now) {
		this.ensureReady.run();
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM action WHERE true");
		Map<String, Object> params = new HashMap<>();
		if (filter.user() != null) {
			sql.append(" AND lower(user_name) = lower(:user)");
			params.put("user", filter.user());
		}
		if (filter.commandId() != null) {
			sql.append(" AND (command_id = :commandId OR :commandId = ANY (new_command_ids))");
			params.put("commandId", filter.commandId());
		}
		if (filter.action() != null) {
			sql.append(" AND action = :action");
			params.put("action", filter.action());
		}
		if (!after.first()) {
			sql.append(" AND (requested_at, id) < (:afterAt, :afterId)");
			params.put("afterAt", StoreActionLedger.time(after.requestedAt()));
			params.put("afterId", after.id());
		}
		sql.append(" ORDER BY requested_at DESC, id DESC LIMIT :limit");
		params.put("limit", size + 1);
		List<Entry> rows = new ArrayList<>(
				this.jdbc.sql(sql.toString()).params(params).query((row, n) -> entry(row, now)).list());
		boolean more = rows.size() > size;
		return new Page(more ? rows.subList(0, size) : rows, more);
	}

	/** The actions on a command, and those that sent it, newest first. */
	List<Entry> onCommand(String commandId, Instant now) {
		return page(new ActivityFilter(null, commandId, null), ActivityFilter.Cursor.FIRST, 50, now).entries();
	}

	/** The action that sent {@code commandId}, if an action of Runboard's did. */
	Optional<Entry> sentBy(String commandId, Instant now) {
		this.ensureReady.run();
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM action WHERE :commandId = ANY (new_command_ids) "
					+ "ORDER BY requested_at DESC, id DESC LIMIT 1")
			.param("commandId", commandId)
			.query((row, n) -> entry(row, now))
			.optional();
	}

	/** Drops what is older than history keeps. */
	int dropBefore(Instant cutoff) {
		this.ensureReady.run();
		return this.jdbc
			.sql("DELETE FROM action WHERE requested_at < :cutoff "
					+ "AND id NOT IN (SELECT action_id FROM action_claim WHERE state <> 'done')")
			.param("cutoff", StoreActionLedger.time(cutoff))
			.update();
	}

	private static Entry entry(ResultSet row, Instant now) throws SQLException {
		Instant requested = StoreActionLedger.instant(row.getObject("requested_at", OffsetDateTime.class));
		String outcome = row.getString("outcome");
		String error = row.getString("error");
		if (outcome.equals("in-flight") && !now.isBefore(requested.plus(IN_FLIGHT_AT_MOST))) {
			outcome = "unknown";
			error = "No outcome was written: the replica that sent it may have stopped. Check the commands list "
					+ "for the comment's #" + row.getString("nonce") + " before doing it again.";
		}
		else if (outcome.equals("done") && error != null) {
			outcome = "partly-done";
		}
		return new Entry(row.getLong("id"), requested, row.getString("user_name"), row.getString("action"),
				row.getString("source"), row.getString("command_id"), StoreActionLedger.strings(row.getArray("nodes")),
				row.getString("nonce"), outcome, StoreActionLedger.strings(row.getArray("new_command_ids")), error,
				StoreActionLedger.instant(row.getObject("finished_at", OffsetDateTime.class)),
				row.getString("acknowledged_by"));
	}

	/**
	 * One action, as the log shows it.
	 *
	 * @param outcome {@code in-flight}, {@code done}, {@code partly-done},
	 * {@code not-sent} or {@code unknown}
	 * @param nodes the nodes named, empty for every node of the command
	 */
	record Entry(long id, Instant requestedAt, String user, String action, String source, String commandId,
			List<String> nodes, String nonce, String outcome, List<String> newCommandIds, String error,
			Instant finishedAt, String acknowledgedBy) {

		/** What the action is called on a page. */
		public String label() {
			return switch (this.action) {
				case "cancel" -> "Cancel";
				case "rerun-all" -> "Rerun";
				case "rerun-failed" -> "Rerun on failed nodes";
				default -> this.action;
			};
		}

		ActivityFilter.Cursor cursor() {
			return new ActivityFilter.Cursor(this.requestedAt, this.id);
		}

	}

	/** A page of the log, and whether more follow. */
	record Page(List<Entry> entries, boolean more) {

	}

}
