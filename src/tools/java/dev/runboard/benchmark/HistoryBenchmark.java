package dev.runboard.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.runboard.RunboardApplication;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.SignedInClient;
import dev.runboard.testing.TestInvocations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;

/**
 * The history store's part of the benchmark: a PostgreSQL of its own (zonky's embedded
 * binaries, as the sandbox runs, its data directory under {@code target/benchmark}),
 * Runboard's {@code aws} source reading a local SSM endpoint at the emulated latency, and
 * <ol>
 * <li>the recorder: a quiet fleet's polls counted, then a 1,000-node command that ran
 * between two polls recorded, timed against the time its SSM calls take at the call
 * budget ({@code runboard.history.max-calls-per-minute}, its default);</li>
 * <li>a store of a year of invocations with a dozen lines of output each, generated
 * inside the database ({@code generate_series}), its indexes built after loading, and
 * what it takes on disk;</li>
 * <li>{@code /history} pages of 50 rows over that store, timed against one SSM round trip
 * at the same latency;</li>
 * <li>searches of that store ({@code q}): words, a phrase and substrings, each of a rare
 * term and a common one, timed against a {@code /history} page without {@code q}, with
 * the plan PostgreSQL chose for each kind ({@code EXPLAIN ANALYZE}); and the failure
 * signatures of its failing invocations, computed by Runboard after the load.</li>
 * </ol>
 * Its figures become their own section of {@code docs/benchmarks.md}
 * ({@link HistoryFigures}).
 */
final class HistoryBenchmark {

	/** The command recorded while timed: one run to this many nodes. */
	static final int RECORDED_NODES = 1_000;

	static final String RECORDED_COMMAND = new UUID(0x4157_0000L, RECORDED_NODES).toString();

	/** The recorder's default budget, which the recording is timed at. */
	static final int MAX_CALLS_PER_MINUTE = 60;

	/**
	 * How often the recorder polls while its calls are counted: short, so that many polls
	 * are counted, yet room for two calls a poll at the budget, since the first run's
	 * walk back (the backfill) takes what a poll leaves of its share.
	 */
	static final Duration POLL = Duration.ofSeconds(2);

	/** How long a quiet fleet's polls are counted. */
	static final Duration QUIET = Duration.ofSeconds(20);

	/** The generated store: commands to this many nodes each, of a fleet this large. */
	static final int NODES_PER_COMMAND = 50;

	static final int FLEET = 5_000;

	/** The generated store spans a year back from its newest command. */
	static final Duration SPAN = Duration.ofDays(365);

	static final int WARM_PAGES = 5;

	static final int TIMED_PAGES = 30;

	/** Scroll pages timed after each timed first page. */
	static final int SCROLLS = 3;

	static final int ROUND_TRIPS = 15;

	/**
	 * The rare line: every 50,000th invocation printed it, 20 in a store of a million.
	 */
	static final int RARE_EVERY = 50_000;

	static final String RARE_LINE = "write error: No space left on device (ENOSPC) on /dev/nvme1n1p1";

	/** The searches timed, by kind: a common term, then a rare one. */
	static final Map<String, String> SEARCHES = searches();

	/** Where the plans of the searches are written whole. */
	static final Path EXPLAIN = Path.of("target", "benchmark", "history-explain.txt");

	private static Map<String, String> searches() {
		Map<String, String> searches = new LinkedHashMap<>();
		// Printed by every failing patch run (5 %): as a word, a segment of its path.
		searches.put("word, common (`dpkg`, 5 % of invocations)", "dpkg");
		searches.put("word, rare (`enospc`, 20 invocations)", "enospc");
		searches.put("phrase, rare (`\"No space left on device\"`)", "\"No space left on device\"");
		searches.put("substring, common (`lock-frontend`)", "lock-frontend");
		searches.put("substring, rare (`/dev/nvme1n1`)", "/dev/nvme1n1");
		return searches;
	}

	static final String USER = "bench";

	static final String PASSWORD = "bench-password";

	private static final DateTimeFormatter PARTITION = DateTimeFormatter.ofPattern("'y'yyyy'm'MM");

	private static final Pattern CURSOR_URL = Pattern.compile("hx-get=\"([^\"]*cursor=[^\"]*)\"");

	private final int stored;

	private final Duration latency;

	private final Path data = Path.of("target", "benchmark", "history-postgres").toAbsolutePath();

	private final Path log = Path.of("target", "benchmark", "history-runboard.log").toAbsolutePath();

	/**
	 * @param stored how many invocations the generated store holds
	 * @param latency the emulated SSM latency
	 */
	HistoryBenchmark(int stored, Duration latency) {
		this.stored = stored;
		this.latency = latency;
	}

	HistoryFigures run() throws Exception {
		HistoryFigures figures = new HistoryFigures(this.stored, this.latency, MAX_CALLS_PER_MINUTE, POLL);
		AtomicReference<List<CommandInvocation>> held = new AtomicReference<>(List.of());
		FileSystemUtils.deleteRecursively(this.data);
		Files.createDirectories(this.data.getParent());
		try (FakeSsmServer ssm = new FakeSsmServer(
				new SandboxSsmClient((now) -> held.get(), Clock.systemUTC(), Region.EU_WEST_1));
				EmbeddedPostgres postgres = startPostgres()) {
			DataSource database = postgres.getPostgresDatabase();
			String url = postgres.getJdbcUrl("postgres", "postgres");
			figures.postgres = single(database, "SHOW server_version");
			ssm.latency(this.latency);

			Benchmark.log("History: the recorder, polling every " + POLL.toMillis() + " ms");
			ConfigurableApplicationContext app = startRunboard(ssm, url, POLL);
			try {
				awaitFirstPoll(database);
				quietFleet(ssm, database, figures);
				recordACommand(ssm, held, database, figures);
			}
			finally {
				app.close();
			}

			Benchmark.log("History: generating " + this.stored + " invocations in the database");
			load(database, figures);

			Benchmark.log("History: /history pages against SSM round trips at " + this.latency.toMillis() + " ms");
			// The recorder's run held the lease of the signatures' computation: as after
			// a
			// release, a replica that starts computes them.
			execute(database, "DELETE FROM lease WHERE name = 'signatures'");
			long signing = System.nanoTime();
			app = startRunboard(ssm, url, Duration.ofSeconds(30));
			try {
				awaitSignatures(database, figures, signing);
				ssm.reset();
				ssm.latency(this.latency);
				pages(app, ssm, database, figures);
				Benchmark.log("History: searches");
				searches(app, database, figures);
			}
			finally {
				app.close();
			}
		}
		return figures;
	}

	private EmbeddedPostgres startPostgres() throws IOException {
		ProcessBuilder.Redirect log = ProcessBuilder.Redirect
			.appendTo(Path.of("target", "benchmark", "history-postgres.log").toFile());
		return EmbeddedPostgres.builder()
			.setDataDirectory(this.data)
			.setCleanDataDirectory(true)
			.setOutputRedirector(log)
			.setErrorRedirector(log)
			.setPGStartupWait(Duration.ofSeconds(60))
			.setServerConfig("shared_buffers", "256MB")
			.setServerConfig("maintenance_work_mem", "512MB")
			.setServerConfig("max_wal_size", "8GB")
			.start();
	}

	/**
	 * Runboard as a deployment runs it with a database: the {@code aws} source, history
	 * on, defaults but the poll interval; its log in a file.
	 */
	private ConfigurableApplicationContext startRunboard(FakeSsmServer ssm, String url, Duration poll) {
		return new SpringApplicationBuilder(RunboardApplication.class).run("--server.port=0",
				"--spring.main.banner-mode=off", "--spring.jmx.enabled=false", "--runboard.ssm.source=aws",
				"--runboard.ssm.region=eu-west-1", "--runboard.ssm.endpoint=" + ssm.endpoint(),
				"--runboard.security.users[0].name=" + USER, "--runboard.security.users[0].password={noop}" + PASSWORD,
				"--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
				"--runboard.history.enabled=true", "--runboard.history.poll-interval=" + poll.toMillis() + "ms",
				"--runboard.history.max-calls-per-minute=" + MAX_CALLS_PER_MINUTE, "--runboard.warm-up.enabled=false",
				"--logging.file.name=" + this.log, "--logging.threshold.console=OFF",
				"--spring.threads.virtual.enabled=true");
	}

	private static void awaitFirstPoll(DataSource database) throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if ("1".equals(single(database,
						"SELECT count(*) FROM recorder WHERE recorded_until IS NOT NULL AND backfill_next IS NULL"))) {
					return;
				}
			}
			catch (SQLException ex) {
				// Not migrated yet.
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("The recorder did not finish its first poll");
	}

	/**
	 * SSM holds nothing new: each poll should cost one {@code ListCommands}. Polls are
	 * counted by the recorder's position, which each one writes.
	 */
	private void quietFleet(FakeSsmServer ssm, DataSource database, HistoryFigures figures) throws Exception {
		ssm.reset();
		ssm.latency(this.latency);
		Set<String> positions = new HashSet<>();
		long end = System.nanoTime() + QUIET.toNanos();
		while (System.nanoTime() < end) {
			positions.add(single(database, "SELECT recorded_until FROM recorder"));
			Thread.sleep(20);
		}
		List<FakeSsmServer.Call> calls = ssm.calls();
		figures.quietSeconds = QUIET.toSeconds();
		figures.quietPolls = positions.size() - 1;
		figures.quietListCommands = (int) calls.stream()
			.filter((call) -> call.operation().equals("ListCommands"))
			.count();
		figures.quietOtherCalls = calls.size() - figures.quietListCommands;
	}

	/**
	 * A command to 1,000 nodes, final, appears in SSM between two polls: from the first
	 * call of the poll that finds it to its last invocation stored.
	 */
	private void recordACommand(FakeSsmServer ssm, AtomicReference<List<CommandInvocation>> held, DataSource database,
			HistoryFigures figures) throws Exception {
		held.set(recordedCommand());
		ssm.reset();
		ssm.latency(this.latency);
		long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
		while (ssm.calls().isEmpty()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The recorder made no call");
			}
			Thread.sleep(1);
		}
		long start = System.nanoTime();
		String count = "SELECT count(*) FROM invocation WHERE command_id = '" + RECORDED_COMMAND + "' AND final";
		while (!String.valueOf(RECORDED_NODES).equals(single(database, count))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The recorder did not record the command: " + single(database, count));
			}
			Thread.sleep(10);
		}
		figures.recording = Duration.ofNanos(System.nanoTime() - start);
		Map<String, Integer> calls = new LinkedHashMap<>();
		ssm.calls().forEach((call) -> calls.merge(call.operation(), 1, Integer::sum));
		figures.recordingCalls = calls;
	}

	/** One run of a patch baseline to 1,000 nodes, a tenth of them failing, all final. */
	static List<CommandInvocation> recordedCommand() {
		Instant sent = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
		List<CommandInvocation> invocations = new ArrayList<>();
		for (int node = 0; node < RECORDED_NODES; node++) {
			String status = (node % 10 == 0) ? "Failed" : "Success";
			invocations.add(TestInvocations.invocation(RECORDED_COMMAND, String.format("i-%017x", 0xb0000 + node),
					"AWS-RunPatchBaseline", sent, status, Benchmark.output(node * 10 + 1, status)));
		}
		return invocations;
	}

	/**
	 * A year of commands to 50 nodes each, newest first from now, written by
	 * {@code INSERT … SELECT … FROM generate_series} with the tables' keys and indexes
	 * dropped, then built again, as a bulk load is done.
	 */
	private void load(DataSource database, HistoryFigures figures) throws Exception {
		try (Connection connection = database.getConnection(); Statement sql = connection.createStatement()) {
			int source = Integer
				.parseInt(single(database, "SELECT id FROM source WHERE account IS NULL AND region = 'eu-west-1'"));
			Instant newest = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
			int commands = (this.stored + NODES_PER_COMMAND - 1) / NODES_PER_COMMAND;
			double spacing = (double) SPAN.toSeconds() / commands;
			for (String table : List.of("invocation", "invocation_plugin")) {
				YearMonth month = YearMonth.from(newest.minus(SPAN).atOffset(ZoneOffset.UTC));
				YearMonth last = YearMonth.from(newest.atOffset(ZoneOffset.UTC));
				for (; !month.isAfter(last); month = month.plusMonths(1)) {
					sql.execute("CREATE TABLE IF NOT EXISTS " + table + "_" + month.format(PARTITION) + " PARTITION OF "
							+ table + " FOR VALUES FROM ('" + month.atDay(1) + " 00:00:00+00') TO ('"
							+ month.plusMonths(1).atDay(1) + " 00:00:00+00')");
				}
			}
			List<String> rebuild = new ArrayList<>();
			for (String table : List.of("invocation", "invocation_plugin")) {
				try (ResultSet keys = sql.executeQuery("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
						+ "WHERE conrelid = '" + table + "'::regclass AND contype = 'p'")) {
					while (keys.next()) {
						rebuild.add("ALTER TABLE " + table + " ADD CONSTRAINT " + keys.getString(1) + " "
								+ keys.getString(2));
					}
				}
				try (ResultSet indexes = sql.executeQuery("SELECT pg_get_indexdef(indexrelid) FROM pg_index "
						+ "WHERE indrelid = '" + table + "'::regclass AND NOT indisprimary")) {
					while (indexes.next()) {
						// An index of a partitioned table is defined ON ONLY the parent:
						// built again, it is built on every partition.
						rebuild.add(indexes.getString(1).replace(" ON ONLY ", " ON "));
					}
				}
			}
			for (String table : List.of("invocation", "invocation_plugin")) {
				List<String> drops = new ArrayList<>();
				try (ResultSet indexes = sql.executeQuery("SELECT indexrelid::regclass FROM pg_index "
						+ "WHERE indrelid = '" + table + "'::regclass AND NOT indisprimary")) {
					while (indexes.next()) {
						drops.add("DROP INDEX " + indexes.getString(1));
					}
				}
				try (ResultSet keys = sql.executeQuery("SELECT conname FROM pg_constraint WHERE conrelid = '" + table
						+ "'::regclass AND contype = 'p'")) {
					while (keys.next()) {
						drops.add("ALTER TABLE " + table + " DROP CONSTRAINT " + keys.getString(1));
					}
				}
				for (String drop : drops) {
					sql.execute(drop);
				}
			}
			figures.indexesRebuilt = rebuild.size();

			// bigint: the status hash multiplies past 2^31.
			String series = " FROM generate_series(0::bigint, " + (this.stored - 1) + ") AS i";
			String command = "(i / " + NODES_PER_COMMAND + ")";
			String commandId = "lpad(to_hex(" + command + "), 8, '0') || '-4157-4000-8000-' || lpad(to_hex(" + command
					+ "), 12, '0')";
			String node = "'i-' || lpad(to_hex((" + command + " * 37 + (i % " + NODES_PER_COMMAND + ") * 101) % "
					+ FLEET + "), 17, '0')";
			String requested = "(timestamptz '" + newest + "' - " + command + " * interval '" + spacing + " seconds')";
			String status = "(CASE WHEN (i * 7919) % 100 < 90 THEN 'Success' WHEN (i * 7919) % 100 < 95 THEN 'Failed' "
					+ "WHEN (i * 7919) % 100 < 98 THEN 'TimedOut' ELSE 'Cancelled' END)";
			String document = "(ARRAY['AWS-RunShellScript', 'AWS-RunPatchBaseline', 'AWS-UpdateSSMAgent', "
					+ "'AWS-ConfigureAWSPackage'])[" + command + " % 4 + 1]";
			String key = "'runs/' || " + commandId + " || '/' || " + node;
			String stdoutUrl = "'https://s3.eu-west-1.amazonaws.com/acme-runcommand-output/' || " + key
					+ " || '/awsrunShellScript/0.awsrunShellScript/stdout'";

			long start = System.nanoTime();
			sql.execute("INSERT INTO command (command_id, source_id, requested_at, document_name, document_version, "
					+ "comment, status, status_details, target_count, completed_count, error_count, "
					+ "delivery_timed_out_count, expires_after, parameters, targets, max_concurrency, max_errors, "
					+ "timeout_seconds, output_s3_region, output_s3_bucket, output_s3_key_prefix, final, settled, "
					+ "final_seen_at) SELECT " + commandId + ", " + source + ", " + requested + ", " + document
					+ ", '1', 'Nightly maintenance ' || " + command + ", 'Success', 'Success', " + NODES_PER_COMMAND
					+ ", " + NODES_PER_COMMAND + ", 0, 0, " + requested + " + interval '1 hour', "
					+ "'[{\"name\": \"commands\", \"values\": [\"apt-get update\", \"apt-get -y upgrade\"]}]', "
					+ "'[{\"key\": \"tag:Role\", \"values\": [\"web\", \"api\"]}]', '50', '0', 600, 'eu-west-1', "
					+ "'acme-runcommand-output', 'runs', true, true, " + requested + " + interval '10 minutes'"
					+ " FROM generate_series(0::bigint, " + (commands - 1) + ") AS c(i0), LATERAL (SELECT c.i0 * "
					+ NODES_PER_COMMAND + " AS i) AS x");
			figures.commandsLoad = Duration.ofNanos(System.nanoTime() - start);

			start = System.nanoTime();
			// output_text: what search reads, the plugin's output as the recorder writes
			// it.
			sql.execute("INSERT INTO invocation (command_id, instance_id, source_id, requested_at, instance_name, "
					+ "comment, document_name, document_version, status, status_details, final, standard_output_url, "
					+ "cloudwatch_enabled, output_text) SELECT " + commandId + ", " + node + ", " + source + ", "
					+ requested + ", 'node-' || ((" + command + " * 37 + (i % " + NODES_PER_COMMAND + ") * 101) % "
					+ FLEET + "), 'Nightly maintenance ' || " + command + ", " + document + ", '1', " + status + ", "
					+ status + ", true, " + stdoutUrl + ", false, " + output() + series);
			figures.invocationsLoad = Duration.ofNanos(System.nanoTime() - start);

			start = System.nanoTime();
			sql.execute("INSERT INTO invocation_plugin (command_id, instance_id, source_id, requested_at, position, "
					+ "name, status, status_details, response_code, started_at, finished_at, output, output_truncated, "
					+ "standard_output_url, output_s3_region, output_s3_bucket, output_s3_key_prefix) SELECT "
					+ commandId + ", " + node + ", " + source + ", " + requested + ", 0, 'aws:runShellScript', "
					+ status + ", " + status + ", CASE WHEN " + status + " = 'Success' THEN 0 ELSE 1 END, " + requested
					+ " + interval '1 second', " + requested + " + (2 + i % 60) * interval '1 second', " + output()
					+ ", false, " + stdoutUrl + ", 'eu-west-1', 'acme-runcommand-output', 'runs'" + series);
			figures.pluginsLoad = Duration.ofNanos(System.nanoTime() - start);

			start = System.nanoTime();
			for (String index : rebuild) {
				sql.execute(index);
			}
			figures.indexBuild = Duration.ofNanos(System.nanoTime() - start);
			start = System.nanoTime();
			sql.execute("VACUUM (ANALYZE) command, invocation, invocation_plugin");
			figures.vacuum = Duration.ofNanos(System.nanoTime() - start);

			figures.storedInvocations = Long.parseLong(single(database, "SELECT count(*) FROM invocation"));
			figures.averageOutput = Double
				.parseDouble(single(database, "SELECT avg(length(output)) FROM invocation_plugin"));
			String partitions = "SELECT inhrelid FROM pg_inherits WHERE inhparent IN "
					+ "('invocation'::regclass, 'invocation_plugin'::regclass)";
			figures.tableBytes = Long
				.parseLong(single(database, "SELECT sum(pg_table_size(inhrelid)) FROM (" + partitions + ") AS p"))
					+ Long.parseLong(single(database, "SELECT pg_table_size('command')"));
			figures.indexBytes = Long
				.parseLong(single(database, "SELECT sum(pg_indexes_size(inhrelid)) FROM (" + partitions + ") AS p"))
					+ Long.parseLong(single(database, "SELECT pg_indexes_size('command')"));
		}
	}

	/**
	 * A dozen lines of output, as a patch run prints them, the numbers varying with the
	 * invocation; a failure adds its error stream as the agent joins it.
	 */
	private static String output() {
		List<String> lines = new ArrayList<>();
		for (int line = 0; line < 12; line++) {
			lines.add("'[" + line + "] Processing package group ' || ((i * 7 + " + line + ") % 97) || ': ok'");
		}
		return "(" + String.join(" || E'\\n' || ", lines) + " || CASE WHEN i % " + RARE_EVERY + " = 7 THEN E'\\n"
				+ RARE_LINE + "' ELSE '' END" + " || E'\\n' || CASE WHEN (i * 7919) % 100 BETWEEN 90 AND 94 "
				+ "THEN E'----------ERROR-------\\nE: Could not get lock /var/lib/dpkg/lock-frontend\\n' ELSE '' END)";
	}

	/**
	 * One bare SSM round trip (a page of 50 with details) at the emulated latency, and
	 * {@code /history} pages of 50 rows with details: first pages at points spread over
	 * the year, scroll pages after them, a node's history and the problems.
	 */
	private void pages(ConfigurableApplicationContext app, FakeSsmServer ssm, DataSource database,
			HistoryFigures figures) throws Exception {
		try (SsmClient bare = SsmClient.builder()
			.region(Region.EU_WEST_1)
			.endpointOverride(ssm.endpoint())
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.httpClientBuilder(ApacheHttpClient.builder().maxConnections(50))
			.build()) {
			for (int i = 0; i < 3 + ROUND_TRIPS; i++) {
				long start = System.nanoTime();
				int listed = bare
					.listCommandInvocations(ListCommandInvocationsRequest.builder()
						.commandId(RECORDED_COMMAND)
						.details(true)
						.maxResults(50)
						.build())
					.commandInvocations()
					.size();
				long took = System.nanoTime() - start;
				if (listed != 50) {
					throw new IllegalStateException("SSM listed " + listed + " invocations, not 50");
				}
				if (i >= 3) {
					figures.roundTrip.record(took);
				}
			}
		}
		int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		SignedInClient client = SignedInClient.signIn(URI.create("http://127.0.0.1:" + port), USER, PASSWORD);
		Instant newest = Instant.parse(single(database, "SELECT to_char(max(requested_at) AT TIME ZONE 'UTC', "
				+ "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM invocation"));
		Random random = new Random(22);
		for (int i = 0; i < WARM_PAGES + TIMED_PAGES; i++) {
			boolean timed = i >= WARM_PAGES;
			Instant before = newest.minusSeconds((long) (random.nextDouble() * (SPAN.toSeconds() - 86_400)));
			HttpResponse<String> first = timed(client, "/history?before=" + before, false,
					timed ? figures.firstPage : null);
			String next = first.body();
			for (int scroll = 0; scroll < SCROLLS; scroll++) {
				Matcher cursor = CURSOR_URL.matcher(next);
				if (!cursor.find()) {
					throw new IllegalStateException("No scroll sentinel on a page of history");
				}
				next = timed(client, cursor.group(1).replace("&amp;", "&"), true, timed ? figures.scrollPage : null)
					.body();
			}
			String node = String.format("i-%017x", random.nextInt(FLEET));
			timed(client, "/history?instanceId=" + node, false, timed ? figures.nodePage : null);
			timed(client, "/history?status=problems&before=" + before, false, timed ? figures.problemsPage : null);
		}
	}

	/**
	 * Waits until Runboard has computed the failure signature of every failing invocation
	 * of the generated store (none was written with one), and records how long it took.
	 */
	private static void awaitSignatures(DataSource database, HistoryFigures figures, long since) throws Exception {
		String stale = "SELECT count(*) FROM invocation WHERE status IN ('Failed', 'TimedOut', 'Cancelled') "
				+ "AND final AND signature_version IS NULL";
		long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
		while (!"0".equals(single(database, stale))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Signatures not computed: " + single(database, stale) + " left");
			}
			Thread.sleep(500);
		}
		figures.signing = Duration.ofNanos(System.nanoTime() - since);
		figures.signed = Long
			.parseLong(single(database, "SELECT count(*) FROM invocation WHERE failure_signature IS NOT NULL"));
		figures.signatures = Long.parseLong(single(database,
				"SELECT count(DISTINCT failure_signature) FROM invocation WHERE failure_signature IS NOT NULL"));
	}

	/**
	 * Searches of the store, first pages of 50 (fewer for a rare term), each kind timed
	 * as many times as the pages before; then each kind's plan, from the statement
	 * {@code HistoryRepository} sends for it, written out here.
	 */
	private void searches(ConfigurableApplicationContext app, DataSource database, HistoryFigures figures)
			throws Exception {
		int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		SignedInClient client = SignedInClient.signIn(URI.create("http://127.0.0.1:" + port), USER, PASSWORD);
		Instant newest = Instant.parse(single(database, "SELECT to_char(max(requested_at) AT TIME ZONE 'UTC', "
				+ "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM invocation"));
		Random random = new Random(23);
		for (int i = 0; i < WARM_PAGES + TIMED_PAGES; i++) {
			boolean timed = i >= WARM_PAGES;
			Instant before = newest.minusSeconds((long) (random.nextDouble() * (SPAN.toSeconds() - 86_400 * 30)));
			timed(client, "/history?before=" + before, false, timed ? figures.plainPage : null);
			for (Map.Entry<String, String> search : SEARCHES.entrySet()) {
				boolean common = search.getKey().contains("common");
				// A common term from a point in the year, as a first page is; a rare one
				// from the newest, where all of its rows are found.
				String path = "/history?q=" + URLEncoder.encode(search.getValue(), StandardCharsets.UTF_8)
						+ (common ? "&before=" + before : "");
				timed(client, path, false, common ? 50 : 1,
						timed ? figures.searches.computeIfAbsent(search.getKey(), (k) -> new Latencies()) : null);
			}
		}
		StringBuilder plans = new StringBuilder();
		String plainBefore = newest.minus(Duration.ofDays(180)).toString();
		explain(database, figures, plans, "no `q` (a first page at a `before` time)",
				"i.requested_at <= '" + plainBefore + "'");
		explain(database, figures, plans, "word, common (`dpkg`, 5 % of invocations)",
				"i.words_all @@ (phraseto_tsquery('simple', 'dpkg')) AND i.requested_at <= '" + plainBefore + "'");
		explain(database, figures, plans, "word, rare (`enospc`, 20 invocations)",
				"i.words_all @@ (phraseto_tsquery('simple', 'enospc'))");
		explain(database, figures, plans, "phrase, rare (`\"No space left on device\"`)",
				"i.words_all @@ (phraseto_tsquery('simple', 'No space left on device'))");
		explain(database, figures, plans, "substring, common (`lock-frontend`)",
				"(i.search_meta ILIKE '%lock-frontend%' OR i.output_text ILIKE '%lock-frontend%') "
						+ "AND i.requested_at <= '" + plainBefore + "'");
		explain(database, figures, plans, "substring, rare (`/dev/nvme1n1`)",
				"(i.search_meta ILIKE '%/dev/nvme1n1%' OR i.output_text ILIKE '%/dev/nvme1n1%')");
		Files.writeString(EXPLAIN, plans);
	}

	/**
	 * The plan of a first page of history with {@code condition}, as
	 * {@code HistoryRepository.page} writes the statement (its columns, the keyset's
	 * order, 50 rows and one more) and, for a search, chooses its plan: a probe counts up
	 * to 1,000 matches by bitmap scans alone, and fewer keep the page to bitmap scans.
	 * Run with {@code EXPLAIN ANALYZE}: the whole plan to {@link #EXPLAIN}, which indexes
	 * served it to the figures.
	 */
	private static void explain(DataSource database, HistoryFigures figures, StringBuilder plans, String kind,
			String condition) throws SQLException {
		String matching = " FROM invocation i WHERE i.source_id IN (1) AND " + condition;
		String statement = "SELECT i.command_id, i.instance_id, i.source_id, i.requested_at, i.output_cut" + matching
				+ " ORDER BY i.requested_at DESC, i.command_id DESC, i.instance_id DESC, i.source_id DESC LIMIT 51";
		List<String> lines = new ArrayList<>();
		String probe = "";
		try (Connection connection = database.getConnection(); Statement sql = connection.createStatement()) {
			if (!kind.startsWith("no ")) {
				sql.execute("SET enable_seqscan = off");
				sql.execute("SET enable_indexscan = off");
				long start = System.nanoTime();
				int found;
				try (ResultSet count = sql
					.executeQuery("SELECT count(*) FROM (SELECT 1" + matching + " LIMIT 1000) AS found")) {
					count.next();
					found = count.getInt(1);
				}
				probe = "probe: " + ((found < 1000) ? found : "1,000 or more") + " matches in "
						+ String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e6) + " ms, so ";
				if (found >= 1000) {
					sql.execute("RESET enable_seqscan");
					sql.execute("RESET enable_indexscan");
					probe += "the planner's choice: ";
				}
				else {
					probe += "bitmap scans only: ";
				}
			}
			try (ResultSet plan = sql.executeQuery("EXPLAIN (ANALYZE, BUFFERS OFF) " + statement)) {
				while (plan.next()) {
					lines.add(plan.getString(1));
				}
			}
		}
		plans.append("-- ").append(kind).append("\n").append(statement).append("\n");
		lines.forEach((line) -> plans.append(line).append("\n"));
		plans.append("\n");
		Set<String> nodes = new LinkedHashSet<>();
		Pattern node = Pattern
			.compile("((?:Parallel )?(?:Bitmap Index Scan|Index Scan Backward|Index Scan|Index Only Scan"
					+ "|Bitmap Heap Scan|Seq Scan|Incremental Sort|Sort|Merge Append|Append|BitmapOr|BitmapAnd))"
					+ "(?: using| on)? ?(\\w+)?");
		for (String line : lines) {
			Matcher found = node.matcher(line);
			if (line.contains("(cost=") && found.find()) {
				// A partition's table or index, named as its parent's (names PostgreSQL
				// made for a partition's index are cut at 63 characters).
				String index = (found.group(2) != null) ? found.group(2)
					.replaceAll("^invocation_(y\\d{4}m\\d{2}|default)", "invocation")
					.replaceAll("_idx\\d*$", "") : "";
				index = index.substring(0, Math.min(index.length(), 40));
				nodes.add(found.group(1) + (index.isEmpty() ? "" : " " + index));
			}
		}
		String total = lines.stream().filter((line) -> line.startsWith("Execution Time")).findFirst().orElse("");
		figures.plans.put(kind, probe + String.join(", ", nodes)
				+ (total.isEmpty() ? "" : " (" + total.toLowerCase(Locale.ROOT) + ")"));
	}

	private static void execute(DataSource database, String statement) throws SQLException {
		try (Connection connection = database.getConnection(); Statement sql = connection.createStatement()) {
			sql.execute(statement);
		}
	}

	/** A page of 50 rows, timed; a node's history may hold fewer. */
	private static HttpResponse<String> timed(SignedInClient client, String path, boolean htmx, Latencies into) {
		return timed(client, path, htmx, path.contains("instanceId=") ? 1 : 50, into);
	}

	/** A page of at least {@code minRows} rows, timed. */
	private static HttpResponse<String> timed(SignedInClient client, String path, boolean htmx, int minRows,
			Latencies into) {
		long start = System.nanoTime();
		HttpResponse<String> page = htmx ? client.htmx(path) : client.get(path);
		long took = System.nanoTime() - start;
		int rows = SignedInClient.rows(page.body()).size();
		if (page.statusCode() != 200 || rows < minRows) {
			throw new IllegalStateException(path + " answered " + page.statusCode() + " with " + rows + " rows");
		}
		if (into != null) {
			into.record(took);
		}
		return page;
	}

	private static String single(DataSource database, String query) throws SQLException {
		try (Connection connection = database.getConnection();
				PreparedStatement statement = connection.prepareStatement(query);
				ResultSet result = statement.executeQuery()) {
			if (!result.next()) {
				return null;
			}
			Object value = result.getObject(1);
			return (value instanceof Timestamp time) ? time.toInstant().toString() : String.valueOf(value);
		}
	}

}
