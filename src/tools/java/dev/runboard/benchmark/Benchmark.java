package dev.runboard.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.runboard.RunboardApplication;
import dev.runboard.benchmark.BenchmarkReport.HeapFigures;
import dev.runboard.benchmark.BenchmarkReport.Launch;
import dev.runboard.benchmark.BenchmarkReport.Launches;
import dev.runboard.benchmark.BenchmarkReport.LoadPhase;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import dev.runboard.benchmark.BenchmarkReport.PrefetchCalls;
import dev.runboard.benchmark.BenchmarkReport.Scrolling;
import dev.runboard.benchmark.BenchmarkReport.SharedLink;
import dev.runboard.benchmark.BenchmarkReport.Summary;
import dev.runboard.benchmark.BenchmarkReport.Throttled;
import dev.runboard.aws.SsmProperties;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.ImageJava;
import dev.runboard.testing.SignedInClient;
import dev.runboard.testing.TestInvocations;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;

/**
 * Runboard's benchmark: starts the application ({@code aws} source, one local user)
 * against a local SSM endpoint ({@link FakeSsmServer}) serving thousands of invocations
 * with output, drives it over HTTP with signed-in clients, and writes the figures next to
 * the targets of the performance issue to {@code docs/benchmarks.md}.
 * <p>
 * Run with {@code ./mvnw -Pbenchmark verify}: the profile packages the jar (for the
 * launch-to-healthy figure, measured on a separate JVM), skips the tests and runs this
 * class on the test classpath in its own JVM. System properties
 * {@code benchmark.phase-seconds}, {@code benchmark.invocations},
 * {@code benchmark.latency-ms}, {@code benchmark.clients}, {@code benchmark.launches},
 * {@code benchmark.history-invocations} and {@code benchmark.output} change the settings;
 * {@code benchmark.parts=history} runs the history store's part alone
 * ({@link HistoryBenchmark}) and replaces only its section of the file. This is a
 * measurement, not a test: it never fails on a missed target, it reports it.
 */
public final class Benchmark {

	static final Instant NEWEST = Instant.parse("2026-11-20T12:00:00Z");

	static final String USER = "bench";

	static final String PASSWORD = "bench-password";

	static final int PAGE_SIZE = 50;

	/** Pages a load client scrolls through before it opens a new filter. */
	static final int SCROLL_DEPTH = 10;

	static final int SHARED_LINK_OPENS = 60;

	static final int THROTTLED_USERS = 20;

	static final double THROTTLE_PER_SECOND = 5;

	static final int THROTTLED_PAGES_PER_USER = 2;

	static final int MAX_TRIES_PER_PAGE = 30;

	static final int HEAP_SCROLL = 10_000;

	/** Calls and pages measured when comparing a page with a bare SSM round trip. */
	static final int ROUND_TRIPS = 15;

	/** Load phases recorded with JFR: those the targets name. */
	static final List<Integer> PROFILED = List.of(1, 32);

	/** How long a reader takes to reach the end of 50 rows before the next scroll. */
	static final Duration READING = Duration.ofMillis(500);

	/** Views opened, and scrolls after the first, when timing scrolls at latency. */
	static final int SCROLLED_VIEWS = 5;

	static final int LATER_SCROLLS = 6;

	/** Views opened when counting the calls of scrolled and unscrolled views. */
	static final int COUNTED_VIEWS = 20;

	/** Pages shown by each scrolled view when counting calls: the first and 4 scrolls. */
	static final int COUNTED_PAGES = 5;

	/** The command whose page and summary are timed: one run to this many nodes. */
	static final int COMMAND_NODES = 1_000;

	static final String COMMAND_ID = new UUID(0xc0de, COMMAND_NODES).toString();

	/** Pages read in a launched instance before its warm page is timed. */
	static final int WARMING_PAGES = 150;

	static final int WARM_PAGES = 20;

	private final Settings settings;

	private final FakeSsmServer ssm;

	private final List<SignedInClient> clients = new ArrayList<>();

	/**
	 * Makes every filter unique, so the cache answers nothing it was not meant to: a
	 * filter's {@code before} is {@link #NEWEST} minus this many milliseconds.
	 */
	private final AtomicLong filterIds = new AtomicLong();

	private ConfigurableApplicationContext app;

	private URI base;

	/**
	 * @param phase how long each load phase runs
	 * @param invocations size of the data set the endpoint serves
	 * @param latency emulated SSM latency of the round-trip comparison
	 * @param concurrency client counts of the load phases
	 * @param launches launch-to-healthy runs of the packaged jar
	 * @param output where the results table goes
	 */
	record Settings(Duration phase, int invocations, Duration latency, List<Integer> concurrency, int launches,
			Path output) {

		static Settings fromSystemProperties() {
			return new Settings(Duration.ofSeconds(Long.getLong("benchmark.phase-seconds", 5)),
					Integer.getInteger("benchmark.invocations", 12_000),
					Duration.ofMillis(Long.getLong("benchmark.latency-ms", 100)),
					Arrays.stream(System.getProperty("benchmark.clients", "1,8,32,128").split(","))
						.map(String::strip)
						.map(Integer::valueOf)
						.toList(),
					Integer.getInteger("benchmark.launches", 3),
					Path.of(System.getProperty("benchmark.output", "docs/benchmarks.md")));
		}

	}

	private Benchmark(Settings settings, List<CommandInvocation> invocations) {
		this.settings = settings;
		this.ssm = new FakeSsmServer(new SandboxSsmClient((now) -> invocations, Clock.systemUTC(), Region.EU_WEST_1));
	}

	public static void main(String[] args) throws Exception {
		Optional<Path> imageJava = ImageJava.java();
		if (Runtime.version().feature() != ImageJava.major() && imageJava.isPresent()) {
			// Measure what the image runs: the same figures on another Java say little.
			System.exit(relaunch(imageJava.get()));
		}
		// The same dummy, local-only AWS settings as the tests: nothing here may reach
		// AWS.
		setIfAbsent("aws.accessKeyId", "test");
		setIfAbsent("aws.secretAccessKey", "test");
		setIfAbsent("aws.region", "eu-west-1");
		setIfAbsent("aws.disableEc2Metadata", "true");
		Settings settings = Settings.fromSystemProperties();
		Files.createDirectories(Path.of("target", "benchmark"));
		Files.createDirectories(settings.output().toAbsolutePath().getParent());
		HistoryBenchmark history = new HistoryBenchmark(Integer.getInteger("benchmark.history-invocations", 1_000_000),
				settings.latency());
		if ("history".equals(System.getProperty("benchmark.parts", "all"))) {
			// The history store's section alone, the rest of the file as the last full
			// run
			// wrote it.
			String section = history.run().markdown();
			String file = Files.exists(settings.output()) ? Files.readString(settings.output()) : "# Benchmarks\n";
			Files.writeString(settings.output(), HistoryFigures.replaceSection(file, section));
			System.out.println(section);
			System.out.println("Wrote " + settings.output().toAbsolutePath());
			System.exit(0);
		}
		BenchmarkReport report = new BenchmarkReport(settings);
		Benchmark benchmark = new Benchmark(settings, invocations(settings.invocations()));
		try {
			benchmark.run(report);
		}
		finally {
			benchmark.close();
		}
		log("The history store");
		report.history = history.run();
		Files.writeString(settings.output(), report.markdown());
		System.out.println(report.markdown());
		System.out.println("Wrote " + settings.output().toAbsolutePath());
		// HTTP clients keep selector threads; the figures are written, so end here.
		System.exit(0);
	}

	/**
	 * Runs this benchmark again on {@code java}, with the same class path and settings.
	 * @return its exit status
	 */
	private static int relaunch(Path java) throws Exception {
		List<String> command = new ArrayList<>(List.of(java.toString()));
		System.getProperties()
			.stringPropertyNames()
			.stream()
			.filter((name) -> name.startsWith("benchmark.") || name.startsWith("aws."))
			.sorted()
			.forEach((name) -> command.add("-D" + name + "=" + System.getProperty(name)));
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), Benchmark.class.getName()));
		log("Running on the image's Java: " + java);
		return new ProcessBuilder(command).inheritIO().start().waitFor();
	}

	private void run(BenchmarkReport report) throws Exception {
		report.loadAverageAtStart = systemLoad();
		report.imageJava = ImageJava.major();
		Optional<Path> jar = packagedJar();
		if (jar.isEmpty()) {
			report.noLaunch = "no packaged jar in target/ (`./mvnw -Pbenchmark verify` builds it)";
		}
		else if (this.settings.launches() < 1) {
			report.noLaunch = "benchmark.launches=0";
		}
		else if (Runtime.version().feature() < 25) {
			report.noLaunch = "no Java " + ImageJava.major() + " on this machine (set runboard.image-java.home): "
					+ "Java " + Runtime.version().feature() + " has no AOT cache";
		}
		else {
			report.jar = jar.get();
			report.launches = launches(jar.get());
		}
		log("Starting the application in this JVM");
		report.inProcessStart = startInProcess();
		report.cacheTtl = this.app.getBean(SsmProperties.class).cacheTtl();
		report.maxConnections = this.app.getBean(SsmProperties.class).maxConnections();

		try (SsmClient bare = bareClient()) {
			log("Bare SSM round trips, zero latency");
			report.bareZeroLatency = bareRoundTrips(bare, 100, 300);
			log("Bare SSM calls from 32 concurrent callers, zero latency");
			report.bareThroughput = bareThroughput(bare, 32, this.settings.phase());

			log("Warm-up: 8 clients, " + this.settings.phase().toSeconds() + " s");
			report.warmUp = load(8, this.settings.phase());
			for (int concurrency : this.settings.concurrency()) {
				log("Load: " + concurrency + " clients, " + this.settings.phase().toSeconds() + " s");
				if (PROFILED.contains(concurrency)) {
					Profile.Profiled<LoadPhase> profiled = Profile.of(() -> load(concurrency, this.settings.phase()),
							Path.of("target", "benchmark", "load-" + concurrency + ".jfr"));
					report.phases.add(profiled.result());
					report.profiles.put(concurrency, profiled.profile());
				}
				else {
					report.phases.add(load(concurrency, this.settings.phase()));
				}
			}

			log("Uncached page against bare round trip, " + this.settings.latency().toMillis() + " ms latency");
			this.ssm.reset();
			this.ssm.latency(this.settings.latency());
			report.bareAtLatency = bareRoundTrips(bare, 3, ROUND_TRIPS);
			report.pageAtLatency = uncachedPages(3, ROUND_TRIPS);
			log("Scrolling at " + this.settings.latency().toMillis() + " ms latency, a reader pausing "
					+ READING.toMillis() + " ms a page");
			report.scrolling = scrolling();
			this.ssm.reset();
		}

		log("SSM calls of scrolled and unscrolled views");
		report.prefetchCalls = prefetchCalls();

		log("The command page's summary of a " + COMMAND_NODES + "-node command at "
				+ this.settings.latency().toMillis() + " ms latency");
		report.summary = summary();

		log(SHARED_LINK_OPENS + " simultaneous opens of one filtered link");
		report.sharedLink = sharedLink();

		log(THROTTLED_USERS + " users scrolling against " + THROTTLE_PER_SECOND + " requests/s");
		report.throttled = throttled();

		log("Heap while scrolling " + HEAP_SCROLL + " invocations, twice");
		report.heap = heap(report.cacheTtl);
		report.loadAverageAtEnd = systemLoad();
	}

	private void close() {
		if (this.app != null) {
			this.app.close();
		}
		this.ssm.close();
	}

	/**
	 * Real-shaped invocations, newest first, one a minute: every status, two documents,
	 * output of a dozen lines, every tenth cut at 2,500 characters as SSM cuts it, and
	 * failures with an error stream.
	 */
	static List<CommandInvocation> invocations(int count) {
		List<CommandInvocation> invocations = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String status = TestInvocations.STATUSES.get(i % TestInvocations.STATUSES.size());
			invocations.add(TestInvocations.invocation(new UUID(0xbe4c, i / 10).toString(), String.format("i-%017x", i),
					(i % 2 == 0) ? "AWS-RunShellScript" : "AWS-RunPatchBaseline", NEWEST.minusSeconds(60L * i), status,
					output(i, status)));
		}
		Instant sent = NEWEST.minusSeconds(60L * count + 3600);
		for (int node = 0; node < COMMAND_NODES; node++) {
			String status = (node % 10 == 0) ? "Failed" : "Success";
			invocations.add(TestInvocations.invocation(COMMAND_ID, String.format("i-%017x", 0xa0000 + node),
					"AWS-RunPatchBaseline", sent, status, output(node, status)));
		}
		return invocations;
	}

	static String output(int i, String status) {
		StringBuilder output = new StringBuilder();
		int lines = (i % 10 == 0) ? 80 : 12;
		for (int line = 0; line < lines; line++) {
			output.append("[")
				.append(line)
				.append("] Processing package group ")
				.append((i * 7 + line) % 97)
				.append(": ok\n");
		}
		if ("Failed".equals(status)) {
			output.append("----------ERROR-------\nE: Could not get lock /var/lib/dpkg/lock-frontend\n");
		}
		String truncated = "\n---Output truncated---";
		if (output.length() > 2_500) {
			return output.substring(0, 2_500 - truncated.length()) + truncated;
		}
		return output.toString();
	}

	private Duration startInProcess() throws Exception {
		long start = System.nanoTime();
		this.app = new SpringApplicationBuilder(RunboardApplication.class)
			.run(appArguments(0, Path.of("target", "benchmark", "runboard.log")).toArray(String[]::new));
		int port = this.app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		this.base = URI.create("http://127.0.0.1:" + port);
		awaitHealthy(this.base, Duration.ofMinutes(2), null);
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/**
	 * The application's settings: defaults everywhere except what pointing it at the
	 * local endpoint needs. Its log goes to a file, as it would in production, so the
	 * console shows the benchmark's progress.
	 */
	private List<String> appArguments(int port, Path log) {
		return List.of("--server.port=" + port, "--runboard.ssm.source=aws", "--runboard.ssm.region=eu-west-1",
				"--runboard.ssm.endpoint=" + this.ssm.endpoint(), "--runboard.security.users[0].name=" + USER,
				"--runboard.security.users[0].password={noop}" + PASSWORD,
				"--logging.file.name=" + log.toAbsolutePath(), "--logging.threshold.console=OFF",
				// As the image sets it; Spring Boot ignores it before Java 21.
				"--spring.threads.virtual.enabled=true");
	}

	/** The jar {@code package} built, if there is one. */
	private static Optional<Path> packagedJar() throws IOException {
		Path target = Path.of("target");
		if (!Files.isDirectory(target)) {
			return Optional.empty();
		}
		try (Stream<Path> files = Files.list(target)) {
			return files
				.filter((file) -> file.getFileName().toString().matches("runboard-.*\\.jar")
						&& !file.getFileName().toString().endsWith("-plain.jar"))
				.findFirst();
		}
	}

	/**
	 * The packaged jar run as the image runs it: extracted, its AOT cache made by the
	 * Dockerfile's own training run, then started alternately with and without that
	 * cache, each a fresh JVM timed from process start to {@code /actuator/health}
	 * answering UP (readiness included, so after the warm-up). In each, the first page a
	 * signed-in user opens, then a warm page.
	 */
	private Launches launches(Path jar) throws Exception {
		Path directory = Path.of("target", "benchmark", "image").toAbsolutePath();
		deleteTree(directory);
		Files.createDirectories(directory);
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String jarName = jar.getFileName().toString();
		run(Path.of("."), List.of(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
				directory.toString()), Path.of("target", "benchmark", "extract.log"));
		List<String> training = new ArrayList<>(trainingRun());
		training.set(0, java);
		training.set(training.size() - 1, jarName);
		String cache = training.stream()
			.filter((argument) -> argument.startsWith("-XX:AOTCacheOutput="))
			.findFirst()
			.orElseThrow()
			.substring("-XX:AOTCacheOutput=".length());
		log("Training run of the AOT cache: " + String.join(" ", training));
		long trainingStart = System.nanoTime();
		run(directory, training, Path.of("target", "benchmark", "training.log"));
		Duration trained = Duration.ofNanos(System.nanoTime() - trainingStart);
		List<Launch> withCache = new ArrayList<>();
		List<Launch> without = new ArrayList<>();
		for (int run = 1; run <= this.settings.launches(); run++) {
			for (boolean useCache : List.of(true, false)) {
				log("Launch " + run + (useCache ? " with" : " without") + " the AOT cache");
				List<String> command = new ArrayList<>(List.of(java, "-Daws.accessKeyId=test",
						"-Daws.secretAccessKey=test", "-Daws.region=eu-west-1", "-Daws.disableEc2Metadata=true"));
				if (useCache) {
					command.add("-XX:AOTCache=" + cache);
				}
				command.addAll(List.of("-jar", jarName));
				(useCache ? withCache : without)
					.add(launch(directory, command, "launch-" + run + (useCache ? "-aot" : "-plain")));
			}
		}
		return new Launches(jarName, trained, withCache, without);
	}

	private Launch launch(Path directory, List<String> java, String name) throws Exception {
		int port = freePort();
		Path log = Path.of("target", "benchmark", name + ".log");
		// The application appends to its log: what a launch logged must be its own.
		Files.deleteIfExists(log);
		List<String> command = new ArrayList<>(java);
		command.addAll(appArguments(port, log));
		long start = System.nanoTime();
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(Path.of("target", "benchmark", name + ".out").toFile())
			.start();
		try {
			URI base = URI.create("http://127.0.0.1:" + port);
			awaitHealthy(base, Duration.ofMinutes(3), process);
			Duration healthy = Duration.ofNanos(System.nanoTime() - start);
			SignedInClient user = SignedInClient.signIn(base, USER, PASSWORD);
			long firstStart = System.nanoTime();
			requireFullPage(user.get(firstPage()));
			double first = (System.nanoTime() - firstStart) / 1e6;
			for (int page = 0; page < WARMING_PAGES; page++) {
				requireFullPage(user.get(firstPage()));
			}
			Latencies warm = new Latencies();
			for (int page = 0; page < WARM_PAGES; page++) {
				long pageStart = System.nanoTime();
				requireFullPage(user.get(firstPage()));
				warm.record(System.nanoTime() - pageStart);
			}
			return new Launch(healthy, first, warm.millis(0.5), logged(name, STARTED, "started"),
					logged(name, WARMED_UP, "warmed up"));
		}
		finally {
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
			}
		}
	}

	/**
	 * Seconds from the JVM's start to the application context's, as Spring Boot logs it.
	 */
	private static final Pattern STARTED = Pattern
		.compile("Started RunboardApplication in [0-9.]+ seconds " + "\\(process running for ([0-9.]+)\\)");

	private static final Pattern WARMED_UP = Pattern.compile("Warmed up in ([0-9.]+) s");

	/** A duration a launched instance logged. */
	private static Duration logged(String name, Pattern pattern, String what) throws IOException {
		Matcher matcher = pattern.matcher(Files.readString(Path.of("target", "benchmark", name + ".log")));
		if (!matcher.find()) {
			throw new IllegalStateException("target/benchmark/" + name + ".log does not say when it " + what);
		}
		return Duration.ofMillis(Math.round(Double.parseDouble(matcher.group(1)) * 1000));
	}

	/** The Dockerfile's training run of the AOT cache, as it runs there. */
	static List<String> trainingRun() throws IOException {
		for (String line : Files.readAllLines(Path.of("Dockerfile"))) {
			if (line.startsWith("RUN [") && line.contains("-XX:AOTCacheOutput=")) {
				return List.of(JsonMapper.builder().build().readValue(line.substring(4), String[].class));
			}
		}
		throw new IllegalStateException("The Dockerfile has no training run of an AOT cache");
	}

	private static void run(Path directory, List<String> command, Path log) throws Exception {
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toAbsolutePath().toFile())
			.start();
		if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException(command + " failed; see " + log);
		}
	}

	private static void deleteTree(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}

	private static void awaitHealthy(URI base, Duration patience, Process process) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest health = HttpRequest.newBuilder(base.resolve("/actuator/health"))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = System.nanoTime() + patience.toNanos();
		while (System.nanoTime() < deadline) {
			if (process != null && !process.isAlive()) {
				throw new IllegalStateException("The application exited with " + process.exitValue()
						+ " before it was healthy; see target/benchmark/launch-*.log");
			}
			try {
				HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(10);
		}
		throw new IllegalStateException("Not healthy within " + patience + ": " + base);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** An SDK client configured as the application's, for the bare round trips. */
	private SsmClient bareClient() {
		return SsmClient.builder()
			.region(Region.EU_WEST_1)
			.endpointOverride(this.ssm.endpoint())
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.httpClientBuilder(ApacheHttpClient.builder().maxConnections(50))
			.build();
	}

	/** What the application sends for a first page of 50 with details, timed alone. */
	private Latencies bareRoundTrips(SsmClient bare, int warmUp, int count) {
		Latencies latencies = new Latencies();
		for (int i = 0; i < warmUp + count; i++) {
			ListCommandInvocationsRequest request = ListCommandInvocationsRequest.builder()
				.details(true)
				.maxResults(PAGE_SIZE)
				.filters(CommandFilter.builder()
					.key(CommandFilterKey.INVOKED_BEFORE)
					.value(uniqueBefore().toString())
					.build())
				.build();
			long start = System.nanoTime();
			int listed = bare.listCommandInvocations(request).commandInvocations().size();
			long took = System.nanoTime() - start;
			if (listed != PAGE_SIZE) {
				throw new IllegalStateException("The endpoint listed " + listed + " invocations, not " + PAGE_SIZE);
			}
			if (i >= warmUp) {
				latencies.record(took);
			}
		}
		return latencies;
	}

	/**
	 * Bare SDK calls per second from {@code callers} threads, each calling as fast as
	 * answers come, for {@code duration}: the ceiling of pages per second at that
	 * concurrency.
	 */
	private double bareThroughput(SsmClient bare, int callers, Duration duration) throws Exception {
		AtomicLong calls = new AtomicLong();
		long deadline = System.nanoTime() + duration.toNanos();
		List<Callable<Void>> threads = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			threads.add(() -> {
				while (System.nanoTime() < deadline) {
					bare.listCommandInvocations(ListCommandInvocationsRequest.builder()
						.details(true)
						.maxResults(PAGE_SIZE)
						.filters(CommandFilter.builder()
							.key(CommandFilterKey.INVOKED_BEFORE)
							.value(uniqueBefore().toString())
							.build())
						.build());
					calls.incrementAndGet();
				}
				return null;
			});
		}
		long start = System.nanoTime();
		runAll(threads, null);
		return calls.get() / ((System.nanoTime() - start) / 1e9);
	}

	/**
	 * A reader at the emulated SSM latency: opens a view, reads for {@link #READING},
	 * scrolls, and again; the first scroll of a view waits for SSM, later ones find the
	 * page read ahead.
	 */
	private Scrolling scrolling() throws InterruptedException {
		SignedInClient reader = clients(1).get(0);
		Latencies first = new Latencies();
		Latencies later = new Latencies();
		for (int view = 0; view < SCROLLED_VIEWS; view++) {
			HttpResponse<String> page = reader.get(firstPage());
			requireFullPage(page);
			for (int scroll = 0; scroll <= LATER_SCROLLS; scroll++) {
				Thread.sleep(READING.toMillis());
				String next = SignedInClient.nextUrl(page.body()).orElseThrow();
				long start = System.nanoTime();
				page = reader.htmx(next);
				long took = System.nanoTime() - start;
				requireFullPage(page);
				((scroll == 0) ? first : later).record(took);
			}
		}
		return new Scrolling(first, later);
	}

	/**
	 * SSM calls of views opened and left (none read ahead), and of views scrolled a few
	 * pages and left (the one page read ahead that nobody asks for), against the pages
	 * they showed.
	 */
	private PrefetchCalls prefetchCalls() throws InterruptedException {
		SignedInClient reader = clients(1).get(0);
		this.ssm.reset();
		for (int view = 0; view < COUNTED_VIEWS; view++) {
			requireFullPage(reader.get(firstPage()));
		}
		Thread.sleep(2_000);
		int unscrolled = this.ssm.calls("ListCommandInvocations").size();
		this.ssm.reset();
		for (int view = 0; view < COUNTED_VIEWS; view++) {
			HttpResponse<String> page = reader.get(firstPage());
			requireFullPage(page);
			for (int scroll = 1; scroll < COUNTED_PAGES; scroll++) {
				page = reader.htmx(SignedInClient.nextUrl(page.body()).orElseThrow());
				requireFullPage(page);
			}
		}
		Thread.sleep(2_000);
		int scrolled = this.ssm.calls("ListCommandInvocations").size();
		this.ssm.reset();
		return new PrefetchCalls(COUNTED_VIEWS, unscrolled, COUNTED_PAGES, scrolled);
	}

	/**
	 * The command page of a {@link #COMMAND_NODES}-node command and its summary (loaded
	 * by the page), opened twice, at the emulated latency.
	 */
	private Summary summary() {
		SignedInClient reader = clients(1).get(0);
		this.ssm.reset();
		this.ssm.latency(this.settings.latency());
		List<Summary.View> views = new ArrayList<>();
		for (int view = 0; view < 2; view++) {
			int before = this.ssm.calls().size();
			long start = System.nanoTime();
			HttpResponse<String> page = reader.get("/commands/" + COMMAND_ID);
			HttpResponse<String> summary = reader.htmx("/commands/" + COMMAND_ID + "/summary");
			double millis = (System.nanoTime() - start) / 1e6;
			if (page.statusCode() != 200 || summary.statusCode() != 200
					|| !summary.body().contains("data-status-count=\"Success\"")) {
				throw new IllegalStateException("The command page answered HTTP " + page.statusCode()
						+ " and its summary HTTP " + summary.statusCode());
			}
			views.add(new Summary.View(this.ssm.calls().size() - before, millis,
					summary.body().contains("data-sampled")));
		}
		this.ssm.reset();
		return new Summary(COMMAND_NODES, views.get(0), views.get(1));
	}

	private Latencies uncachedPages(int warmUp, int count) {
		SignedInClient reader = clients(1).get(0);
		Latencies latencies = new Latencies();
		for (int i = 0; i < warmUp + count; i++) {
			long start = System.nanoTime();
			HttpResponse<String> page = reader.get(firstPage());
			long took = System.nanoTime() - start;
			requireFullPage(page);
			if (i >= warmUp) {
				latencies.record(took);
			}
		}
		return latencies;
	}

	/**
	 * {@code concurrency} signed-in clients, each scrolling filters of its own through
	 * {@link #SCROLL_DEPTH} pages of 50 with details, as fast as answers come, for
	 * {@code duration}. Every filter is new, so every page is an SSM call.
	 */
	private LoadPhase load(int concurrency, Duration duration) throws Exception {
		List<SignedInClient> users = clients(concurrency);
		this.ssm.reset();
		double keptBefore = rowCache("hit");
		double drawnBefore = rowCache("miss");
		CyclicBarrier start = new CyclicBarrier(concurrency + 1);
		AtomicLong begin = new AtomicLong();
		List<Callable<ClientRun>> runs = new ArrayList<>();
		for (SignedInClient user : users) {
			runs.add(() -> {
				start.await();
				return scrollUntil(user, begin.get() + duration.toNanos());
			});
		}
		List<ClientRun> results = runAll(runs, () -> {
			begin.set(System.nanoTime());
			start.await();
			return null;
		});
		long end = results.stream().mapToLong(ClientRun::lastEnd).max().orElse(begin.get());
		int pages = results.stream().mapToInt((run) -> run.latencies().count()).sum();
		int errors = results.stream().mapToInt(ClientRun::errors).sum();
		String firstError = results.stream()
			.map(ClientRun::firstError)
			.filter((error) -> error != null)
			.findFirst()
			.orElse(null);
		return new LoadPhase(concurrency, pages, (end - begin.get()) / 1e9,
				Latencies.merge(results.stream().map(ClientRun::latencies).toList()), errors, firstError,
				this.ssm.calls("ListCommandInvocations").size(), (long) (rowCache("hit") - keptBefore),
				(long) (rowCache("miss") - drawnBefore));
	}

	/**
	 * How often a row was shown from memory ({@code hit}) or drawn and kept
	 * ({@code miss}) so far.
	 */
	private double rowCache(String result) {
		FunctionCounter gets = this.app.getBean(MeterRegistry.class)
			.find("cache.gets")
			.tag("cache", "runboard.rows")
			.tag("result", result)
			.functionCounter();
		return (gets != null) ? gets.count() : 0;
	}

	private record ClientRun(Latencies latencies, int errors, String firstError, long lastEnd) {

	}

	private ClientRun scrollUntil(SignedInClient user, long deadline) {
		Latencies latencies = new Latencies();
		int errors = 0;
		String firstError = null;
		long lastEnd = System.nanoTime();
		while (lastEnd < deadline) {
			String next = firstPage();
			for (int page = 0; page < SCROLL_DEPTH && next != null && lastEnd < deadline; page++) {
				long start = System.nanoTime();
				HttpResponse<String> response = (page == 0) ? user.get(next) : user.htmx(next);
				lastEnd = System.nanoTime();
				latencies.record(lastEnd - start);
				int rows = SignedInClient.rows(response.body()).size();
				if (response.statusCode() != 200 || rows != PAGE_SIZE) {
					errors++;
					if (firstError == null) {
						firstError = "HTTP " + response.statusCode() + " with " + rows + " rows for " + next;
					}
					break;
				}
				next = SignedInClient.nextUrl(response.body()).orElse(null);
			}
		}
		return new ClientRun(latencies, errors, firstError, lastEnd);
	}

	/**
	 * Everyone in an incident channel opens the link just pasted, at the same moment,
	 * with SSM at the emulated latency.
	 */
	private SharedLink sharedLink() throws Exception {
		List<SignedInClient> channel = clients(SHARED_LINK_OPENS);
		this.ssm.reset();
		this.ssm.latency(this.settings.latency());
		String link = "/invocations?status=Failed&before=" + uniqueBefore();
		CyclicBarrier start = new CyclicBarrier(channel.size());
		List<Callable<HttpResponse<String>>> opens = new ArrayList<>();
		for (SignedInClient person : channel) {
			opens.add(() -> {
				start.await();
				return person.get(link);
			});
		}
		List<HttpResponse<String>> responses = runAll(opens, null);
		List<String> firstRows = SignedInClient.rows(responses.get(0).body());
		int failed = (int) responses.stream()
			.filter((response) -> response.statusCode() != 200
					|| !SignedInClient.rows(response.body()).equals(firstRows))
			.count();
		int calls = this.ssm.calls("ListCommandInvocations").size();
		this.ssm.reset();
		return new SharedLink(channel.size(), calls, failed);
	}

	/**
	 * People scrolling distinct filters against an endpoint throttling above
	 * {@link #THROTTLE_PER_SECOND} requests a second, each retrying a throttled page
	 * after the {@code Retry-After} the page gives, in full.
	 */
	private Throttled throttled() throws Exception {
		List<SignedInClient> people = clients(THROTTLED_USERS);
		this.ssm.reset();
		this.ssm.throttleAbove(THROTTLE_PER_SECOND);
		long offset = this.filterIds.incrementAndGet();
		List<Callable<int[]>> scrolls = new ArrayList<>();
		CyclicBarrier start = new CyclicBarrier(people.size());
		long begin = System.nanoTime();
		for (int i = 0; i < people.size(); i++) {
			SignedInClient person = people.get(i);
			Instant before = NEWEST.minus(Duration.ofMinutes(100L * i)).minusMillis(offset);
			Instant after = before.minus(Duration.ofMinutes(100));
			String link = "/invocations?after=" + after + "&before=" + before;
			scrolls.add(() -> {
				start.await();
				return scrollThrottled(person, link);
			});
		}
		List<int[]> results = runAll(scrolls, null);
		double seconds = (System.nanoTime() - begin) / 1e9;
		int served = results.stream().mapToInt((result) -> result[0]).sum();
		int throttlingPages = results.stream().mapToInt((result) -> result[1]).sum();
		int other = results.stream().mapToInt((result) -> result[2]).sum();
		int refused = this.ssm.throttled();
		int calls = this.ssm.calls("ListCommandInvocations").size();
		this.ssm.reset();
		return new Throttled(people.size(), THROTTLED_PAGES_PER_USER * people.size(), served, throttlingPages, other,
				calls, refused, seconds);
	}

	/** {pages served, throttling pages seen, other errors}. */
	private static int[] scrollThrottled(SignedInClient person, String link) throws InterruptedException {
		int served = 0;
		int throttlingPages = 0;
		String next = link;
		while (next != null) {
			HttpResponse<String> page = null;
			for (int tries = 0; tries < MAX_TRIES_PER_PAGE; tries++) {
				page = (served == 0) ? person.get(next) : person.htmx(next);
				if (page.statusCode() == 200) {
					break;
				}
				Optional<String> retryAfter = page.headers().firstValue("Retry-After");
				if (page.statusCode() != 503 || retryAfter.isEmpty()
						|| !page.body().contains("AWS is throttling Systems Manager requests")) {
					return new int[] { served, throttlingPages, 1 };
				}
				throttlingPages++;
				if (served > 0) {
					next = SignedInClient.retryUrl(page.body()).orElse(next);
				}
				Thread.sleep(Long.parseLong(retryAfter.get()) * 1000);
			}
			if (page.statusCode() != 200) {
				return new int[] { served, throttlingPages, 0 };
			}
			served++;
			next = SignedInClient.nextUrl(page.body()).orElse(null);
		}
		return new int[] { served, throttlingPages, 0 };
	}

	/**
	 * Used heap after a full collection: before scrolling, right after scrolling
	 * {@link #HEAP_SCROLL} invocations (answers still cached), once the cache's time to
	 * live has passed, and the same again for a second {@link #HEAP_SCROLL}.
	 */
	private HeapFigures heap(Duration cacheTtl) throws Exception {
		SignedInClient reader = clients(1).get(0);
		this.ssm.reset();
		settle(reader, cacheTtl);
		long baseline = usedHeapAfterGc();
		int first = scroll(reader, HEAP_SCROLL);
		long firstRightAfter = usedHeapAfterGc();
		settle(reader, cacheTtl);
		long firstSettled = usedHeapAfterGc();
		int second = scroll(reader, HEAP_SCROLL);
		long secondRightAfter = usedHeapAfterGc();
		settle(reader, cacheTtl);
		long secondSettled = usedHeapAfterGc();
		this.ssm.reset();
		return new HeapFigures(first, second, baseline, firstRightAfter, firstSettled, secondRightAfter, secondSettled);
	}

	private int scroll(SignedInClient reader, int invocations) {
		int rows = 0;
		String next = firstPage();
		boolean first = true;
		while (next != null && rows < invocations) {
			HttpResponse<String> page = first ? reader.get(next) : reader.htmx(next);
			requireFullPage(page);
			rows += SignedInClient.rows(page.body()).size();
			next = SignedInClient.nextUrl(page.body()).orElse(null);
			first = false;
		}
		return rows;
	}

	/**
	 * Waits out the cache's time to live, then makes one small request, since the cache
	 * drops expired answers when it is next written to.
	 */
	private void settle(SignedInClient reader, Duration cacheTtl) throws InterruptedException {
		Thread.sleep(cacheTtl.toMillis() + 1_000);
		reader.get("/invocations?pageSize=1&before=" + uniqueBefore());
		Thread.sleep(500);
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private String firstPage() {
		return "/invocations?before=" + uniqueBefore();
	}

	private Instant uniqueBefore() {
		return NEWEST.minusMillis(this.filterIds.incrementAndGet());
	}

	private static void requireFullPage(HttpResponse<String> page) {
		int rows = SignedInClient.rows(page.body()).size();
		if (page.statusCode() != 200 || rows != PAGE_SIZE) {
			throw new IllegalStateException("Expected a page of " + PAGE_SIZE + " rows, got HTTP " + page.statusCode()
					+ " with " + rows + " rows");
		}
	}

	/** The first {@code count} clients, signing in those not signed in yet (untimed). */
	private List<SignedInClient> clients(int count) {
		while (this.clients.size() < count) {
			this.clients.add(SignedInClient.signIn(this.base, USER, PASSWORD));
		}
		return this.clients.subList(0, count);
	}

	/**
	 * Runs every task on a thread of its own; {@code starter}, when given, runs on this
	 * thread once they are submitted (to release them together).
	 */
	private static <T> List<T> runAll(List<Callable<T>> tasks, Callable<Void> starter) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (Callable<T> task : tasks) {
				futures.add(threads.submit(task));
			}
			if (starter != null) {
				starter.call();
			}
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(10, TimeUnit.MINUTES));
			}
			return results;
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static double systemLoad() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	private static void setIfAbsent(String name, String value) {
		if (System.getProperty(name) == null) {
			System.setProperty(name, value);
		}
	}

	static void log(String message) {
		System.out.println("[benchmark] " + message);
	}

}
