package dev.runboard.benchmark;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The figures of one benchmark run and the Markdown table that puts each next to its
 * target from the performance issue.
 */
final class BenchmarkReport {

	/** Second-scroll growth of settled heap still counted as "no growth": GC noise. */
	static final long HEAP_NOISE_BYTES = 2L * 1024 * 1024;

	static final double MIB = 1024.0 * 1024.0;

	/**
	 * @param clients concurrent clients
	 * @param pages pages served (and timed)
	 * @param seconds from releasing the clients to the last answer
	 * @param latencies response time of each page
	 * @param errors responses other than a page of 50 rows
	 * @param firstError what the first of those was
	 * @param ssmCalls calls the endpoint received
	 */
	record LoadPhase(int clients, int pages, double seconds, Latencies latencies, int errors, String firstError,
			int ssmCalls) {

		double pagesPerSecond() {
			return this.pages / this.seconds;
		}

		double callsPerPage() {
			return (double) this.ssmCalls / this.pages;
		}

	}

	record SharedLink(int opens, int calls, int failed) {

	}

	/**
	 * @param users people scrolling
	 * @param expectedPages pages they set out to read
	 * @param served pages they got
	 * @param throttlingPages throttling pages (503) they were shown on the way
	 * @param otherErrors answers that were neither a page nor the throttling page
	 * @param calls requests the endpoint received, SDK retries included
	 * @param refused requests the endpoint throttled
	 * @param seconds until the last person had every page
	 */
	record Throttled(int users, int expectedPages, int served, int throttlingPages, int otherErrors, int calls,
			int refused, double seconds) {

	}

	/** Used heap in bytes after a full collection, at each step of the heap phase. */
	record HeapFigures(int firstRows, int secondRows, long baseline, long firstRightAfter, long firstSettled,
			long secondRightAfter, long secondSettled) {

		long growth() {
			return this.secondSettled - this.firstSettled;
		}

	}

	private final Benchmark.Settings settings;

	private final ZonedDateTime date = ZonedDateTime.now(ZoneOffset.UTC);

	double loadAverageAtStart;

	double loadAverageAtEnd;

	Path jar;

	/** Why no separate JVM was launched, when none was. */
	String noLaunch;

	List<Duration> launches = List.of();

	Duration inProcessStart;

	Duration cacheTtl;

	int maxConnections;

	Latencies bareZeroLatency;

	LoadPhase warmUp;

	final List<LoadPhase> phases = new ArrayList<>();

	Latencies bareAtLatency;

	Latencies pageAtLatency;

	SharedLink sharedLink;

	Throttled throttled;

	HeapFigures heap;

	BenchmarkReport(Benchmark.Settings settings) {
		this.settings = settings;
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("# Benchmarks\n\n");
		md.append("Figures of the latest run of the benchmark harness ")
			.append("([`Benchmark`](../src/test/java/dev/runboard/benchmark/Benchmark.java)), ")
			.append("run with `./mvnw -Pbenchmark verify`, which rewrites this file. ")
			.append("The application runs the `aws` source against a local SSM endpoint speaking ")
			.append("JSON 1.1 (the tests' `FakeSsmServer`), driven over HTTP by clients that each ")
			.append("signed in once through the login form.\n\n");
		md.append("- **Date:** ")
			.append(this.date.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
			.append("\n");
		md.append("- **Machine:** ").append(machine()).append("\n");
		md.append("- **JDK:** ").append(jdk()).append("\n");
		md.append("- **System load average (1 min):** ")
			.append(format(this.loadAverageAtStart, 2))
			.append(" at the start, ")
			.append(format(this.loadAverageAtEnd, 2))
			.append(" at the end\n");
		md.append("- **Settings:** ").append(settingsText()).append("\n\n");

		md.append("## Against the targets\n\n");
		md.append("| figure | measured | target | |\n|---|---|---|---|\n");
		targets(md);

		md.append("\n## Load: 50-row pages with details, zero-latency endpoint, every page uncached\n\n");
		md.append("Each client opens a filter of its own (a full page) and scrolls it (htmx fragments) for ")
			.append(Benchmark.SCROLL_DEPTH)
			.append(" pages, then opens another; every filter is new, so no page comes from the cache. ")
			.append("Latency is measured at the client, over loopback.\n\n");
		md.append("| clients | pages | pages/s | p50 | p99 | errors | SSM calls per page |\n");
		md.append("|---:|---:|---:|---:|---:|---:|---:|\n");
		for (LoadPhase phase : this.phases) {
			md.append("| ")
				.append(phase.clients())
				.append(" | ")
				.append(phase.pages())
				.append(" | ")
				.append(format(phase.pagesPerSecond(), 0))
				.append(" | ")
				.append(ms(phase.latencies().millis(0.5)))
				.append(" | ")
				.append(ms(phase.latencies().millis(0.99)))
				.append(" | ")
				.append(phase.errors())
				.append(" | ")
				.append(format(phase.callsPerPage(), 2))
				.append(" |\n");
		}
		this.phases.stream()
			.filter((phase) -> phase.firstError() != null)
			.forEach((phase) -> md.append("\nFirst error at ")
				.append(phase.clients())
				.append(" clients: ")
				.append(phase.firstError())
				.append("\n"));

		md.append("\n## Details\n\n");
		details(md);

		md.append("\n## Notes on noise\n\n");
		notes(md);
		return md.toString();
	}

	private void targets(StringBuilder md) {
		LoadPhase one = phase(1);
		if (one != null) {
			double page = one.latencies().millis(0.5);
			double bare = this.bareZeroLatency.millis(0.5);
			double overhead = page - bare;
			row(md, "Server overhead, 50-row page with details, zero-latency backend (median)",
					ms(overhead) + " (page " + ms(page) + " at 1 client − bare SSM round trip " + ms(bare) + ")",
					"≤ 5 ms", overhead <= 5);
		}
		LoadPhase thirtyTwo = phase(32);
		if (thirtyTwo != null) {
			row(md, "Pages per second at 32 concurrent clients, errors",
					format(thirtyTwo.pagesPerSecond(), 0) + " pages/s, " + thirtyTwo.errors() + " errors",
					"≥ 400 pages/s, no errors", thirtyTwo.pagesPerSecond() >= 400 && thirtyTwo.errors() == 0);
		}
		double page = this.pageAtLatency.millis(0.5);
		double bare = this.bareAtLatency.millis(0.5);
		row(md, "Uncached page at " + this.settings.latency().toMillis()
				+ " ms SSM latency, relative to one bare SSM round trip (medians)",
				format(page / bare, 2) + "× (page " + ms(page) + ", round trip " + ms(bare) + ")", "≤ 1.2×",
				page / bare <= 1.2);
		row(md, this.sharedLink.opens() + " simultaneous opens of one filtered link",
				this.sharedLink.calls() + " SSM call" + ((this.sharedLink.calls() == 1) ? "" : "s") + ", "
						+ this.sharedLink.failed() + " failed or different answers",
				"≤ 1 SSM call", this.sharedLink.calls() <= 1 && this.sharedLink.failed() == 0);
		row(md, this.throttled.users() + " users scrolling distinct filters, endpoint throttling above "
				+ format(Benchmark.THROTTLE_PER_SECOND, 0) + " requests/s",
				this.throttled.otherErrors() + " 5xx other than the throttling page; " + this.throttled.served()
						+ " of " + this.throttled.expectedPages() + " pages served",
				"no 5xx but the throttling page, every page served",
				this.throttled.otherErrors() == 0 && this.throttled.served() == this.throttled.expectedPages());
		row(md, "Retained heap, second scroll of " + this.heap.secondRows() + " invocations against the first",
				signedMib(this.heap.growth()) + " (" + mib(this.heap.firstSettled()) + " → "
						+ mib(this.heap.secondSettled()) + ")",
				"no growth (within " + mib(HEAP_NOISE_BYTES) + " of GC noise)", this.heap.growth() <= HEAP_NOISE_BYTES);
		if (!this.launches.isEmpty()) {
			Duration median = median(this.launches);
			row(md, "Launch to healthy (`java -jar`, separate JVM, median of " + this.launches.size() + ")",
					seconds(median), "≤ 5 s", median.compareTo(Duration.ofSeconds(5)) <= 0);
		}
		else {
			row(md, "Launch to healthy, **in-process** start in the harness's JVM (" + this.noLaunch + ")",
					seconds(this.inProcessStart), "≤ 5 s", this.inProcessStart.compareTo(Duration.ofSeconds(5)) <= 0);
		}
	}

	private void details(StringBuilder md) {
		md.append("- **Bare SSM round trip** (the SDK configured as the application's, straight to the local ")
			.append("endpoint, 50 invocations with details), zero latency: p50 ")
			.append(ms(this.bareZeroLatency.millis(0.5)))
			.append(", p99 ")
			.append(ms(this.bareZeroLatency.millis(0.99)))
			.append(" over ")
			.append(this.bareZeroLatency.count())
			.append(" calls. At ")
			.append(this.settings.latency().toMillis())
			.append(" ms emulated latency: p50 ")
			.append(ms(this.bareAtLatency.millis(0.5)))
			.append("; an uncached full page through Runboard: p50 ")
			.append(ms(this.pageAtLatency.millis(0.5)))
			.append(", p99 ")
			.append(ms(this.pageAtLatency.millis(0.99)))
			.append(" (")
			.append(this.pageAtLatency.count())
			.append(" each, one client).\n");
		md.append("- **Warm-up** before the load phases: ")
			.append(this.warmUp.clients())
			.append(" clients, ")
			.append(this.warmUp.pages())
			.append(" pages, ")
			.append(format(this.warmUp.pagesPerSecond(), 0))
			.append(" pages/s (not counted).\n");
		md.append("- **Shared link:** ")
			.append(this.sharedLink.opens())
			.append(" signed-in clients released together on one `/invocations?status=Failed&before=…` link at ")
			.append(this.settings.latency().toMillis())
			.append(" ms latency: ")
			.append(this.sharedLink.calls())
			.append(" `ListCommandInvocations` call(s), ")
			.append(this.sharedLink.opens() - this.sharedLink.failed())
			.append(" identical 200 answers; ")
			.append(format((double) this.sharedLink.calls() / this.sharedLink.opens(), 3))
			.append(" SSM calls per page.\n");
		md.append("- **Throttled scrolling:** ")
			.append(this.throttled.users())
			.append(" users, each scrolling ")
			.append(Benchmark.THROTTLED_PAGES_PER_USER)
			.append(" pages of a filter of their own, retrying a throttled page after the `Retry-After` it gives ")
			.append("(in full): ")
			.append(this.throttled.served())
			.append(" of ")
			.append(this.throttled.expectedPages())
			.append(" pages served within ")
			.append(format(this.throttled.seconds(), 1))
			.append(" s; ")
			.append(this.throttled.throttlingPages())
			.append(" throttling pages (503 with `Retry-After`) shown on the way; ")
			.append(this.throttled.otherErrors())
			.append(" other errors. The endpoint received ")
			.append(this.throttled.calls())
			.append(" requests (SDK retries included) and throttled ")
			.append(this.throttled.refused())
			.append(".\n");
		md.append("- **Heap** (used heap after `System.gc()`, harness and application in one JVM): before ")
			.append(mib(this.heap.baseline()))
			.append("; right after scrolling ")
			.append(this.heap.firstRows())
			.append(" invocations ")
			.append(mib(this.heap.firstRightAfter()))
			.append(" (answers still in the cache); after the cache's ")
			.append(this.cacheTtl.toSeconds())
			.append(" s TTL ")
			.append(mib(this.heap.firstSettled()))
			.append("; right after ")
			.append(this.heap.secondRows())
			.append(" more ")
			.append(mib(this.heap.secondRightAfter()))
			.append("; after the TTL ")
			.append(mib(this.heap.secondSettled()))
			.append(".\n");
		if (!this.launches.isEmpty()) {
			md.append("- **Launch to healthy** of `")
				.append(this.jar.getFileName())
				.append("` (`java -jar`, default JVM flags, from process start to `/actuator/health` answering UP): ")
				.append(this.launches.stream().map(BenchmarkReport::seconds).collect(Collectors.joining(", ")))
				.append(". In-process start of the harness's own instance (warm class loading): ")
				.append(seconds(this.inProcessStart))
				.append(".\n");
		}
	}

	private void notes(StringBuilder md) {
		md.append("- The machine has ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, shared with other builds while this ran (see the load averages above). ")
			.append("The load-generating clients, the local SSM endpoint and the application all run on those ")
			.append("same cores, so every figure is pessimistic and noisy: expect differences of tens of percent ")
			.append("between runs, and more for p99 at high concurrency, which is mostly queueing for a core.\n");
		md.append("- The local endpoint does real work even at zero latency (JSON 1.1 marshalling by reflection ")
			.append("of 50 invocations with output); page times include it. The server-overhead figure subtracts ")
			.append("a bare SDK round trip to the same endpoint, measured the same way.\n");
		md.append("- Load phases last ")
			.append(this.settings.phase().toSeconds())
			.append(" s each after a warm-up phase: short, so the JIT may still be improving and a GC pause ")
			.append("weighs on p99.\n");
		md.append("- Heap figures come from the harness's JVM, which also holds the endpoint's data set and the ")
			.append("HTTP clients; those are the same at every measurement, so the differences are the ")
			.append("application's. Right after a scroll the cache still holds the last ")
			.append(this.cacheTtl.toSeconds())
			.append(" s of answers by design; the settled figures are taken after its TTL.\n");
		md.append("- The application logs to `target/benchmark/runboard.log` (its audit log writes a line per ")
			.append("request), as in production; nothing else is tuned.\n");
	}

	private String settingsText() {
		return String.format(Locale.ROOT,
				"data set of %,d invocations with details (plugin output of a dozen lines; every tenth 2,500 "
						+ "characters, cut as SSM cuts it); pages of %d; load phases of %d s at %s clients; "
						+ "emulated SSM latency %d ms for the round-trip comparison and the shared link; "
						+ "application defaults otherwise: cache TTL %s, SDK standard retries, SSM connection "
						+ "pool %d",
				this.settings.invocations(), Benchmark.PAGE_SIZE, this.settings.phase().toSeconds(),
				this.settings.concurrency().stream().map(String::valueOf).collect(Collectors.joining(", ")),
				this.settings.latency().toMillis(), this.cacheTtl.toSeconds() + " s", this.maxConnections);
	}

	private static String machine() {
		StringBuilder machine = new StringBuilder();
		machine.append(Runtime.getRuntime().availableProcessors()).append(" cores");
		cpuModel().ifPresent((model) -> machine.append(" (").append(model).append(")"));
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			machine.append(", ").append(format(os.getTotalMemorySize() / (1024.0 * MIB), 1)).append(" GiB memory");
		}
		machine.append(", ")
			.append(System.getProperty("os.name"))
			.append(" ")
			.append(System.getProperty("os.version"))
			.append(" ")
			.append(System.getProperty("os.arch"));
		return machine.toString();
	}

	private static java.util.Optional<String> cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).strip())
				.findFirst();
		}
		catch (IOException | RuntimeException ex) {
			return java.util.Optional.empty();
		}
	}

	private static String jdk() {
		String collectors = ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.map(GarbageCollectorMXBean::getName)
			.collect(Collectors.joining(", "));
		return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
				+ System.getProperty("java.vm.vendor") + "); harness JVM max heap "
				+ mib(Runtime.getRuntime().maxMemory()) + ", collectors " + collectors;
	}

	private LoadPhase phase(int clients) {
		return this.phases.stream().filter((phase) -> phase.clients() == clients).findFirst().orElse(null);
	}

	private static void row(StringBuilder md, String figure, String measured, String target, boolean met) {
		md.append("| ")
			.append(figure)
			.append(" | ")
			.append(measured)
			.append(" | ")
			.append(target)
			.append(" | ")
			.append(met ? "met" : "**not met**")
			.append(" |\n");
	}

	private static Duration median(List<Duration> durations) {
		List<Duration> sorted = durations.stream().sorted().toList();
		return sorted.get((sorted.size() - 1) / 2);
	}

	private static String ms(double millis) {
		return format(millis, (Math.abs(millis) < 10) ? 2 : 1) + " ms";
	}

	private static String seconds(Duration duration) {
		return format(duration.toNanos() / 1e9, 2) + " s";
	}

	private static String mib(long bytes) {
		return format(bytes / MIB, 1) + " MiB";
	}

	private static String signedMib(long bytes) {
		return ((bytes >= 0) ? "+" : "−") + mib(Math.abs(bytes));
	}

	private static String format(double value, int decimals) {
		return String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

}
