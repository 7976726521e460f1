package dev.runboard.notifications;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The notification outbox in the store: messages written with the command that caused
 * them, claimed by the sender with {@code FOR UPDATE SKIP LOCKED}, and what became of
 * each, which is the delivery log. Every line of the notifications' SQL is here.
 */
class Outbox {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final Instant startedAt;

	/**
	 * @param startedAt when this replica started: a rule it brings is taken to exist from
	 * then
	 */
	Outbox(JdbcClient jdbc, Instant startedAt) {
		this.jdbc = jdbc;
		this.startedAt = startedAt;
	}

	/**
	 * When a rule was first seen by this store, recording it as seen when this replica
	 * started when it is new: a command is news to a rule only if it turned final after
	 * that.
	 */
	Instant ruleSince(String rule) {
		this.jdbc.sql("INSERT INTO notification_rule (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
			.params(rule, this.startedAt.atOffset(ZoneOffset.UTC))
			.update();
		return this.jdbc.sql("SELECT created_at FROM notification_rule WHERE name = ?")
			.param(rule)
			.query(Timestamp.class)
			.single()
			.toInstant();
	}

	/**
	 * Adds a message, unless the rule already has one for the command.
	 * @return its delivery ID, or empty when the rule had one for the command already
	 */
	Optional<UUID> add(NotificationRule rule, MessageKind kind, String commandId, String dedupKey, Notice notice) {
		UUID deliveryId = UUID.randomUUID();
		boolean added = this.jdbc.sql("""
				INSERT INTO notification_outbox (delivery_id, rule, target_type, kind, command_id, dedup_key, message)
				VALUES (:deliveryId, :rule, :type, :kind, :commandId, :dedupKey, CAST(:message AS jsonb))
				ON CONFLICT ON CONSTRAINT notification_once DO NOTHING
				""")
			.param("deliveryId", deliveryId)
			.param("rule", rule.name())
			.param("type", rule.type().id())
			.param("kind", kind.id())
			.param("commandId", commandId)
			.param("dedupKey", dedupKey)
			.param("message", JSON.writeValueAsString(notice))
			.update() == 1;
		return added ? Optional.of(deliveryId) : Optional.empty();
	}

	/**
	 * Asks a {@code watched} rule to tell about a command when it settles.
	 * @return whether this is the first time it was asked for that command
	 */
	boolean watch(String rule, String commandId, String user) {
		return this.jdbc.sql("""
				INSERT INTO notification_watch (rule, command_id, watched_by) VALUES (?, ?, ?)
				ON CONFLICT (rule, command_id) DO NOTHING
				""").params(rule, commandId, user).update() == 1;
	}

	/** Who asked each rule to tell about a command, by rule. */
	Map<String, String> watchers(String commandId) {
		Map<String, String> watchers = new LinkedHashMap<>();
		this.jdbc.sql("SELECT rule, watched_by FROM notification_watch WHERE command_id = ? ORDER BY created_at")
			.param(commandId)
			.query((rs, row) -> watchers.put(rs.getString(1), rs.getString(2)))
			.list();
		return watchers;
	}

	/** Whether a user asked the rule to tell about the command. */
	boolean watched(String rule, String commandId) {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM notification_watch WHERE rule = ? AND command_id = ?)")
			.params(rule, commandId)
			.query(Boolean.class)
			.single();
	}

	/** Whether the rule has told its target about the command (any attempt at it). */
	boolean told(String rule, String commandId) {
		return this.jdbc
			.sql("SELECT EXISTS (SELECT 1 FROM notification_outbox WHERE rule = ? AND command_id = ? AND kind = ?)")
			.params(rule, commandId, MessageKind.COMMAND.id())
			.query(Boolean.class)
			.single();
	}

	/**
	 * Claims messages that are due, for the replica that holds the sender's lease (and
	 * renews it before each attempt): none twice by this replica; one another replica had
	 * claimed is taken over, since that replica no longer sends (it stopped or died while
	 * sending, or lost the lease), and a message that may have arrived is said to be a
	 * resend.
	 */
	List<Claimed> claim(String holder, int most, Duration claimFor) {
		return this.jdbc.sql("""
				UPDATE notification_outbox o SET attempts = o.attempts + 1, claimed_by = :holder,
					claimed_until = now() + :claimFor * interval '1 ms', in_flight = true
				FROM (SELECT id, in_flight AS resent FROM notification_outbox
					WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= now()
					AND (claimed_until IS NULL OR claimed_until < now() OR claimed_by <> :holder)
					ORDER BY id LIMIT :most FOR UPDATE SKIP LOCKED) due
				WHERE o.id = due.id
				RETURNING o.id, o.delivery_id, o.rule, o.kind, o.command_id, o.dedup_key, o.message::text, o.attempts,
					due.resent
				""")
			.param("holder", holder)
			.param("claimFor", claimFor.toMillis())
			.param("most", most)
			.query((rs, row) -> new Claimed(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
					MessageKind.of(rs.getString(4)), rs.getString(5), rs.getString(6),
					JSON.readValue(rs.getString(7), Notice.class), rs.getInt(8), rs.getBoolean(9)))
			.list()
			.stream()
			.sorted(java.util.Comparator.comparingLong(Claimed::id))
			.toList();
	}

	/** The target took the message. */
	void sent(long id, String outcome) {
		this.jdbc.sql("""
				UPDATE notification_outbox SET sent_at = now(), in_flight = false, claimed_by = NULL,
					claimed_until = NULL, outcome = :outcome, outcome_at = now() WHERE id = :id
				""").param("outcome", outcome).param("id", id).update();
	}

	/**
	 * The attempt failed; the message is tried again after {@code retryIn}.
	 * @param maybeDelivered whether the target may have taken it all the same (a timeout
	 * after the request went out): the next attempt says it is a resend
	 */
	void retry(long id, String outcome, Duration retryIn, boolean maybeDelivered) {
		this.jdbc.sql("""
				UPDATE notification_outbox SET next_attempt_at = now() + :retryIn * interval '1 ms',
					in_flight = :maybeDelivered, claimed_by = NULL, claimed_until = NULL, outcome = :outcome,
					outcome_at = now() WHERE id = :id
				""")
			.param("retryIn", retryIn.toMillis())
			.param("maybeDelivered", maybeDelivered)
			.param("outcome", outcome)
			.param("id", id)
			.update();
	}

	/** The message is not tried again. */
	void gaveUp(long id, String outcome) {
		this.jdbc.sql("""
				UPDATE notification_outbox SET gave_up_at = now(), in_flight = false, claimed_by = NULL,
					claimed_until = NULL, outcome = :outcome, outcome_at = now() WHERE id = :id
				""").param("outcome", outcome).param("id", id).update();
	}

	/** The newest deliveries, for the delivery log. */
	List<Delivery> newest(int most) {
		return this.jdbc.sql("""
				SELECT delivery_id, rule, target_type, kind, command_id, created_at, attempts, sent_at, gave_up_at,
					outcome, outcome_at, message ->> 'url'
				FROM notification_outbox ORDER BY created_at DESC, id DESC LIMIT ?
				""")
			.param(most)
			.query((rs, row) -> new Delivery(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					MessageKind.of(rs.getString(4)), rs.getString(5), instant(rs.getTimestamp(6)), rs.getInt(7),
					instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)), rs.getString(10),
					instant(rs.getTimestamp(11)), rs.getString(12)))
			.list();
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * A message claimed for an attempt.
	 *
	 * @param attempt this attempt's number, from 1
	 * @param resent whether an earlier attempt may have reached the target
	 */
	record Claimed(long id, UUID deliveryId, String rule, MessageKind kind, String commandId, String dedupKey,
			Notice notice, int attempt, boolean resent) {

	}

}
