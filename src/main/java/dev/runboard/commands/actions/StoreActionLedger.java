package dev.runboard.commands.actions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import dev.runboard.commands.actions.ActionLedger.Begin.AlreadyDone;
import dev.runboard.commands.actions.ActionLedger.Begin.AlreadyInFlight;
import dev.runboard.commands.actions.ActionLedger.Begin.Started;
import dev.runboard.commands.actions.ActionLedger.Begin.UnknownOutcome;
import dev.runboard.commands.actions.ActionLedger.Result.NotSent;
import dev.runboard.commands.actions.ActionLedger.Result.Sent;
import dev.runboard.commands.actions.ActionLedger.Result.Unknown;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The ledger in the store, shared by every replica: a double submission that reaches two
 * replicas sends once. Each action is a row of {@code action} (the activity log, kept
 * whatever happens to it) and each key the unique row of {@code action_claim}, pointing
 * at the action holding it. {@link #begin} writes the action and takes the key in one
 * transaction, committed before the caller sends anything: of two replicas beginning the
 * same key at once, PostgreSQL makes the second wait on the key's unique index until the
 * first commits, and then finds it in flight. Times are those the callers pass, as the
 * contract has it.
 */
public class StoreActionLedger implements ActionLedger {

	private static final String ENTRY_COLUMNS = "a.id, a.source, a.command_id, a.action, a.nodes, a.user_name, "
			+ "a.nonce, a.requested_at, c.state, c.finished_at, a.new_command_ids, a.error";

	private final JdbcClient jdbc;

	private final TransactionOperations transactions;

	private final Duration window;

	private final Runnable ensureReady;

	/**
	 * @param window how long an action done counts as done, from when it finished
	 * @param ensureReady makes sure the store holds its tables before the first statement
	 */
	public StoreActionLedger(JdbcClient jdbc, TransactionOperations transactions, Duration window,
			Runnable ensureReady) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.window = window;
		this.ensureReady = ensureReady;
	}

	@Override
	public Begin begin(Key key, String user, Instant now) {
		this.ensureReady.run();
		String claim = digest(key);
		while (true) {
			Entry started = this.transactions.execute((status) -> {
				String nonce = ActionLedger.nonce();
				long id = this.jdbc.sql("""
						INSERT INTO action (source, command_id, action, nodes, user_name, nonce, requested_at, outcome)
						VALUES (:source, :commandId, :action, :nodes, :user, :nonce, :now, 'in-flight')
						RETURNING id""")
					.param("source", key.source())
					.param("commandId", key.commandId())
					.param("action", key.action())
					.param("nodes", key.nodes().toArray(String[]::new))
					.param("user", user)
					.param("nonce", nonce)
					.param("now", time(now))
					.query(Long.class)
					.single();
				boolean claimed = this.jdbc.sql("""
						INSERT INTO action_claim AS c (action_key, action_id, state) VALUES (:key, :id, 'in-flight')
						ON CONFLICT (action_key) DO UPDATE
							SET action_id = EXCLUDED.action_id, state = 'in-flight', finished_at = NULL
							WHERE c.state = 'done' AND c.finished_at <= :cutoff
						RETURNING action_id""")
					.param("key", claim)
					.param("id", id)
					.param("cutoff", time(now.minus(this.window)))
					.query(Long.class)
					.optional()
					.isPresent();
				if (!claimed) {
					// Another action holds the key: this one was never begun.
					status.setRollbackOnly();
					return null;
				}
				return new Entry(key, user, nonce, now, State.IN_FLIGHT, null, List.of(), null);
			});
			if (started != null) {
				return new Started(started);
			}
			Optional<Entry> holder = holder(claim).map((entry) -> unlessStale(entry, now));
			if (holder.isPresent()) {
				Entry entry = holder.get();
				return switch (entry.state()) {
					case IN_FLIGHT -> new AlreadyInFlight(entry);
					case DONE -> new AlreadyDone(entry);
					case UNKNOWN -> new UnknownOutcome(entry);
				};
			}
			// The holder gave the key up (it was not sent) in between: try again.
		}
	}

	@Override
	public void finish(Key key, Result result, Instant now) {
		this.ensureReady.run();
		String claim = digest(key);
		this.transactions.executeWithoutResult((status) -> {
			Optional<Long> id = this.jdbc
				.sql("SELECT action_id FROM action_claim WHERE action_key = ? AND state = 'in-flight' FOR UPDATE")
				.param(claim)
				.query(Long.class)
				.optional();
			if (id.isEmpty()) {
				return;
			}
			String outcome;
			List<String> sent;
			String error;
			if (result instanceof Sent done) {
				outcome = "done";
				sent = done.newCommandIds();
				error = done.error();
			}
			else if (result instanceof Unknown unknown) {
				outcome = "unknown";
				sent = unknown.newCommandIds();
				error = unknown.error();
			}
			else {
				outcome = "not-sent";
				sent = List.of();
				error = ((NotSent) result).error();
			}
			this.jdbc.sql("""
					UPDATE action SET outcome = :outcome, new_command_ids = :sent, error = :error, finished_at = :now
					WHERE id = :id""")
				.param("outcome", outcome)
				.param("sent", sent.toArray(String[]::new))
				.param("error", error)
				.param("now", time(now))
				.param("id", id.get())
				.update();
			if (outcome.equals("not-sent")) {
				this.jdbc.sql("DELETE FROM action_claim WHERE action_key = ?").param(claim).update();
			}
			else {
				this.jdbc.sql("UPDATE action_claim SET state = :state, finished_at = :now WHERE action_key = :key")
					.param("state", outcome)
					.param("now", time(now))
					.param("key", claim)
					.update();
			}
		});
	}

	@Override
	public Entry acknowledgeUnknown(Key key, String user, Instant now) {
		this.ensureReady.run();
		String claim = digest(key);
		return this.transactions.execute((status) -> {
			Optional<Entry> holder = holder(claim).map((entry) -> unlessStale(entry, now))
				.filter((entry) -> entry.state() == State.UNKNOWN);
			if (holder.isEmpty()) {
				return null;
			}
			this.jdbc.sql("""
					WITH released AS (DELETE FROM action_claim c WHERE action_key = :key AND (state = 'unknown'
							OR (state = 'in-flight' AND EXISTS (SELECT 1 FROM action a
								WHERE a.id = c.action_id AND a.requested_at <= :stale)))
						RETURNING action_id)
					UPDATE action SET acknowledged_by = :user, acknowledged_at = :now
					WHERE id IN (SELECT action_id FROM released)""")
				.param("key", claim)
				.param("user", user)
				.param("now", time(now))
				.param("stale", time(now.minus(ActivityLog.IN_FLIGHT_AT_MOST)))
				.update();
			return holder.get();
		});
	}

	@Override
	public List<Entry> onCommand(String source, String commandId, Instant now) {
		this.ensureReady.run();
		return this.jdbc
			.sql("SELECT " + ENTRY_COLUMNS + " FROM action_claim c JOIN action a ON a.id = c.action_id "
					+ "WHERE a.source = :source AND a.command_id = :commandId "
					+ "AND (c.state <> 'done' OR c.finished_at > :cutoff) ORDER BY a.requested_at, a.id")
			.param("source", source)
			.param("commandId", commandId)
			.param("cutoff", time(now.minus(this.window)))
			.query(StoreActionLedger::entry)
			.list()
			.stream()
			.map((entry) -> unlessStale(entry, now))
			.toList();
	}

	/**
	 * An action in flight for longer than any takes
	 * ({@link ActivityLog#IN_FLIGHT_AT_MOST}) lost the replica that sent it before it
	 * wrote the outcome: its outcome is unknown, so an operator can check the commands
	 * list for its nonce and take it on, instead of its key being held for good.
	 */
	private static Entry unlessStale(Entry entry, Instant now) {
		if (entry.state() != State.IN_FLIGHT || now.isBefore(entry.started().plus(ActivityLog.IN_FLIGHT_AT_MOST))) {
			return entry;
		}
		return new Entry(entry.key(), entry.user(), entry.nonce(), entry.started(), State.UNKNOWN, null,
				entry.newCommandIds(), "No outcome was written: the replica that sent it may have stopped.");
	}

	private Optional<Entry> holder(String claim) {
		return this.jdbc
			.sql("SELECT " + ENTRY_COLUMNS
					+ " FROM action_claim c JOIN action a ON a.id = c.action_id WHERE c.action_key = ?")
			.param(claim)
			.query(StoreActionLedger::entry)
			.optional();
	}

	private static Entry entry(ResultSet row, int number) throws SQLException {
		Key key = new Key(row.getString("action"), row.getString("source"), row.getString("command_id"),
				strings(row.getArray("nodes")));
		State state = switch (row.getString("state")) {
			case "in-flight" -> State.IN_FLIGHT;
			case "done" -> State.DONE;
			default -> State.UNKNOWN;
		};
		return new Entry(key, row.getString("user_name"), row.getString("nonce"),
				instant(row.getObject("requested_at", OffsetDateTime.class)), state,
				instant(row.getObject("finished_at", OffsetDateTime.class)), strings(row.getArray("new_command_ids")),
				row.getString("error"));
	}

	static List<String> strings(Array array) throws SQLException {
		return (array != null) ? Arrays.asList((String[]) array.getArray()) : List.of();
	}

	static OffsetDateTime time(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

	/**
	 * The key's unique row: a digest, since a rerun on a thousand failed nodes names them
	 * all, more than an index entry holds.
	 */
	static String digest(Key key) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			String canonical = key.action() + "\n" + key.source() + "\n" + key.commandId() + "\n"
					+ String.join(",", key.nodes());
			return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
