package dev.runboard.history;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.CommandView;
import dev.runboard.aws.InvocationQuery;
import dev.runboard.aws.InvocationRecord;
import dev.runboard.aws.Source;
import dev.runboard.aws.WholeOutput;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The store's read side: recorded invocations newest first, by the filters of
 * {@code /invocations}, a page at a time by keyset (the last row shown, in a
 * {@link HistoryCursor cursor} bound to its view); one invocation or command; how far the
 * recorder has read. SQL stays in this package; callers get records. When the store
 * cannot answer, every method throws {@link StoreUnavailableException}.
 */
public class HistoryRepository {

	private static final String INVOCATION_COLUMNS = "i.command_id, i.instance_id, i.source_id, i.requested_at, "
			+ "i.instance_name, i.comment, i.document_name, i.document_version, i.status, i.status_details, i.lost, "
			+ "i.standard_output_url, i.standard_error_url, i.service_role, i.notification_arn, "
			+ "i.notification_events, i.notification_type, i.cloudwatch_enabled, i.cloudwatch_log_group, i.output_cut";

	/**
	 * Below this many matches, a search is read by its own indexes ({@link #searched}).
	 */
	static final int FEW = 1_000;

	private final JdbcClient jdbc;

	private final StoreSchema schema;

	private final FailureSignatures signatures;

	private final TransactionOperations transactions;

	/**
	 * @param signatures the rules of failure signatures, whose version a signature is
	 * read with; {@code null} when none are kept
	 */
	HistoryRepository(JdbcClient jdbc, StoreSchema schema, FailureSignatures signatures,
			TransactionOperations transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.schema = schema;
		this.signatures = signatures;
	}

	/**
	 * One page of recorded invocations, newest first.
	 * @param cursor the {@code cursor} of the page before, or {@code null} for the first
	 * @throws dev.runboard.aws.InvalidQueryException when the cursor is not one issued
	 * for this view
	 */
	public HistoryPage page(HistoryQuery query, String cursor) {
		HistoryCursor after = (cursor != null) ? HistoryCursor.decode(cursor, query.view()) : null;
		return guarded(() -> {
			Map<Short, Source> sources = sourceIds(query.sources());
			if (sources.isEmpty()) {
				return new HistoryPage(List.of(), null);
			}
			StringBuilder sql = new StringBuilder(" FROM invocation i WHERE i.source_id IN (:sources)");
			Map<String, Object> params = new HashMap<>();
			params.put("sources", List.copyOf(sources.keySet()));
			if (query.commandId() != null) {
				sql.append(" AND i.command_id = :commandId");
				params.put("commandId", query.commandId());
			}
			if (query.instanceId() != null) {
				sql.append(" AND i.instance_id = :instanceId");
				params.put("instanceId", query.instanceId());
			}
			if (query.document() != null) {
				sql.append(" AND i.document_name = :document");
				params.put("document", query.document());
			}
			if (query.after() != null) {
				sql.append(" AND i.requested_at >= :after");
				params.put("after", HistoryStore.time(query.after()));
			}
			if (query.before() != null) {
				sql.append(" AND i.requested_at <= :before");
				params.put("before", HistoryStore.time(query.before()));
			}
			statuses(query, sql);
			if (query.search() != null) {
				sql.append(" AND ").append(query.search().condition(query.output(), params));
			}
			if (query.signature() != null) {
				sql.append(" AND i.failure_signature = :signature AND i.signature_version = :signatureVersion");
				params.put("signature", query.signature());
				params.put("signatureVersion", (this.signatures != null) ? (short) this.signatures.version() : -1);
			}
			if (after != null) {
				sql.append(" AND (i.requested_at, i.command_id, i.instance_id, i.source_id) "
						+ "< (:at, :atCommand, :atInstance, :atSource)");
				params.put("at", HistoryStore.time(after.requestedAt()));
				params.put("atCommand", after.commandId());
				params.put("atInstance", after.instanceId());
				params.put("atSource", after.sourceId());
			}
			String matching = sql.toString();
			String order = " ORDER BY i.requested_at DESC, i.command_id DESC, i.instance_id DESC, i.source_id DESC";
			String select = "SELECT " + INVOCATION_COLUMNS + matching + order + " LIMIT :limit";
			params.put("limit", query.pageSize() + 1);
			List<Row> rows = (query.search() != null) ? searched(matching, select, order, params)
					: this.jdbc.sql(select).params(params).query(HistoryRepository::row).list();
			boolean more = rows.size() > query.pageSize();
			List<Row> shown = more ? rows.subList(0, query.pageSize()) : rows;
			Map<String, List<InvocationRecord.Plugin>> plugins = query.details() ? plugins(shown) : Map.of();
			List<RecordedInvocation> recorded = shown.stream()
				.map((row) -> row.recorded(sources.get(row.sourceId()).account(), sources.get(row.sourceId()).region(),
						plugins.getOrDefault(row.key(), List.of())))
				.toList();
			String next = null;
			if (more) {
				Row last = shown.get(shown.size() - 1);
				next = new HistoryCursor(last.invocation().requestedAt(), last.invocation().commandId(),
						last.invocation().instanceId(), last.sourceId())
					.encode(query.view());
			}
			return new HistoryPage(recorded, next);
		});
	}

	/**
	 * The rows of a search, by the plan that suits how many match. PostgreSQL cannot
	 * estimate how rare a word is beyond the commonest ones it keeps statistics of, and
	 * takes every other word for one in several hundred rows: it then walks the newest
	 * first index, filtering, which for a rare word reads the whole store (seconds on a
	 * million invocations). So the page is first read from at most {@value #FEW} matches
	 * found by the search's indexes alone (bitmap scans: GIN, trigrams), sorted: when
	 * fewer matched, that is the page. When as many did, the matches are common enough
	 * that the newest-first walk finds a page soon, and the planner is left to choose.
	 */
	private List<Row> searched(String matching, String select, String order, Map<String, Object> params) {
		return this.transactions.execute((status) -> {
			this.jdbc.sql("SET LOCAL enable_seqscan = off").update();
			this.jdbc.sql("SET LOCAL enable_indexscan = off").update();
			List<Row> few = new ArrayList<>();
			int[] found = { 0 };
			this.jdbc
				.sql("SELECT m.*, count(*) OVER () AS found FROM (SELECT " + INVOCATION_COLUMNS + matching + " LIMIT "
						+ FEW + ") AS m" + order.replace("i.", "m.") + " LIMIT :limit")
				.params(params)
				.query((rs) -> {
					found[0] = rs.getInt("found");
					few.add(row(rs, few.size()));
				});
			if (found[0] < FEW) {
				return few;
			}
			this.jdbc.sql("SET LOCAL enable_seqscan = on").update();
			this.jdbc.sql("SET LOCAL enable_indexscan = on").update();
			return this.jdbc.sql(select).params(params).query(HistoryRepository::row).list();
		});
	}

	/**
	 * The status filter, each value written into the SQL from the closed list of SSM's
	 * values (so that the planner sees them, and picks the partial index of problems).
	 */
	private static void statuses(HistoryQuery query, StringBuilder sql) {
		List<String> conditions = new ArrayList<>();
		Set<String> responses = query.responseStatuses();
		if (!responses.isEmpty()) {
			conditions.add("i.status IN ("
					+ responses.stream().map((s) -> "'" + s + "'").collect(Collectors.joining(", ")) + ")");
		}
		for (String detail : query.detailStatuses()) {
			conditions.add("(i.status = '" + InvocationQuery.DETAIL_STATUSES.get(detail) + "' AND i.status_details = '"
					+ detail + "')");
		}
		if (!conditions.isEmpty()) {
			sql.append(" AND (").append(String.join(" OR ", conditions)).append(")");
		}
	}

	/**
	 * Where else a failure occurred: the invocations kept with this failure signature (of
	 * the rules' current version) requested at or after {@code since}, in any account and
	 * region, outside one command.
	 */
	public Sightings sightings(String signature, String exceptCommandId, Instant since) {
		if (this.signatures == null) {
			return new Sightings(0, 0, 0);
		}
		return guarded(() -> this.jdbc.sql("""
				SELECT count(DISTINCT instance_id), count(DISTINCT command_id), count(*) FROM invocation
				WHERE failure_signature = :signature AND signature_version = :version AND requested_at >= :since
					AND command_id <> :command
				""")
			.param("signature", signature)
			.param("version", (short) this.signatures.version())
			.param("since", HistoryStore.time(since))
			.param("command", exceptCommandId)
			.query((rs, row) -> new Sightings(rs.getInt(1), rs.getInt(2), rs.getInt(3)))
			.single());
	}

	/**
	 * Where else a failure occurred.
	 *
	 * @param nodes how many nodes
	 * @param commands in how many commands
	 * @param invocations how many invocations in all
	 */
	public record Sightings(int nodes, int commands, int invocations) {

	}

	/** One recorded invocation with its plugins and whole output. */
	public Optional<RecordedInvocation> invocation(String account, String region, String commandId, String instanceId) {
		return guarded(() -> sourceId(account, region).flatMap((sourceId) -> {
			Optional<Row> row = this.jdbc
				.sql("SELECT " + INVOCATION_COLUMNS
						+ " FROM invocation i WHERE i.command_id = ? AND i.instance_id = ? AND i.source_id = ?")
				.params(commandId, instanceId, sourceId)
				.query(HistoryRepository::row)
				.optional();
			return row.map((found) -> found.recorded(account, region,
					plugins(List.of(found)).getOrDefault(found.key(), List.of())));
		}));
	}

	/** One recorded command. */
	public Optional<RecordedCommand> command(String account, String region, String commandId) {
		return guarded(() -> sourceId(account, region)
			.flatMap((sourceId) -> this.jdbc.sql("SELECT * FROM command WHERE command_id = ? AND source_id = ?")
				.params(commandId, sourceId)
				.query((rs, index) -> new RecordedCommand(account, region, command(rs), rs.getBoolean("settled"),
						rs.getTimestamp("lost_at") != null))
				.optional()));
	}

	/**
	 * How far the recorder has read in these sources: the least advanced of them, what a
	 * view of them all can vouch for. Empty when one of them has not been polled yet.
	 */
	public Optional<Instant> recordedUntil(List<Source> sources) {
		return guarded(() -> {
			Map<Short, Source> ids = sourceIds(sources);
			if (ids.size() < sources.size()) {
				return Optional.empty();
			}
			List<Instant> until = this.jdbc.sql("SELECT recorded_until FROM recorder WHERE source_id IN (:sources)")
				.param("sources", List.copyOf(ids.keySet()))
				.query((rs, row) -> HistoryStore.instant(rs.getTimestamp(1)))
				.list();
			if (until.size() < ids.size() || until.contains(null)) {
				return Optional.empty();
			}
			return until.stream().min(Instant::compareTo);
		});
	}

	private <T> T guarded(Supplier<T> read) {
		if (!this.schema.ready()) {
			throw new StoreUnavailableException(
					"The history store has not answered since Runboard started: it is not migrated yet.", null);
		}
		try {
			return read.get();
		}
		catch (DataAccessResourceFailureException | TransientDataAccessException | RecoverableDataAccessException ex) {
			throw new StoreUnavailableException("The history store does not answer.", ex);
		}
	}

	private Map<Short, Source> sourceIds(List<Source> sources) {
		Map<Short, Source> ids = new LinkedHashMap<>();
		for (Source source : sources) {
			sourceId(source.account(), source.region()).ifPresent((id) -> ids.put(id, source));
		}
		return ids;
	}

	private Optional<Short> sourceId(String account, String region) {
		return this.jdbc.sql("SELECT id FROM source WHERE account IS NOT DISTINCT FROM ? AND region = ?")
			.params(account, region)
			.query(Short.class)
			.optional();
	}

	private Map<String, List<InvocationRecord.Plugin>> plugins(List<Row> rows) {
		if (rows.isEmpty()) {
			return Map.of();
		}
		List<Object[]> keys = rows.stream()
			.map((row) -> new Object[] { row.invocation().commandId(), row.invocation().instanceId(), row.sourceId(),
					HistoryStore.time(row.invocation().requestedAt()) })
			.toList();
		Map<String, List<InvocationRecord.Plugin>> plugins = new HashMap<>();
		this.jdbc
			.sql("SELECT * FROM invocation_plugin WHERE (command_id, instance_id, source_id, requested_at) IN (:keys) "
					+ "ORDER BY command_id, instance_id, source_id, position")
			.param("keys", keys)
			.query((rs) -> {
				String key = key(rs.getString("command_id"), rs.getString("instance_id"), rs.getShort("source_id"));
				String wholeStdout = rs.getString("whole_stdout");
				WholeOutput whole = (rs.getTimestamp("whole_read_at") != null)
						? new WholeOutput(wholeStdout, rs.getString("whole_stderr")) : null;
				plugins.computeIfAbsent(key, (k) -> new ArrayList<>())
					.add(new InvocationRecord.Plugin(rs.getString("name"), rs.getString("status"),
							rs.getString("status_details"), (Integer) rs.getObject("response_code"),
							HistoryStore.instant(rs.getTimestamp("started_at")),
							HistoryStore.instant(rs.getTimestamp("finished_at")), rs.getString("output"),
							rs.getString("standard_output_url"), rs.getString("standard_error_url"),
							rs.getString("output_s3_region"), rs.getString("output_s3_bucket"),
							rs.getString("output_s3_key_prefix"), whole));
			});
		return plugins;
	}

	private static String key(String commandId, String instanceId, short sourceId) {
		return commandId + "/" + instanceId + "/" + sourceId;
	}

	/** One row of {@code invocation}, before its source and plugins are attached. */
	private record Row(short sourceId, InvocationRecord invocation, boolean lost, boolean outputCut) {

		String key() {
			return HistoryRepository.key(this.invocation.commandId(), this.invocation.instanceId(), this.sourceId);
		}

		RecordedInvocation recorded(String account, String region, List<InvocationRecord.Plugin> plugins) {
			return new RecordedInvocation(account, region, this.invocation.withPlugins(plugins), this.lost,
					this.outputCut);
		}

	}

	private static Row row(ResultSet rs, int index) throws SQLException {
		String notificationArn = rs.getString("notification_arn");
		CommandDetail.Notification notification = (notificationArn != null) ? new CommandDetail.Notification(
				notificationArn, strings(rs.getArray("notification_events")), rs.getString("notification_type")) : null;
		InvocationRecord invocation = new InvocationRecord(rs.getString("command_id"), rs.getString("instance_id"),
				rs.getString("instance_name"), rs.getString("comment"), rs.getString("document_name"),
				rs.getString("document_version"), HistoryStore.instant(rs.getTimestamp("requested_at")),
				rs.getString("status"), rs.getString("status_details"), rs.getString("standard_output_url"),
				rs.getString("standard_error_url"), rs.getString("service_role"), notification,
				rs.getBoolean("cloudwatch_enabled"), rs.getString("cloudwatch_log_group"), List.of());
		return new Row(rs.getShort("source_id"), invocation, rs.getBoolean("lost"), rs.getBoolean("output_cut"));
	}

	private static CommandDetail command(ResultSet rs) throws SQLException {
		CommandView view = new CommandView(rs.getString("command_id"), rs.getString("document_name"),
				rs.getString("document_version"), rs.getString("comment"),
				HistoryStore.instant(rs.getTimestamp("requested_at")), rs.getString("status"),
				rs.getString("status_details"), rs.getInt("target_count"), rs.getInt("completed_count"),
				rs.getInt("error_count"), rs.getInt("delivery_timed_out_count"));
		String notificationArn = rs.getString("notification_arn");
		String bucket = rs.getString("output_s3_bucket");
		List<String> alarms = strings(rs.getArray("alarm_names"));
		return new CommandDetail(view, HistoryStore.instant(rs.getTimestamp("expires_after")),
				StoreJson.parameters(rs.getString("parameters")), StoreJson.targets(rs.getString("targets")),
				strings(rs.getArray("instance_ids")), rs.getString("max_concurrency"), rs.getString("max_errors"),
				(Integer) rs.getObject("timeout_seconds"), rs.getString("service_role"),
				(notificationArn != null) ? new CommandDetail.Notification(notificationArn,
						strings(rs.getArray("notification_events")), rs.getString("notification_type")) : null,
				(bucket != null) ? new CommandDetail.S3Output(rs.getString("output_s3_region"), bucket,
						rs.getString("output_s3_key_prefix")) : null,
				rs.getBoolean("cloudwatch_enabled") ? new CommandDetail.CloudWatchOutput(
						rs.getString("cloudwatch_log_group"), rs.getString("cloudwatch_effective_log_group")) : null,
				(rs.getArray("alarm_names") != null)
						? new CommandDetail.Alarms(alarms, rs.getBoolean("alarms_ignore_poll_failure")) : null,
				strings(rs.getArray("triggered_alarms")));
	}

	private static List<String> strings(Array array) throws SQLException {
		return (array != null) ? List.of((String[]) array.getArray()) : List.of();
	}

}
