package dev.runboard.commands;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.InvocationQuery;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Page;
import dev.runboard.aws.PluginView;
import dev.runboard.aws.Source;
import dev.runboard.commands.CommandSummary.Durations;
import dev.runboard.commands.CommandSummary.FailureGroup;
import dev.runboard.commands.CommandSummary.NodeRef;
import dev.runboard.commands.CommandSummary.StatusCount;
import dev.runboard.commands.CommandSummary.Timed;
import dev.runboard.commands.CommandSummary.Timeline;
import dev.runboard.commands.CommandSummary.TimelineNode;
import dev.runboard.web.UiProperties;

import org.springframework.stereotype.Component;

/**
 * Reads a command's invocations and tells how it went. One summary reads at most
 * {@code runboard.commands.summary-max-pages} pages, with plugin details, because only
 * they carry when each node started and finished and what the failing ones printed. A
 * final command cannot change, so its summary is read once and kept (bounded by the
 * memory the kept summaries take); a running one is shared by everyone watching it for
 * one poll interval.
 */
@Component
public class CommandSummaries {

	/** How the bar orders statuses: how it ended first, then what is still moving. */
	private static final List<String> ORDER = List.of("Success", "Failed", "TimedOut", "Cancelled", "Cancelling",
			"InProgress", "Delayed", "Pending");

	/** The most lines of output a failure group shows as its sample. */
	private static final int SAMPLE_LINES = 12;

	/** Room for some hundreds of large summaries. */
	private static final long MAX_WEIGHT = 32L * 1024 * 1024;

	/**
	 * The tallest the timeline grows, and the tallest one node's bar is, in SVG units.
	 */
	private static final double TIMELINE_HEIGHT = 360;

	private static final double ROW_HEIGHT = 8;

	private final int maxPages;

	private final Clock clock;

	private final Cache<Key, CommandSummary> settled = Caffeine.newBuilder()
		.maximumWeight(MAX_WEIGHT)
		.<Key, CommandSummary>weigher((key, summary) -> summary.weight())
		.build();

	private final Cache<Key, CommandSummary> running;

	/**
	 * @param running whether the command was running when its summary was read: such a
	 * summary may lack nodes SSM lists later, so it is never the one kept for good
	 */
	private record Key(String source, String commandId, boolean running) {

	}

	CommandSummaries(CommandsProperties properties, UiProperties ui, Clock clock) {
		this.maxPages = properties.summaryMaxPages();
		this.clock = clock;
		this.running = Caffeine.newBuilder().expireAfterWrite(ui.pollInterval()).maximumSize(1000).build();
	}

	/**
	 * The summary of {@code command}, read in its account and region. It is kept for good
	 * once the command is final and so is every invocation read: SSM's lists may lag the
	 * command's own status by a moment, and a summary read in that moment must not stay.
	 */
	public CommandSummary summary(Source source, CommandDetail command) {
		Key key = new Key(source.label(), command.command().commandId(), command.running());
		CommandSummary kept = this.settled.getIfPresent(key);
		if (kept != null) {
			return kept;
		}
		CommandSummary summary = this.running.get(key, (absent) -> read(source, command.command().commandId()));
		if (!command.running() && summary.settled()) {
			this.settled.put(key, summary);
			this.running.invalidate(key);
		}
		return summary;
	}

	private CommandSummary read(Source source, String commandId) {
		List<InvocationView> invocations = new ArrayList<>();
		String token = null;
		int pages = 0;
		do {
			Page<InvocationView> page = source.runCommand()
				.invocations(InvocationQuery.ofCommand(commandId, true), token);
			invocations.addAll(page.items());
			token = page.nextToken();
			pages++;
		}
		while (token != null && pages < this.maxPages);
		return summarise(invocations, token != null, this.clock.instant());
	}

	/**
	 * @param sampled whether more invocations exist than these
	 * @param now the end of the timeline for nodes still running
	 */
	static CommandSummary summarise(List<InvocationView> invocations, boolean sampled, Instant now) {
		List<Ran> ran = invocations.stream().map(Ran::of).toList();
		List<Timed> timed = new ArrayList<>();
		for (Ran node : ran) {
			if (node.started() != null && node.ended() != null) {
				timed.add(new Timed(NodeRef.of(node.invocation()), Duration.between(node.started(), node.ended())));
			}
		}
		timed.sort(Comparator.comparing(Timed::duration));
		Durations durations = timed.isEmpty() ? null
				: new Durations(timed.get(0), timed.get(timed.size() / 2), timed.get(timed.size() - 1), timed.size());
		List<InvocationView> failing = invocations.stream()
			.filter((invocation) -> InvocationView.FAILING.contains(invocation.status()))
			.toList();
		List<FailureSignature> signatures = failing.stream().map(FailureSignature::of).toList();
		return new CommandSummary(invocations.size(), sampled, statuses(invocations), durations, timeline(ran, now),
				groups(failing, signatures, true),
				groups(failing, signatures.stream().map(FailureSignature::withoutOutput).toList(), false));
	}

	/**
	 * How many of {@code invocations} have each response status, in the order the bar
	 * shows them (how it ended first, then what still moves); statuses none has are left
	 * out.
	 */
	public static Map<String, Integer> countByStatus(List<InvocationView> invocations) {
		return countStatuses(invocations.stream().map(InvocationView::status).toList());
	}

	/** How many of {@code statuses} are each, in the bar's order; none left out. */
	static Map<String, Integer> countStatuses(List<String> statuses) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		ORDER.forEach((status) -> counts.put(status, 0));
		statuses.forEach((status) -> counts.merge(String.valueOf(status), 1, Integer::sum));
		counts.values().removeIf((count) -> count == 0);
		return counts;
	}

	/**
	 * The failing ones of {@code invocations} grouped by what their output says, largest
	 * group first, as a command's summary groups them.
	 * @param output whether the groups may tell what the invocations printed: not for
	 * users who may not read output
	 */
	public static List<FailureGroup> failureGroups(List<InvocationView> invocations, boolean output) {
		List<InvocationView> failing = invocations.stream()
			.filter((invocation) -> InvocationView.FAILING.contains(invocation.status()))
			.toList();
		List<FailureSignature> signatures = failing.stream()
			.map(FailureSignature::of)
			.map((signature) -> output ? signature : signature.withoutOutput())
			.toList();
		return groups(failing, signatures, output);
	}

	private static List<StatusCount> statuses(List<InvocationView> invocations) {
		Map<String, Integer> counts = countByStatus(invocations);
		List<StatusCount> statuses = new ArrayList<>();
		int total = invocations.size();
		int seen = 0;
		int x = 0;
		for (Map.Entry<String, Integer> count : counts.entrySet()) {
			seen += count.getValue();
			// Rounded at each step from the running total, so the segments fill the bar.
			int end = (int) Math.round((double) seen * CommandSummary.WIDTH / total);
			statuses.add(new StatusCount(count.getKey(), count.getValue(), x, end - x));
			x = end;
		}
		return statuses;
	}

	private static Timeline timeline(List<Ran> ran, Instant now) {
		List<Ran> started = ran.stream()
			.filter((node) -> node.started() != null)
			.sorted(Comparator.comparing(Ran::started))
			.toList();
		if (started.isEmpty()) {
			return null;
		}
		Instant first = started.get(0).started();
		Instant last = started.stream()
			.map((node) -> Objects.requireNonNullElse(node.ended(), now))
			.max(Comparator.naturalOrder())
			.orElse(now);
		double span = Math.max(1, Duration.between(first, last).toMillis());
		double rowHeight = Math.min(ROW_HEIGHT, TIMELINE_HEIGHT / started.size());
		List<TimelineNode> nodes = new ArrayList<>();
		for (Ran node : started) {
			Instant from = node.started();
			Instant to = node.ended();
			Instant until = (to != null) ? to : last;
			double x = Duration.between(first, from).toMillis() / span * CommandSummary.WIDTH;
			double width = Math.max(2, Duration.between(from, until).toMillis() / span * CommandSummary.WIDTH);
			nodes.add(new TimelineNode(NodeRef.of(node.invocation()), from, to, round(x), round(width),
					round(nodes.size() * rowHeight)));
		}
		return new Timeline(first, last, nodes, round(rowHeight));
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

	/**
	 * @param signatures the signature of each failing invocation, in the same order
	 * @param samples whether groups carry a sample of output: not for users who may not
	 * read it
	 */
	private static List<FailureGroup> groups(List<InvocationView> failing, List<FailureSignature> signatures,
			boolean samples) {
		Map<FailureSignature, List<InvocationView>> bySignature = new LinkedHashMap<>();
		for (int i = 0; i < failing.size(); i++) {
			bySignature.computeIfAbsent(signatures.get(i), (key) -> new ArrayList<>()).add(failing.get(i));
		}
		List<FailureGroup> groups = new ArrayList<>();
		bySignature.forEach((key, members) -> groups.add(new FailureGroup(key, samples ? sample(members.get(0)) : "",
				members.stream().map(NodeRef::of).toList())));
		// Stable: equal groups keep the order SSM listed their first node in.
		groups.sort(Comparator.comparing(FailureGroup::count).reversed());
		return groups;
	}

	/** The last lines of what the failing plugin printed: stderr, else stdout. */
	private static String sample(InvocationView invocation) {
		PluginView plugin = FailureSignature.failingPlugin(invocation);
		if (plugin == null) {
			return "";
		}
		String text = plugin.output().stderr().isBlank() ? plugin.output().stdout() : plugin.output().stderr();
		List<String> lines = text.strip().lines().toList();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - SAMPLE_LINES), lines.size()));
	}

	/**
	 * When an invocation started and ended, as its plugins say: read once per summary,
	 * for the spread of durations and the timeline.
	 */
	private record Ran(InvocationView invocation, Instant started, Instant ended) {

		static Ran of(InvocationView invocation) {
			return new Ran(invocation, CommandSummaries.started(invocation), CommandSummaries.ended(invocation));
		}

	}

	/** When the first plugin started, or {@code null} when none has. */
	private static Instant started(InvocationView invocation) {
		return invocation.plugins()
			.stream()
			.map(PluginView::startedAt)
			.filter(Objects::nonNull)
			.min(Comparator.naturalOrder())
			.orElse(null);
	}

	/**
	 * When the last plugin finished, or {@code null} while the invocation runs or never
	 * started.
	 */
	private static Instant ended(InvocationView invocation) {
		if (invocation.running()) {
			return null;
		}
		return invocation.plugins()
			.stream()
			.map(PluginView::finishedAt)
			.filter(Objects::nonNull)
			.max(Comparator.naturalOrder())
			.orElse(null);
	}

}
