package dev.runboard.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.runboard.aws.InvocationRecord;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Computes again the failure signature of each failing, final invocation kept without one
 * of the current version (recorded before signatures were kept, or by an older version of
 * the rules), newest first, a batch per transaction. Counts of where else a failure
 * occurred compare signatures of one version only; until this has run, older invocations
 * are simply not counted.
 */
class SignatureRefresh {

	private static final int BATCH = 500;

	private final JdbcClient jdbc;

	private final TransactionOperations transactions;

	private final FailureSignatures signatures;

	SignatureRefresh(JdbcClient jdbc, TransactionOperations transactions, FailureSignatures signatures) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.signatures = signatures;
	}

	/**
	 * @return how many signatures were computed
	 */
	int refresh() {
		if (this.signatures == null) {
			return 0;
		}
		int done = 0;
		Key after = null;
		while (true) {
			Key from = after;
			List<Stale> batch = this.transactions.execute((status) -> refreshBatch(from));
			if (batch == null || batch.isEmpty()) {
				return done;
			}
			done += batch.size();
			after = batch.get(batch.size() - 1).key();
		}
	}

	private List<Stale> refreshBatch(Key after) {
		StringBuilder sql = new StringBuilder("""
				SELECT command_id, instance_id, source_id, requested_at, instance_name, status, status_details
				FROM invocation
				WHERE status IN ('Failed', 'TimedOut', 'Cancelled') AND final
					AND signature_version IS DISTINCT FROM :version""");
		Map<String, Object> params = new HashMap<>();
		params.put("version", (short) this.signatures.version());
		if (after != null) {
			sql.append(" AND (requested_at, command_id, instance_id, source_id) < (:at, :command, :instance, :source)");
			params.put("at", after.requestedAt());
			params.put("command", after.commandId());
			params.put("instance", after.instanceId());
			params.put("source", after.sourceId());
		}
		sql.append(" ORDER BY requested_at DESC, command_id DESC, instance_id DESC, source_id DESC LIMIT " + BATCH);
		List<Stale> stale = this.jdbc.sql(sql.toString()).params(params).query(SignatureRefresh::stale).list();
		if (stale.isEmpty()) {
			return stale;
		}
		Map<Key, List<InvocationRecord.Plugin>> plugins = new HashMap<>();
		this.jdbc.sql("""
				SELECT command_id, instance_id, source_id, requested_at, name, status, status_details, response_code,
					output
				FROM invocation_plugin WHERE (command_id, instance_id, source_id, requested_at) IN (:keys)
				ORDER BY position""")
			.param("keys", stale.stream().map((row) -> row.key().values()).toList())
			.query((rs) -> {
				plugins.computeIfAbsent(key(rs), (k) -> new ArrayList<>())
					.add(new InvocationRecord.Plugin(rs.getString("name"), rs.getString("status"),
							rs.getString("status_details"), (Integer) rs.getObject("response_code"), null, null,
							rs.getString("output"), null, null, null, null, null, null));
			});
		List<Object[]> updates = new ArrayList<>();
		for (Stale row : stale) {
			InvocationRecord invocation = new InvocationRecord(row.key().commandId(), row.key().instanceId(),
					row.instanceName(), null, null, null, null, row.status(), row.statusDetails(), null, null, null,
					null, false, null, plugins.getOrDefault(row.key(), List.of()));
			Object[] key = row.key().values();
			updates.add(new Object[] { this.signatures.signature(invocation), (short) this.signatures.version(), key[0],
					key[1], key[2], key[3] });
		}
		for (Object[] update : updates) {
			this.jdbc
				.sql("UPDATE invocation SET failure_signature = ?, signature_version = ? "
						+ "WHERE command_id = ? AND instance_id = ? AND source_id = ? AND requested_at = ?")
				.params(update)
				.update();
		}
		return stale;
	}

	private static Key key(ResultSet rs) throws SQLException {
		return new Key(rs.getString("command_id"), rs.getString("instance_id"), rs.getShort("source_id"),
				rs.getObject("requested_at", OffsetDateTime.class));
	}

	private static Stale stale(ResultSet rs, int index) throws SQLException {
		return new Stale(key(rs), rs.getString("instance_name"), rs.getString("status"),
				rs.getString("status_details"));
	}

	private record Key(String commandId, String instanceId, short sourceId, OffsetDateTime requestedAt) {

		Object[] values() {
			return new Object[] { this.commandId, this.instanceId, this.sourceId, this.requestedAt };
		}

	}

	private record Stale(Key key, String instanceName, String status, String statusDetails) {

	}

}
