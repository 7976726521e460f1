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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
	 * @param rowsKept rows shown from memory
	 * @param rowsDrawn rows drawn (and kept)
	 */
	record LoadPhase(int clients, int pages, double seconds, Latencies latencies, int errors, String firstError,
			int ssmCalls, long rowsKept, long rowsDrawn) {

		/** The share of rows shown from memory, in percent. */
		double rowsKeptPercent() {
			long rows = this.rowsKept + this.rowsDrawn;
			return (rows > 0) ? 100.0 * this.rowsKept / rows : 0;
		}

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

	/**
	 * One launch of the packaged jar in a JVM of its own.
	 *
	 * @param healthy from process start to {@code /actuator/health} answering UP
	 * @param firstPage the first page a signed-in user opened after that
	 * @param warmPage the median page once {@link Benchmark#WARMING_PAGES} pages were
	 * served
	 * @param started from the JVM's start to the application context's, as logged
	 * @param warmUp how long the warm-up took, as logged
	 */
	record Launch(Duration healthy, double firstPage, double warmPage, Duration started, Duration warmUp) {

		double firstToWarm() {
			return this.firstPage / this.warmPage;
		}

	}

	/**
	 * @param jar the jar launched, extracted as the image extracts it
	 * @param training how long the training run of the AOT cache took
	 */
	record Launches(String jar, Duration training, List<Launch> withCache, List<Launch> without) {

	}

	/**
	 * Scroll pages at the emulated latency: each view's first scroll, and the later ones.
	 */
	record Scrolling(Latencies first, Latencies later) {

	}

	/**
	 * @param views views opened in each half
	 * @param unscrolledCalls SSM calls of views opened and left
	 * @param pagesShown pages each scrolled view showed
	 * @param scrolledCalls SSM calls of views scrolled and left
	 */
	record PrefetchCalls(int views, int unscrolledCalls, int pagesShown, int scrolledCalls) {

		double extraPerUnscrolledView() {
			return (double) (this.unscrolledCalls - this.views) / this.views;
		}

		double extraPerScrolledView() {
			return (double) (this.scrolledCalls - this.views * this.pagesShown) / this.views;
		}

	}

	/** The command page and its summary, opened twice. */
	record Summary(int nodes, View first, View second) {

		/**
		 * @param calls SSM calls the page and its summary made
		 * @param millis the page and then its summary, one after the other
		 * @param sampled whether the summary says it read fewer invocations than there
		 * are
		 */
		record View(int calls, double millis, boolean sampled) {

		}

	}

	private final Benchmark.Settings settings;

	private final ZonedDateTime date = ZonedDateTime.now(ZoneOffset.UTC);

	double loadAverageAtStart;

	double loadAverageAtEnd;

	/** The major Java version of the image's runtime stage. */
	int imageJava;

	Path jar;

	/** Why no separate JVM was launched, when none was. */
	String noLaunch;

	Launches launches;

	double bareThroughput;

	Scrolling scrolling;

	PrefetchCalls prefetchCalls;

	Summary summary;

	final Map<Integer, Profile> profiles = new TreeMap<>();

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

	/** The history store's figures, its own section. */
	HistoryFigures history;

	BenchmarkReport(Benchmark.Settings settings) {
		this.settings = settings;
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("# Benchmarks\n\n");
		md.append("Figures of the latest run of the benchmark harness ")
			.append("([`Benchmark`](../src/tools/java/dev/runboard/benchmark/Benchmark.java)), ")
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

		misses(md);

		md.append("\n## Load: 50-row pages with details, zero-latency endpoint, no page from the answer cache\n\n");
		md.append("Each client opens a filter of its own (a full page) and scrolls it (htmx fragments) for ")
			.append(Benchmark.SCROLL_DEPTH)
			.append(" pages, then opens another; every filter is new, so no page comes from the answer cache. ")
			.append("The filters differ in their `before` time by milliseconds, so they list much the same ")
			.append("invocations, and their rows come from the row cache after their first drawing (the share ")
			.append("is in the table), as when several people open, filter and refresh the same night's ")
			.append("invocations. The data set does not change while it runs, so rows of running invocations ")
			.append("(one in five) are kept too; in production they are drawn again each time their output grows. ")
			.append("Latency is measured at the client, over loopback.\n\n");
		md.append("| clients | pages | pages/s | p50 | p99 | errors | SSM calls per page | rows from memory |\n");
		md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
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
				.append(" | ")
				.append(format(phase.rowsKeptPercent(), 0))
				.append(" % |\n");
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

		if (this.history != null) {
			md.append("\n").append(this.history.markdown());
		}

		md.append("\n## Notes on noise\n\n");
		notes(md);
		return md.toString();
	}

	private void targets(StringBuilder md) {
		LoadPhase one = phase(1);
		double bare = this.bareZeroLatency.millis(0.5);
		if (one != null) {
			double page = one.latencies().millis(0.5);
			row(md, "Page at 1 client, zero-latency endpoint, against the bare SDK round trip of the same request "
					+ "(medians; full pages and scrolls)",
					format(page / bare, 2) + "× (page " + ms(page) + ", round trip " + ms(bare) + ")", "≤ 3×",
					page / bare <= 3);
		}
		LoadPhase thirtyTwo = phase(32);
		if (thirtyTwo != null) {
			double share = thirtyTwo.pagesPerSecond() / this.bareThroughput;
			row(md, "Pages/s at 32 clients against bare SDK calls/s from 32 concurrent callers to the same endpoint",
					percent(share) + " (" + format(thirtyTwo.pagesPerSecond(), 0) + " pages/s, " + thirtyTwo.errors()
							+ " errors; " + format(this.bareThroughput, 0) + " calls/s)",
					"≥ 50 %", share >= 0.5 && thirtyTwo.errors() == 0);
		}
		if (this.launches != null) {
			Launch median = medianBy(this.launches.withCache(), Launch::firstToWarm);
			row(md, "First page after readiness against a warm page (as the image runs: Java " + this.imageJava
					+ ", AOT cache; median of " + this.launches.withCache().size() + " launches)",
					format(median.firstToWarm(), 2) + "× (first " + ms(median.firstPage()) + ", warm "
							+ ms(median.warmPage()) + ")",
					"≤ 2×", median.firstToWarm() <= 2);
			Duration with = median(this.launches.withCache().stream().map(Launch::healthy).toList());
			Duration without = median(this.launches.without().stream().map(Launch::healthy).toList());
			double ratio = (double) with.toNanos() / without.toNanos();
			row(md, "Launch to healthy with the AOT cache against without, same JRE (medians of "
					+ this.launches.withCache().size() + ")",
					format(ratio, 2) + "× (" + seconds(with) + " against " + seconds(without) + ")", "≤ 0.5×",
					ratio <= 0.5);
		}
		else {
			md.append("| First page after readiness against a warm page | not measured: ")
				.append(this.noLaunch)
				.append(" | ≤ 2× | **not measured** |\n");
			md.append("| Launch to healthy with the AOT cache against without, same JRE | not measured: ")
				.append(this.noLaunch)
				.append(" | ≤ 0.5× | **not measured** |\n");
		}
		double later = this.scrolling.later().millis(0.5);
		double roundTrip = this.bareAtLatency.millis(0.5);
		row(md, "Scroll page at " + this.settings.latency().toMillis()
				+ " ms SSM latency after a view's first scroll, against one SSM round trip (medians)",
				format(later / roundTrip, 2) + "× (scroll " + ms(later) + ", round trip " + ms(roundTrip) + ")",
				"≤ 0.25×", later / roundTrip <= 0.25);
		row(md, "Extra SSM calls from reading ahead, per scrolled view / per unscrolled view",
				format(this.prefetchCalls.extraPerScrolledView(), 2) + " / "
						+ format(this.prefetchCalls.extraPerUnscrolledView(), 2),
				"≤ 1 / 0",
				this.prefetchCalls.extraPerScrolledView() <= 1 && this.prefetchCalls.extraPerUnscrolledView() == 0);
		row(md, "Retained heap, second scroll of " + this.heap.secondRows() + " invocations against the first",
				signedMib(this.heap.growth()) + " (" + mib(this.heap.firstSettled()) + " → "
						+ mib(this.heap.secondSettled()) + ")",
				"flat (within " + mib(HEAP_NOISE_BYTES) + " of GC noise)", this.heap.growth() <= HEAP_NOISE_BYTES);
		md.append("| Command page and summary of a ")
			.append(String.format(Locale.ROOT, "%,d", this.summary.nodes()))
			.append("-node command at ")
			.append(this.settings.latency().toMillis())
			.append(" ms SSM latency: first view / second view | ")
			.append(view(this.summary.first()))
			.append(" / ")
			.append(view(this.summary.second()))
			.append(" | (a figure, no target) | |\n");

		md.append("\nTargets of the first performance round, still checked:\n\n");
		md.append("| figure | measured | target | |\n|---|---|---|---|\n");
		double page = this.pageAtLatency.millis(0.5);
		row(md, "Uncached page at " + this.settings.latency().toMillis()
				+ " ms SSM latency, relative to one bare SSM round trip (medians)",
				format(page / roundTrip, 2) + "× (page " + ms(page) + ", round trip " + ms(roundTrip) + ")", "≤ 1.2×",
				page / roundTrip <= 1.2);
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
		if (this.launches != null) {
			Duration with = median(this.launches.withCache().stream().map(Launch::healthy).toList());
			row(md, "Launch to healthy as the image starts (Java " + this.imageJava
					+ ", AOT cache, warm-up included; median)", seconds(with), "≤ 5 s",
					with.compareTo(Duration.ofSeconds(5)) <= 0);
		}
	}

	/** Why the targets not met were missed, from this run's own figures. */
	private void misses(StringBuilder md) {
		StringBuilder why = new StringBuilder();
		LoadPhase one = phase(1);
		LoadPhase thirtyTwo = phase(32);
		boolean pageMissed = one != null && one.latencies().millis(0.5) / this.bareZeroLatency.millis(0.5) > 3;
		boolean throughputMissed = thirtyTwo != null && thirtyTwo.pagesPerSecond() / this.bareThroughput < 0.5;
		if (pageMissed || throughputMissed) {
			why.append("- **Pages against bare SDK calls** (")
				.append(pageMissed && throughputMissed ? "one client and 32 clients"
						: pageMissed ? "one client" : "32 clients")
				.append("): what a page costs beyond its SSM call. Rows come from the row cache (")
				.append((thirtyTwo != null) ? format(thirtyTwo.rowsKeptPercent(), 0) : "-")
				.append(" % of them at 32 clients), so what is drawn is the page around them. In the JFR ")
				.append("profiles below, ");
			this.profiles.forEach((clients, profile) -> why.append("at ")
				.append(clients)
				.append((clients == 1) ? " client" : " clients")
				.append(" Thymeleaf is ")
				.append(format(profile.libraries().getOrDefault("Thymeleaf (templates, expressions)", 0.0), 0))
				.append(" % of the application's samples, Tomcat ")
				.append(format(profile.libraries().getOrDefault("Tomcat", 0.0), 0))
				.append(" %, Runboard's own code (mapping SSM's answers to views, output cleaning, links) ")
				.append(format(profile.libraries().getOrDefault("Runboard (views, links, formats)", 0.0), 0))
				.append(" % and the AWS SDK ")
				.append(format(profile.libraries().getOrDefault("AWS SDK (HTTP, JSON, signing)", 0.0), 0))
				.append(" %; "));
			why.setLength(why.length() - 2);
			why.append(". A bare call does none of that, and on these two cores the clients, the local ")
				.append("endpoint and the application share the CPU that the bare calls/s figure gives to the ")
				.append("endpoint and the SDK alone.\n");
		}
		if (this.launches != null) {
			Launch median = medianBy(this.launches.withCache(), Launch::firstToWarm);
			if (median.firstToWarm() > 2) {
				why.append("- **First page after readiness:** per launch with the AOT cache, first against warm: ")
					.append(this.launches.withCache()
						.stream()
						.map((launch) -> format(launch.firstToWarm(), 2) + "×")
						.collect(Collectors.joining(", ")))
					.append(". The first page is a filter nobody opened, so it is read from SSM and drawn; ")
					.append("the warm-up has read and drawn pages, but compiled code keeps improving for ")
					.append("thousands of calls after it, and one page on a shared machine catches every pause.\n");
			}
			Duration with = median(this.launches.withCache().stream().map(Launch::healthy).toList());
			Duration without = median(this.launches.without().stream().map(Launch::healthy).toList());
			if ((double) with.toNanos() / without.toNanos() > 0.5) {
				Duration startedWith = median(this.launches.withCache().stream().map(Launch::started).toList());
				Duration startedWithout = median(this.launches.without().stream().map(Launch::started).toList());
				Duration warmWith = median(this.launches.withCache().stream().map(Launch::warmUp).toList());
				Duration warmWithout = median(this.launches.without().stream().map(Launch::warmUp).toList());
				why.append("- **Launch to healthy with the AOT cache:** the cache takes the start of the JVM and ")
					.append("the application context from ")
					.append(seconds(startedWithout))
					.append(" to ")
					.append(seconds(startedWith))
					.append(" (")
					.append(format((double) startedWith.toNanos() / startedWithout.toNanos(), 2))
					.append("×), but healthy now also means warmed up, and the warm-up goes from ")
					.append(seconds(warmWithout))
					.append(" to ")
					.append(seconds(warmWith))
					.append(" only: it is mostly the JIT compiling the request path, and Java 25's AOT cache ")
					.append("holds loaded and linked classes and method profiles, not compiled code.\n");
			}
		}
		if (!why.isEmpty()) {
			md.append("\n### Targets not met, and why\n\n").append(why);
		}
	}

	private static String view(Summary.View view) {
		return view.calls() + " SSM call" + ((view.calls() == 1) ? "" : "s") + ", " + ms(view.millis())
				+ (view.sampled() ? " (sampled)" : "");
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
		md.append("- **Bare SDK throughput:** 32 threads calling the local endpoint as fast as answers come, ")
			.append("50 invocations with details each: ")
			.append(format(this.bareThroughput, 0))
			.append(" calls/s.\n");
		md.append("- **Scrolling at ")
			.append(this.settings.latency().toMillis())
			.append(" ms latency:** one reader opening ")
			.append(Benchmark.SCROLLED_VIEWS)
			.append(" views, reading each page for ")
			.append(Benchmark.READING.toMillis())
			.append(" ms before scrolling on, ")
			.append(Benchmark.LATER_SCROLLS + 1)
			.append(" scrolls a view. First scroll of a view (no page read ahead yet): p50 ")
			.append(ms(this.scrolling.first().millis(0.5)))
			.append("; later scrolls (the page read ahead while the previous one was read): p50 ")
			.append(ms(this.scrolling.later().millis(0.5)))
			.append(", p99 ")
			.append(ms(this.scrolling.later().millis(0.99)))
			.append(".\n");
		md.append("- **SSM calls of reading ahead:** ")
			.append(this.prefetchCalls.views())
			.append(" views opened and left cost ")
			.append(this.prefetchCalls.unscrolledCalls())
			.append(" calls; ")
			.append(this.prefetchCalls.views())
			.append(" views scrolled to their ")
			.append(this.prefetchCalls.pagesShown())
			.append("th page and left cost ")
			.append(this.prefetchCalls.scrolledCalls())
			.append(" calls for ")
			.append(this.prefetchCalls.views() * this.prefetchCalls.pagesShown())
			.append(" pages shown (the page after the last one shown is read ahead and never asked for).\n");
		md.append("- **Command page of a ")
			.append(String.format(Locale.ROOT, "%,d", this.summary.nodes()))
			.append("-node command** (`/commands/{id}`, then its summary, as the page loads it): first view ")
			.append(view(this.summary.first()))
			.append("; second view ")
			.append(view(this.summary.second()))
			.append(" (a final command's summary is read once and kept).\n");
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
		if (this.launches != null) {
			md.append("- **Launches** of `")
				.append(this.launches.jar())
				.append("`, extracted as the image extracts it, on Java ")
				.append(Runtime.version())
				.append(": the training run of the AOT cache (the Dockerfile's own command) took ")
				.append(seconds(this.launches.training()))
				.append(". From process start to `/actuator/health` answering UP (after the warm-up), then ")
				.append("the first page a signed-in user opens and the median of ")
				.append(Benchmark.WARM_PAGES)
				.append(" pages after ")
				.append(Benchmark.WARMING_PAGES)
				.append(" more: with the AOT cache ")
				.append(launchList(this.launches.withCache()))
				.append("; without ")
				.append(launchList(this.launches.without()))
				.append(". In-process start of the harness's own instance: ")
				.append(seconds(this.inProcessStart))
				.append(".\n");
		}
		if (this.launches != null) {
			md.append("- **Where launch time goes** (medians, as the launched instances logged it): with the AOT ")
				.append("cache, ")
				.append(seconds(median(this.launches.withCache().stream().map(Launch::started).toList())))
				.append(" from the JVM's start to the application's, then a warm-up of ")
				.append(seconds(median(this.launches.withCache().stream().map(Launch::warmUp).toList())))
				.append("; without, ")
				.append(seconds(median(this.launches.without().stream().map(Launch::started).toList())))
				.append(" and ")
				.append(seconds(median(this.launches.without().stream().map(Launch::warmUp).toList())))
				.append(". The rest, to the first readiness probe that answers UP, is the readiness check's ")
				.append("SSM call and the probe's polling.\n");
		}
		for (Map.Entry<Integer, Profile> entry : this.profiles.entrySet()) {
			profile(md, entry.getKey(), entry.getValue());
		}
	}

	private static String launchList(List<Launch> launches) {
		return launches.stream()
			.map((launch) -> seconds(launch.healthy()) + " (first page " + ms(launch.firstPage()) + ", warm "
					+ ms(launch.warmPage()) + ")")
			.collect(Collectors.joining(", "));
	}

	private static void profile(StringBuilder md, int clients, Profile profile) {
		md.append("\n### Profile of the load phase at ")
			.append(clients)
			.append(" client")
			.append((clients == 1) ? "" : "s")
			.append("\n\nJFR execution samples (every 10 ms) of the harness's JVM, which holds the application, ")
			.append("the local endpoint and the clients. All samples, by the work they belong to: ");
		md.append(profile.owners()
			.entrySet()
			.stream()
			.map((share) -> share.getKey() + " " + format(share.getValue(), 0) + " %")
			.collect(Collectors.joining("; ")));
		md.append(".\n\nThe application's ")
			.append(profile.samples())
			.append(" samples, by the library of the innermost frame outside the JDK:\n\n");
		md.append("| library | share |\n|---|---:|\n");
		profile.libraries()
			.forEach((library,
					share) -> md.append("| ").append(library).append(" | ").append(format(share, 1)).append(" % |\n"));
		md.append("\nBy innermost method (top ").append(profile.methods().size()).append("):\n\n");
		md.append("| method | share |\n|---|---:|\n");
		profile.methods()
			.forEach((method,
					share) -> md.append("| `").append(method).append("` | ").append(format(share, 1)).append(" % |\n"));
	}

	private void notes(StringBuilder md) {
		md.append("- The machine has ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, shared with other builds while this ran (see the load averages above). ")
			.append("The load-generating clients, the local SSM endpoint and the application all run on those ")
			.append("same cores, so every figure is pessimistic and noisy: expect differences of tens of percent ")
			.append("between runs, and more for p99 at high concurrency, which is mostly queueing for a core.\n");
		md.append("- The local endpoint does real work even at zero latency (JSON 1.1 marshalling by reflection ")
			.append("of 50 invocations with output); page times include it, and so do the bare SDK round trips ")
			.append("and calls per second the pages are compared with, measured the same way in the same run.\n");
		md.append("- Scrolls are answered from pages read ahead, so in the load phases only the first scroll of ")
			.append("each filter waits for SSM; SSM calls per page count those reads too.\n");
		md.append("- Load phases last ")
			.append(this.settings.phase().toSeconds())
			.append(" s each after a warm-up phase: short, so the JIT may still be improving and a GC pause ")
			.append("weighs on p99.\n");
		md.append("- Heap figures come from the harness's JVM, which also holds the endpoint's data set and the ")
			.append("HTTP clients; those are the same at every measurement, so the differences are the ")
			.append("application's. Right after a scroll the cache still holds the last ")
			.append(this.cacheTtl.toSeconds())
			.append(" s of answers by design, and the store of pages read ahead the one page after the last ")
			.append("shown (kept up to 30 s); the settled figures are taken after the cache's TTL.\n");
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

	private String jdk() {
		String collectors = ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.map(GarbageCollectorMXBean::getName)
			.collect(Collectors.joining(", "));
		String image = (Runtime.version().feature() == this.imageJava) ? "the image's Java version"
				: "**not** the image's Java " + this.imageJava + ", which this machine lacks";
		return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
				+ System.getProperty("java.vm.vendor") + "; " + image + "), for the application and the harness; "
				+ "harness JVM max heap " + mib(Runtime.getRuntime().maxMemory()) + ", collectors " + collectors;
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

	private static <T> T medianBy(List<T> values, java.util.function.ToDoubleFunction<T> by) {
		List<T> sorted = values.stream().sorted(Comparator.comparingDouble(by)).toList();
		return sorted.get((sorted.size() - 1) / 2);
	}

	private static String percent(double share) {
		return format(100 * share, 0) + " %";
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
