package dev.runboard.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link HistoryBenchmark} measured, and its section of {@code docs/benchmarks.md}:
 * the targets of the history store, then the details. The section sits between two
 * comments, so a run of the history part alone ({@code -Dbenchmark.parts=history})
 * replaces it in the file and leaves the rest as the last full run wrote it.
 */
final class HistoryFigures {

	static final String START = "<!-- history store: start -->";

	static final String END = "<!-- history store: end -->";

	private static final double PAGE_TARGET = 0.3;

	private static final double RECORDING_TARGET = 3;

	/** A full-text search's first page against a page without {@code q}, at p95. */
	private static final double WORDS_TARGET = 2;

	/** A substring search's first page against a page without {@code q}, at p95. */
	private static final double SUBSTRING_TARGET = 4;

	final int stored;

	final Duration latency;

	final int maxCallsPerMinute;

	final Duration poll;

	String postgres;

	long quietSeconds;

	int quietPolls;

	int quietListCommands;

	int quietOtherCalls;

	Duration recording;

	Map<String, Integer> recordingCalls = new LinkedHashMap<>();

	int indexesRebuilt;

	Duration commandsLoad;

	Duration invocationsLoad;

	Duration pluginsLoad;

	Duration indexBuild;

	Duration vacuum;

	long storedInvocations;

	double averageOutput;

	long tableBytes;

	long indexBytes;

	final Latencies roundTrip = new Latencies();

	final Latencies firstPage = new Latencies();

	final Latencies scrollPage = new Latencies();

	final Latencies nodePage = new Latencies();

	final Latencies problemsPage = new Latencies();

	/** First pages without {@code q}, timed between the searches, as their baseline. */
	final Latencies plainPage = new Latencies();

	/**
	 * First pages of each kind of search, in {@link HistoryBenchmark#SEARCHES}' order.
	 */
	final Map<String, Latencies> searches = new LinkedHashMap<>();

	/** Which plan served each kind, and its time in PostgreSQL. */
	final Map<String, String> plans = new LinkedHashMap<>();

	Duration signing;

	long signed;

	long signatures;

	HistoryFigures(int stored, Duration latency, int maxCallsPerMinute, Duration poll) {
		this.stored = stored;
		this.latency = latency;
		this.maxCallsPerMinute = maxCallsPerMinute;
		this.poll = poll;
	}

	/** The SSM calls of the recording, and the time they take at the call budget. */
	int recordingCallCount() {
		return this.recordingCalls.values().stream().mapToInt(Integer::intValue).sum();
	}

	/**
	 * The time of the recording's calls at the budget: each call waits for its turn, one
	 * every minute divided by the budget, and the last one takes the latency.
	 */
	Duration atBudget() {
		long interval = Duration.ofMinutes(1).toNanos() / this.maxCallsPerMinute;
		return Duration.ofNanos(Math.max(0, recordingCallCount() - 1) * interval).plus(this.latency);
	}

	/**
	 * Polls of the quiet fleet: those counted by the recorder's position, else by time.
	 */
	int quietPollCount() {
		return (this.quietPolls > 0) ? this.quietPolls : (int) (this.quietSeconds * 1000 / this.poll.toMillis());
	}

	long bytesPerInvocation() {
		return (this.tableBytes + this.indexBytes) / Math.max(1, this.storedInvocations);
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append(START).append("\n## History store\n\n");
		md.append("Figures of [`HistoryBenchmark`](../src/tools/java/dev/runboard/benchmark/HistoryBenchmark.java), ")
			.append("part of the same run (or run alone with `-Dbenchmark.parts=history`): PostgreSQL ")
			.append(this.postgres)
			.append(" (zonky's embedded binaries, as the sandbox runs them; its data directory under ")
			.append("`target/benchmark/`, `shared_buffers` 256 MB, otherwise PostgreSQL's defaults), and Runboard's ")
			.append("`aws` source reading the local SSM endpoint at ")
			.append(this.latency.toMillis())
			.append(" ms latency, history on with its defaults (`max-calls-per-minute` ")
			.append(this.maxCallsPerMinute)
			.append(") but the poll interval, ")
			.append(this.poll.toMillis())
			.append(" ms while the recorder's calls are counted.\n\n");
		md.append("| figure | measured | target | |\n|---|---|---|---|\n");
		double page = this.firstPage.millis(0.5);
		double roundTrip = this.roundTrip.millis(0.5);
		double pageRatio = page / roundTrip;
		md.append("| `/history` page of 50 rows with output, on a store of ")
			.append(count(this.storedInvocations))
			.append(" invocations, against one SSM round trip at ")
			.append(this.latency.toMillis())
			.append(" ms latency (medians) | ")
			.append(format(pageRatio, 2))
			.append("× (page ")
			.append(ms(page))
			.append(", round trip ")
			.append(ms(roundTrip))
			.append(") | ≤ ")
			.append(PAGE_TARGET)
			.append("× | ")
			.append(met(pageRatio <= PAGE_TARGET))
			.append(" |\n");
		double recordingRatio = (double) this.recording.toNanos() / atBudget().toNanos();
		md.append("| Recording a ")
			.append(count(HistoryBenchmark.RECORDED_NODES))
			.append("-node command that ran between two polls, from the first call of the poll that finds it to ")
			.append("its last invocation stored, against the time its ")
			.append(recordingCallCount())
			.append(" SSM calls take at the call budget | ")
			.append(format(recordingRatio, 2))
			.append("× (")
			.append(seconds(this.recording))
			.append(" against ")
			.append(seconds(atBudget()))
			.append(") | ≤ ")
			.append(format(RECORDING_TARGET, 0))
			.append("× | ")
			.append(met(recordingRatio <= RECORDING_TARGET))
			.append(" |\n");
		double perPoll = (double) this.quietListCommands / Math.max(1, quietPollCount());
		md.append("| A quiet fleet: SSM calls per source and poll | ")
			.append(format(perPoll, 2))
			.append(" `ListCommands` (")
			.append(this.quietListCommands)
			.append(" in ")
			.append(quietPollCount())
			.append(" polls), ")
			.append(this.quietOtherCalls)
			.append(" other calls | ≤ 1 `ListCommands` | ")
			.append(met(perPoll <= 1.0 && this.quietOtherCalls == 0))
			.append(" |\n");
		md.append("| Bytes per invocation stored (one plugin with a dozen lines of output, ")
			.append(format(this.averageOutput, 0))
			.append(" characters on average; indexes and its command's share included) | ")
			.append(count(bytesPerInvocation()))
			.append(" B (tables ")
			.append(count(this.tableBytes / Math.max(1, this.storedInvocations)))
			.append(" B, indexes ")
			.append(count(this.indexBytes / Math.max(1, this.storedInvocations)))
			.append(" B) | (a figure, no target) | |\n");
		md.append("| 1,000,000 invocations stored | ")
			.append(gib(bytesPerInvocation() * 1_000_000L))
			.append(" | (a figure, no target) | |\n");
		double plain = this.plainPage.millis(0.95);
		for (Map.Entry<String, Latencies> search : this.searches.entrySet()) {
			boolean substring = search.getKey().startsWith("substring");
			double target = substring ? SUBSTRING_TARGET : WORDS_TARGET;
			double ratio = search.getValue().millis(0.95) / plain;
			md.append("| Search (`q`), ")
				.append(search.getKey())
				.append(": first page against a `/history` page without `q` (p95) | ")
				.append(format(ratio, 2))
				.append("× (")
				.append(ms(search.getValue().millis(0.95)))
				.append(" against ")
				.append(ms(plain))
				.append(") | ≤ ")
				.append(format(target, 0))
				.append("× | ")
				.append(met(ratio <= target))
				.append(" |\n");
		}
		md.append("\n");

		List<String> misses = new ArrayList<>();
		if (pageRatio > PAGE_TARGET) {
			misses.add("**`/history` page against an SSM round trip:** " + ms(page) + " for a page against "
					+ ms(roundTrip) + " for a round trip (" + format(pageRatio, 2) + "×, the target is ≤ " + PAGE_TARGET
					+ "×).");
		}
		if (recordingRatio > RECORDING_TARGET) {
			misses.add("**Recording against its calls at the budget:** " + seconds(this.recording) + " against "
					+ seconds(atBudget()) + ".");
		}
		if (perPoll > 1.0 || this.quietOtherCalls > 0) {
			misses.add("**A quiet fleet:** " + this.quietListCommands + " `ListCommands` and " + this.quietOtherCalls
					+ " other calls in " + quietPollCount() + " polls.");
		}
		for (Map.Entry<String, Latencies> search : this.searches.entrySet()) {
			double target = search.getKey().startsWith("substring") ? SUBSTRING_TARGET : WORDS_TARGET;
			double ratio = search.getValue().millis(0.95) / this.plainPage.millis(0.95);
			if (ratio > target) {
				misses.add("**Search, " + search.getKey() + ":** " + ms(search.getValue().millis(0.95))
						+ " at p95 against " + ms(this.plainPage.millis(0.95)) + " for a page without `q` ("
						+ format(ratio, 2) + "×, the target is ≤ " + format(target, 0) + "×).");
			}
		}
		if (!misses.isEmpty()) {
			md.append("Targets not met:\n\n");
			misses.forEach((miss) -> md.append("- ").append(miss).append("\n"));
			md.append("\n");
		}

		md.append("- **Pages** (one signed-in client, after ")
			.append(HistoryBenchmark.WARM_PAGES)
			.append(" warm-up rounds, ")
			.append(HistoryBenchmark.TIMED_PAGES)
			.append(" of each kind; p50 / p95): first pages at `before` times spread over the year ")
			.append(quantiles(this.firstPage))
			.append("; scroll pages, the `cursor` of the page before (")
			.append(HistoryBenchmark.SCROLLS)
			.append(" after each first page) ")
			.append(quantiles(this.scrollPage))
			.append("; a node's history (`instanceId`) ")
			.append(quantiles(this.nodePage))
			.append("; problems (`status=problems`, at the same `before` times) ")
			.append(quantiles(this.problemsPage))
			.append(". A bare SSM round trip (`ListCommandInvocations`, 50 with details, the SDK as Runboard configures ")
			.append("it, straight to the endpoint): ")
			.append(quantiles(this.roundTrip))
			.append(".\n");
		md.append("- **Recording** a ")
			.append(count(HistoryBenchmark.RECORDED_NODES))
			.append("-node command (final, a tenth failing, a dozen lines of output each, none cut): ")
			.append(this.recordingCalls.entrySet()
				.stream()
				.map((call) -> call.getValue() + " " + call.getKey())
				.collect(Collectors.joining(", ")))
			.append(" in ")
			.append(seconds(this.recording))
			.append("; at ")
			.append(this.maxCallsPerMinute)
			.append(" calls a minute, ")
			.append(recordingCallCount())
			.append(" calls take (N − 1) × ")
			.append(60_000 / this.maxCallsPerMinute)
			.append(" ms + one latency = ")
			.append(seconds(atBudget()))
			.append(". The quiet fleet was watched for ")
			.append(this.quietSeconds)
			.append(" s; polls are counted by the recorder's stored position, which each poll moves.\n");
		md.append("- **The generated store:** ")
			.append(count(this.storedInvocations))
			.append(" invocations (")
			.append(count(this.stored))
			.append(" generated, commands to ")
			.append(HistoryBenchmark.NODES_PER_COMMAND)
			.append(" of ")
			.append(count(HistoryBenchmark.FLEET))
			.append(" nodes spread evenly over ")
			.append(HistoryBenchmark.SPAN.toDays())
			.append(" days, four documents, 90 % Success, 5 % Failed, 3 % TimedOut, 2 % Cancelled; each with its ")
			.append("command, one plugin, its output and its S3 URLs; the rest is the recorder's command), made by ")
			.append("`INSERT … SELECT … FROM generate_series` with the keys and indexes of the invocation tables ")
			.append("dropped: commands ")
			.append(seconds(this.commandsLoad))
			.append(", invocations ")
			.append(seconds(this.invocationsLoad))
			.append(", plugins ")
			.append(seconds(this.pluginsLoad))
			.append("; then ")
			.append(this.indexesRebuilt)
			.append(" keys and indexes built in ")
			.append(seconds(this.indexBuild))
			.append(", and `VACUUM (ANALYZE)` in ")
			.append(seconds(this.vacuum))
			.append(". On disk: tables (TOAST included) ")
			.append(gib(this.tableBytes))
			.append(", indexes ")
			.append(gib(this.indexBytes))
			.append(". The README turns the bytes per invocation into the space a fleet needs.\n");
		if (!this.searches.isEmpty()) {
			md.append("- **Search** (`q`; one signed-in client, ")
				.append(HistoryBenchmark.WARM_PAGES)
				.append(" warm-up rounds, then ")
				.append(HistoryBenchmark.TIMED_PAGES)
				.append(" of each kind; p50 / p95). Every ")
				.append(count(HistoryBenchmark.RARE_EVERY))
				.append("th invocation printed `")
				.append(HistoryBenchmark.RARE_LINE)
				.append("`; every failing patch run (5 %) `E: Could not get lock /var/lib/dpkg/lock-frontend`. ")
				.append("A common term is searched from a `before` time spread over the year (a first page of 50 ")
				.append("rows), a rare one from the newest (all of its rows on one page). Pages without `q`, timed ")
				.append("between them at the same `before` times: ")
				.append(quantiles(this.plainPage))
				.append(".\n");
			this.searches.forEach((kind, latencies) -> md.append("  - ")
				.append(kind)
				.append(": ")
				.append(quantiles(latencies))
				.append("\n"));
			md.append("- **Plans** (`EXPLAIN ANALYZE` of the statement `HistoryRepository` sends for a first page, ")
				.append("written out in the benchmark; whole plans in `target/benchmark/history-explain.txt`; ")
				.append("partitions' index names shown as their parent's):\n");
			this.plans.forEach((kind, plan) -> md.append("  - ").append(kind).append(": ").append(plan).append("\n"));
		}
		if (this.signing != null) {
			md.append("- **Failure signatures** of the generated store, none written with it: Runboard computed ")
				.append(count(this.signed))
				.append(" (")
				.append(count(this.signatures))
				.append(" distinct) after it started, in ")
				.append(seconds(this.signing))
				.append(" from its start, a batch of 500 per transaction (`SignatureRefresh`).\n");
		}
		md.append(END).append("\n");
		return md.toString();
	}

	/**
	 * {@code file} with its history section replaced by {@code section}, or with the
	 * section added at its end.
	 */
	static String replaceSection(String file, String section) {
		int start = file.indexOf(START);
		int end = file.indexOf(END);
		if (start < 0 || end < start) {
			return file.stripTrailing() + "\n\n" + section;
		}
		return file.substring(0, start) + section + file.substring(end + END.length()).replaceFirst("^\n", "");
	}

	private static String quantiles(Latencies latencies) {
		return ms(latencies.millis(0.5)) + " / " + ms(latencies.millis(0.95));
	}

	private static String met(boolean met) {
		return met ? "met" : "**not met**";
	}

	private static String ms(double millis) {
		return format(millis, (Math.abs(millis) < 10) ? 2 : 1) + " ms";
	}

	private static String seconds(Duration duration) {
		return format(duration.toNanos() / 1e9, 2) + " s";
	}

	private static String gib(long bytes) {
		return format(bytes / (1024.0 * 1024 * 1024), 2) + " GiB";
	}

	private static String count(long value) {
		return String.format(Locale.ROOT, "%,d", value);
	}

	private static String format(double value, int decimals) {
		return String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

}
