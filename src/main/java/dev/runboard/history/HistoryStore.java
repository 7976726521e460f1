package dev.runboard.history;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.CommandView;
import dev.runboard.aws.InvocationRecord;
import dev.runboard.aws.WholeOutput;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The store's write side, and what the recorder keeps of where it stands: idempotent
 * upserts ({@code INSERT … ON CONFLICT}) that never take a final command or invocation
 * back to a running state (a late or stale answer loses to the final one). Callers wrap
 * what must stay together in one transaction.
 */
class HistoryStore {

	private final JdbcClient jdbc;

	private final NamedParameterJdbcOperations batch;

	private final Map<SourceKey, Short> sourceIds = new ConcurrentHashMap<>();

	private final FailureSignatures signatures;

	/**
	 * @param signatures how a failing invocation's signature is computed, or {@code null}
	 * to keep none
	 */
	HistoryStore(JdbcClient jdbc, NamedParameterJdbcOperations batch, FailureSignatures signatures) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.signatures = signatures;
	}

	/** An account (or {@code null} for Runboard's own) and region. */
	record SourceKey(String account, String region) {

	}

	/** The store's key of a source, added on first use. */
	short sourceId(SourceKey source) {
		return this.sourceIds.computeIfAbsent(source, (key) -> {
			this.jdbc
				.sql("INSERT INTO source (account, region) VALUES (?, ?) "
						+ "ON CONFLICT ON CONSTRAINT source_account_region DO NOTHING")
				.params(key.account(), key.region())
				.update();
			return this.jdbc.sql("SELECT id FROM source WHERE account IS NOT DISTINCT FROM ? AND region = ?")
				.params(key.account(), key.region())
				.query(Short.class)
				.single();
		});
	}

	Optional<RecorderState> recorderState(short sourceId) {
		return this.jdbc
			.sql("SELECT started_at, recorded_until, backfill_floor, backfill_next FROM recorder WHERE source_id = ?")
			.param(sourceId)
			.query((rs, row) -> new RecorderState(instant(rs.getTimestamp(1)), instant(rs.getTimestamp(2)),
					instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4))))
			.optional();
	}

	void saveRecorderState(short sourceId, RecorderState state) {
		this.jdbc
			.sql("INSERT INTO recorder (source_id, started_at, recorded_until, backfill_floor, backfill_next) "
					+ "VALUES (:source, :started, :until, :floor, :next) ON CONFLICT (source_id) DO UPDATE SET "
					+ "recorded_until = EXCLUDED.recorded_until, backfill_next = EXCLUDED.backfill_next, "
					+ "updated_at = now()")
			.param("source", sourceId)
			.param("started", time(state.startedAt()))
			.param("until", time(state.recordedUntil()))
			.param("floor", time(state.backfillFloor()))
			.param("next", time(state.backfillNext()))
			.update();
	}

	/** Whether the store holds no invocation of this source. */
	boolean empty(short sourceId) {
		return !this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM invocation WHERE source_id = ?)")
			.param(sourceId)
			.query(Boolean.class)
			.single();
	}

	Optional<StoredCommand> command(short sourceId, String commandId) {
		return this.jdbc
			.sql("SELECT status, status_details, target_count, completed_count, error_count, delivery_timed_out_count, "
					+ "final, settled, final_seen_at, lost_at FROM command WHERE command_id = ? AND source_id = ?")
			.params(commandId, sourceId)
			.query((rs, row) -> new StoredCommand(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
					rs.getInt(5), rs.getInt(6), rs.getBoolean(7), rs.getBoolean(8), instant(rs.getTimestamp(9)),
					instant(rs.getTimestamp(10))))
			.optional();
	}

	/** The commands the recorder still follows: not settled, not lost; newest first. */
	List<String> unsettled(short sourceId) {
		return this.jdbc
			.sql("SELECT command_id FROM command WHERE source_id = ? AND NOT settled AND lost_at IS NULL "
					+ "ORDER BY requested_at DESC")
			.param(sourceId)
			.query(String.class)
			.list();
	}

	/**
	 * Writes a command as SSM lists it. Its status and counts never go back from final to
	 * running.
	 */
	void upsertCommand(short sourceId, CommandDetail detail, Instant now) {
		CommandView command = detail.command();
		boolean isFinal = !detail.running();
		this.jdbc
			.sql("""
					INSERT INTO command (command_id, source_id, requested_at, document_name, document_version, comment,
						status, status_details, target_count, completed_count, error_count, delivery_timed_out_count,
						expires_after, parameters, targets, instance_ids, max_concurrency, max_errors, timeout_seconds,
						service_role, notification_arn, notification_events, notification_type, output_s3_region,
						output_s3_bucket, output_s3_key_prefix, cloudwatch_enabled, cloudwatch_log_group,
						cloudwatch_effective_log_group, alarm_names, alarms_ignore_poll_failure, triggered_alarms, final,
						final_seen_at)
					VALUES (:commandId, :source, :requestedAt, :document, :version, :comment, :status, :details, :targets,
						:completed, :errors, :deliveryTimedOut, :expiresAfter, CAST(:parameters AS jsonb),
						CAST(:targetList AS jsonb), :instanceIds, :maxConcurrency, :maxErrors, :timeoutSeconds,
						:serviceRole, :notificationArn, :notificationEvents, :notificationType, :s3Region, :s3Bucket,
						:s3Prefix, :cloudWatch, :logGroup, :effectiveLogGroup, :alarmNames, :alarmsIgnore, :triggered,
						:final, :finalSeenAt)
					ON CONFLICT (command_id, source_id) DO UPDATE SET
						document_name = EXCLUDED.document_name, document_version = EXCLUDED.document_version,
						comment = EXCLUDED.comment, status = EXCLUDED.status, status_details = EXCLUDED.status_details,
						target_count = EXCLUDED.target_count, completed_count = EXCLUDED.completed_count,
						error_count = EXCLUDED.error_count, delivery_timed_out_count = EXCLUDED.delivery_timed_out_count,
						expires_after = EXCLUDED.expires_after, parameters = EXCLUDED.parameters,
						targets = EXCLUDED.targets, instance_ids = EXCLUDED.instance_ids,
						max_concurrency = EXCLUDED.max_concurrency, max_errors = EXCLUDED.max_errors,
						timeout_seconds = EXCLUDED.timeout_seconds, service_role = EXCLUDED.service_role,
						notification_arn = EXCLUDED.notification_arn, notification_events = EXCLUDED.notification_events,
						notification_type = EXCLUDED.notification_type, output_s3_region = EXCLUDED.output_s3_region,
						output_s3_bucket = EXCLUDED.output_s3_bucket, output_s3_key_prefix = EXCLUDED.output_s3_key_prefix,
						cloudwatch_enabled = EXCLUDED.cloudwatch_enabled,
						cloudwatch_log_group = EXCLUDED.cloudwatch_log_group,
						cloudwatch_effective_log_group = EXCLUDED.cloudwatch_effective_log_group,
						alarm_names = EXCLUDED.alarm_names, alarms_ignore_poll_failure = EXCLUDED.alarms_ignore_poll_failure,
						triggered_alarms = EXCLUDED.triggered_alarms, final = EXCLUDED.final,
						final_seen_at = COALESCE(command.final_seen_at, EXCLUDED.final_seen_at), lost_at = NULL,
						updated_at = now()
					WHERE NOT command.final OR EXCLUDED.final
					""")
			.param("commandId", command.commandId())
			.param("source", sourceId)
			.param("requestedAt", time(command.requestedAt()))
			.param("document", command.documentName())
			.param("version", command.documentVersion())
			.param("comment", command.comment())
			.param("status", command.status())
			.param("details", command.statusDetails())
			.param("targets", command.targetCount())
			.param("completed", command.completedCount())
			.param("errors", command.errorCount())
			.param("deliveryTimedOut", command.deliveryTimedOutCount())
			.param("expiresAfter", time(detail.expiresAfter()))
			.param("parameters", StoreJson.parameters(detail.parameters()))
			.param("targetList", StoreJson.targets(detail.targets()))
			.param("instanceIds", detail.instanceIds().toArray(String[]::new))
			.param("maxConcurrency", detail.maxConcurrency())
			.param("maxErrors", detail.maxErrors())
			.param("timeoutSeconds", detail.timeoutSeconds())
			.param("serviceRole", detail.serviceRole())
			.param("notificationArn", (detail.notification() != null) ? detail.notification().arn() : null)
			.param("notificationEvents",
					(detail.notification() != null) ? detail.notification().events().toArray(String[]::new) : null)
			.param("notificationType", (detail.notification() != null) ? detail.notification().type() : null)
			.param("s3Region", (detail.s3Output() != null) ? detail.s3Output().region() : null)
			.param("s3Bucket", (detail.s3Output() != null) ? detail.s3Output().bucket() : null)
			.param("s3Prefix", (detail.s3Output() != null) ? detail.s3Output().keyPrefix() : null)
			.param("cloudWatch", detail.cloudWatchOutput() != null)
			.param("logGroup", (detail.cloudWatchOutput() != null) ? detail.cloudWatchOutput().logGroup() : null)
			.param("effectiveLogGroup",
					(detail.cloudWatchOutput() != null) ? detail.cloudWatchOutput().effectiveLogGroup() : null)
			.param("alarmNames", (detail.alarms() != null) ? detail.alarms().names().toArray(String[]::new) : null)
			.param("alarmsIgnore", (detail.alarms() != null) ? detail.alarms().ignorePollAlarmFailure() : null)
			.param("triggered", detail.triggeredAlarms().toArray(String[]::new))
			.param("final", isFinal)
			.param("finalSeenAt", isFinal ? time(now) : null)
			.update();
	}

	/**
	 * Writes invocations and their plugins as SSM lists them. A whole output already
	 * stored is kept when the record carries none. Each failing, final invocation is
	 * written with its failure signature, and each with the text search reads of its
	 * output.
	 */
	void upsertInvocations(short sourceId, List<InvocationRecord> invocations) {
		if (invocations.isEmpty()) {
			return;
		}
		List<SqlParameterSource> rows = new ArrayList<>();
		List<SqlParameterSource> plugins = new ArrayList<>();
		for (InvocationRecord invocation : invocations) {
			rows.add(invocationRow(sourceId, invocation));
			for (int position = 0; position < invocation.plugins().size(); position++) {
				plugins.add(pluginRow(sourceId, invocation, position));
			}
		}
		this.batch.batchUpdate("""
				INSERT INTO invocation (command_id, instance_id, source_id, requested_at, instance_name, comment,
					document_name, document_version, status, status_details, final, standard_output_url,
					standard_error_url, service_role, notification_arn, notification_events, notification_type,
					cloudwatch_enabled, cloudwatch_log_group, failure_signature, signature_version)
				VALUES (:commandId, :instanceId, :source, :requestedAt, :instanceName, :comment, :document, :version,
					:status, :details, :final, :stdoutUrl, :stderrUrl, :serviceRole, :notificationArn,
					:notificationEvents, :notificationType, :cloudWatch, :logGroup, :signature, :signatureVersion)
				ON CONFLICT (command_id, instance_id, source_id, requested_at) DO UPDATE SET
					instance_name = EXCLUDED.instance_name, comment = EXCLUDED.comment,
					document_name = EXCLUDED.document_name, document_version = EXCLUDED.document_version,
					status = EXCLUDED.status, status_details = EXCLUDED.status_details, final = EXCLUDED.final,
					lost = false, standard_output_url = EXCLUDED.standard_output_url,
					standard_error_url = EXCLUDED.standard_error_url, service_role = EXCLUDED.service_role,
					notification_arn = EXCLUDED.notification_arn, notification_events = EXCLUDED.notification_events,
					notification_type = EXCLUDED.notification_type, cloudwatch_enabled = EXCLUDED.cloudwatch_enabled,
					cloudwatch_log_group = EXCLUDED.cloudwatch_log_group,
					failure_signature = EXCLUDED.failure_signature, signature_version = EXCLUDED.signature_version,
					updated_at = now()
				WHERE NOT invocation.final OR EXCLUDED.final
				""", rows.toArray(SqlParameterSource[]::new));
		if (plugins.isEmpty()) {
			return;
		}
		// A stale, running answer must not replace the plugins of an invocation stored
		// final, as it does not replace the invocation.
		this.batch.batchUpdate("""
				INSERT INTO invocation_plugin AS p (command_id, instance_id, source_id, requested_at, position, name,
					status, status_details, response_code, started_at, finished_at, output, output_truncated,
					standard_output_url, standard_error_url, output_s3_region, output_s3_bucket,
					output_s3_key_prefix, whole_stdout, whole_stderr, whole_truncated, whole_read_at)
				VALUES (:commandId, :instanceId, :source, :requestedAt, :position, :name, :status, :details, :code,
					:startedAt, :finishedAt, :output, :outputTruncated, :stdoutUrl, :stderrUrl, :s3Region, :s3Bucket,
					:s3Prefix, :wholeStdout, :wholeStderr, :wholeTruncated, :wholeReadAt)
				ON CONFLICT (command_id, instance_id, source_id, requested_at, position) DO UPDATE SET
					name = EXCLUDED.name, status = EXCLUDED.status, status_details = EXCLUDED.status_details,
					response_code = EXCLUDED.response_code, started_at = EXCLUDED.started_at,
					finished_at = EXCLUDED.finished_at, output = EXCLUDED.output,
					output_truncated = EXCLUDED.output_truncated, standard_output_url = EXCLUDED.standard_output_url,
					standard_error_url = EXCLUDED.standard_error_url, output_s3_region = EXCLUDED.output_s3_region,
					output_s3_bucket = EXCLUDED.output_s3_bucket, output_s3_key_prefix = EXCLUDED.output_s3_key_prefix,
					whole_stdout = COALESCE(EXCLUDED.whole_stdout, p.whole_stdout),
					whole_stderr = COALESCE(EXCLUDED.whole_stderr, p.whole_stderr),
					whole_truncated = COALESCE(EXCLUDED.whole_truncated, p.whole_truncated),
					whole_read_at = COALESCE(EXCLUDED.whole_read_at, p.whole_read_at)
				WHERE :final OR NOT EXISTS (SELECT 1 FROM invocation i WHERE i.command_id = p.command_id
					AND i.instance_id = p.instance_id AND i.source_id = p.source_id
					AND i.requested_at = p.requested_at AND i.final)
				""", plugins.toArray(SqlParameterSource[]::new));
		searchedOutput(sourceId, invocations);
	}

	/**
	 * Writes the text search reads of each invocation's output from its plugins as
	 * stored: each plugin's whole output where it was read, else the list's. Search finds
	 * what is stored, and {@code output_cut} says when that is not all the node printed.
	 */
	private void searchedOutput(short sourceId, List<InvocationRecord> invocations) {
		List<Object[]> keys = invocations.stream()
			.map((invocation) -> new Object[] { invocation.commandId(), invocation.instanceId(), sourceId,
					time(invocation.requestedAt()) })
			.toList();
		this.jdbc.sql("""
				UPDATE invocation i SET output_text = o.output_text, output_cut = o.output_cut
				FROM (SELECT command_id, instance_id, source_id, requested_at,
						string_agg(CASE WHEN whole_read_at IS NOT NULL
							THEN coalesce(whole_stdout, '') || E'\\n' || coalesce(whole_stderr, '') ELSE output END,
							E'\\n' ORDER BY position) AS output_text,
						bool_or(CASE WHEN whole_read_at IS NOT NULL THEN coalesce(whole_truncated, false)
							ELSE output_truncated END) AS output_cut
					FROM invocation_plugin
					WHERE (command_id, instance_id, source_id, requested_at) IN (:keys)
					GROUP BY command_id, instance_id, source_id, requested_at) o
				WHERE i.command_id = o.command_id AND i.instance_id = o.instance_id AND i.source_id = o.source_id
					AND i.requested_at = o.requested_at
					AND i.output_text IS DISTINCT FROM o.output_text
				""").param("keys", keys).update();
	}

	private MapSqlParameterSource invocationRow(short sourceId, InvocationRecord invocation) {
		boolean signed = this.signatures != null && invocation.failing() && !invocation.running();
		return new MapSqlParameterSource().addValue("signature", signed ? this.signatures.signature(invocation) : null)
			.addValue("signatureVersion", signed ? (short) this.signatures.version() : null)
			.addValue("commandId", invocation.commandId())
			.addValue("instanceId", invocation.instanceId())
			.addValue("source", sourceId)
			.addValue("requestedAt", time(invocation.requestedAt()))
			.addValue("instanceName", invocation.instanceName())
			.addValue("comment", invocation.comment())
			.addValue("document", invocation.documentName())
			.addValue("version", invocation.documentVersion())
			.addValue("status", invocation.status())
			.addValue("details", invocation.statusDetails())
			.addValue("final", !invocation.running())
			.addValue("stdoutUrl", invocation.standardOutputUrl())
			.addValue("stderrUrl", invocation.standardErrorUrl())
			.addValue("serviceRole", invocation.serviceRole())
			.addValue("notificationArn", (invocation.notification() != null) ? invocation.notification().arn() : null)
			.addValue("notificationEvents",
					(invocation.notification() != null) ? invocation.notification().events().toArray(String[]::new)
							: null)
			.addValue("notificationType", (invocation.notification() != null) ? invocation.notification().type() : null)
			.addValue("cloudWatch", invocation.cloudWatchOutputEnabled())
			.addValue("logGroup", invocation.cloudWatchLogGroup());
	}

	private static MapSqlParameterSource pluginRow(short sourceId, InvocationRecord invocation, int position) {
		InvocationRecord.Plugin plugin = invocation.plugins().get(position);
		WholeOutput whole = plugin.whole();
		return new MapSqlParameterSource().addValue("commandId", invocation.commandId())
			.addValue("instanceId", invocation.instanceId())
			.addValue("source", sourceId)
			.addValue("requestedAt", time(invocation.requestedAt()))
			.addValue("position", (short) position)
			.addValue("name", plugin.name())
			.addValue("status", plugin.status())
			.addValue("details", plugin.statusDetails())
			.addValue("code", plugin.responseCode())
			.addValue("startedAt", time(plugin.startedAt()))
			.addValue("finishedAt", time(plugin.finishedAt()))
			.addValue("output", plugin.output())
			.addValue("outputTruncated", plugin.outputTruncated())
			.addValue("stdoutUrl", plugin.standardOutputUrl())
			.addValue("stderrUrl", plugin.standardErrorUrl())
			.addValue("s3Region", plugin.outputS3Region())
			.addValue("s3Bucket", plugin.outputS3Bucket())
			.addValue("s3Prefix", plugin.outputS3KeyPrefix())
			.addValue("wholeStdout", (whole != null) ? whole.stdout() : null)
			.addValue("wholeStderr", (whole != null) ? whole.stderr() : null)
			.addValue("wholeTruncated", (whole != null) ? whole.truncated() : null)
			.addValue("wholeReadAt", (whole != null) ? time(Instant.now()) : null)
			.addValue("final", !invocation.running());
	}

	/**
	 * The plugins of a command whose whole output is stored, as
	 * {@code instanceId/position}.
	 */
	Set<String> wholeOutputsRead(short sourceId, String commandId, Instant requestedAt) {
		return this.jdbc
			.sql("SELECT instance_id || '/' || position FROM invocation_plugin WHERE command_id = ? AND source_id = ? "
					+ "AND requested_at = ? AND whole_read_at IS NOT NULL")
			.params(commandId, sourceId, time(requestedAt))
			.query(String.class)
			.list()
			.stream()
			.collect(Collectors.toSet());
	}

	/**
	 * Marks a command settled when SSM is done with it: final, and every invocation it
	 * counts recorded final, or final for longer than {@code settleWithin} (SSM's lists
	 * are eventually consistent, not eventually complete).
	 * @return whether it is settled
	 */
	boolean settle(short sourceId, String commandId, Instant requestedAt, Instant now, Duration settleWithin) {
		return this.jdbc.sql("""
				UPDATE command c SET settled = c.final AND (
					(SELECT count(*) FILTER (WHERE i.final) = count(*) AND count(*) >= c.target_count
						FROM invocation i WHERE i.command_id = c.command_id AND i.source_id = c.source_id
						AND i.requested_at = c.requested_at)
					OR c.final_seen_at <= :settledBy)
				WHERE c.command_id = :commandId AND c.source_id = :source AND c.requested_at = :requestedAt
				RETURNING settled
				""")
			.param("settledBy", time(now.minus(settleWithin)))
			.param("commandId", commandId)
			.param("source", sourceId)
			.param("requestedAt", time(requestedAt))
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/**
	 * Marks a command SSM no longer lists as lost, and its invocations that were not
	 * final: kept as last seen, followed no more.
	 */
	void markLost(short sourceId, String commandId) {
		this.jdbc.sql("UPDATE command SET lost_at = now(), updated_at = now() WHERE command_id = ? AND source_id = ?")
			.params(commandId, sourceId)
			.update();
		this.jdbc
			.sql("UPDATE invocation SET lost = true, updated_at = now() WHERE command_id = ? AND source_id = ? "
					+ "AND NOT final")
			.params(commandId, sourceId)
			.update();
	}

	static OffsetDateTime time(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
