package dev.runboard.commands;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.runboard.aws.InvocationView;
import dev.runboard.web.ChatSummary;
import dev.runboard.web.Wording;

/**
 * How a command went, as its invocations tell it: how many ended how, how long they took,
 * when each node ran, and what the failing ones say about why.
 *
 * @param read how many invocations were read
 * @param sampled whether the command has invocations that were not read (past
 * {@code runboard.commands.summary-max-pages})
 * @param statuses invocations per response status, in a fixed order, present ones only
 * @param durations the fastest, median and slowest node, or {@code null} when none has
 * finished
 * @param timeline when each node ran, or {@code null} when none has started
 * @param failures the failing invocations grouped by what their output says, largest
 * group first
 * @param failuresWithoutOutput the same grouped by how they ended only, for users who may
 * not read output
 */
public record CommandSummary(int read, boolean sampled, List<StatusCount> statuses, Durations durations,
		Timeline timeline, List<FailureGroup> failures, List<FailureGroup> failuresWithoutOutput) {

	/** The width of the bar and the timeline, in the SVG's own units. */
	public static final int WIDTH = 1000;

	/** The status bar's SVG {@code viewBox}. */
	public String barViewBox() {
		return "0 0 " + WIDTH + " 24";
	}

	/** Whether there is nothing to show: no invocation listed yet. */
	public boolean empty() {
		return this.read == 0;
	}

	/** How many invocations failed, of those read. */
	public int failed() {
		return this.statuses.stream()
			.filter((status) -> InvocationView.FAILING.contains(status.status()))
			.mapToInt(StatusCount::count)
			.sum();
	}

	/** How many invocations are final, of those read. */
	public int finished() {
		return this.statuses.stream()
			.filter((status) -> !InvocationView.NOT_FINAL.contains(status.status()))
			.mapToInt(StatusCount::count)
			.sum();
	}

	/**
	 * What a rerun on the failed nodes would rerun, in words: {@code 12 failed and 20
	 * cancelled nodes}, or {@code the failed nodes (none so far)}; {@code at least} when
	 * the summary read only some invocations.
	 */
	public String failedNodesText() {
		Map<String, Integer> perStatus = new LinkedHashMap<>();
		for (String failing : InvocationView.FAILING) {
			perStatus.put(failing,
					this.statuses.stream()
						.filter((status) -> status.status().equals(failing))
						.mapToInt(StatusCount::count)
						.sum());
		}
		if (failed() == 0) {
			return "the failed nodes (none so far)";
		}
		return (this.sampled ? "at least " : "") + FailedNodesText.of(perStatus);
	}

	/**
	 * Whether every invocation read is final, so that the summary can no longer change.
	 */
	public boolean settled() {
		return this.statuses.stream()
			.noneMatch((status) -> status.count() > 0 && InvocationView.NOT_FINAL.contains(status.status()));
	}

	/** A rough size in bytes, for bounding the memory kept summaries take. */
	int weight() {
		int nodes = (this.timeline != null) ? this.timeline.nodes().size() : 0;
		int samples = this.failures.stream()
			.mapToInt((group) -> group.sample().length() + group.nodes().size() * 64)
			.sum();
		return 512 + nodes * 160 + samples;
	}

	/**
	 * @param x where its segment of the bar starts
	 * @param width how wide its segment is
	 */
	public record StatusCount(String status, int count, int x, int width) {

	}

	/** A node of the command, as the summary links to it. */
	public record NodeRef(String instanceId, String instanceName, String status) {

		static NodeRef of(InvocationView invocation) {
			return new NodeRef(invocation.instanceId(), invocation.instanceName(), invocation.status());
		}

		/** How the page names the node: its name, else its ID. */
		public String label() {
			return (this.instanceName != null && !this.instanceName.isBlank()) ? this.instanceName : this.instanceId;
		}

	}

	/** One node and how long it took. */
	public record Timed(NodeRef node, Duration duration) {

	}

	public record Durations(Timed fastest, Timed median, Timed slowest, int nodes) {

	}

	/**
	 * When each node ran, from the first start to the last finish.
	 *
	 * @param nodes in the order they started
	 * @param rowHeight the height of each node's bar, in the SVG's units
	 */
	public record Timeline(Instant start, Instant end, List<TimelineNode> nodes, double rowHeight) {

		public double height() {
			return this.rowHeight * this.nodes.size();
		}

		/** The timeline's SVG {@code viewBox}. */
		public String viewBox() {
			return "0 0 " + WIDTH + " " + height();
		}

	}

	/**
	 * One node's bar: {@code x} and {@code width} in the SVG's units, {@code y} its row.
	 *
	 * @param finished whether it ended; a running node's bar reaches the end of the chart
	 */
	public record TimelineNode(NodeRef node, Instant started, Instant ended, double x, double width, double y) {

		public boolean finished() {
			return this.ended != null;
		}

		/** How long it ran, or {@code null} while it runs. */
		public Duration took() {
			return finished() ? Duration.between(this.started, this.ended) : null;
		}

	}

	/**
	 * Failing invocations that say the same thing.
	 *
	 * @param sample the end of the output of one of them, as it was
	 * @param nodes the nodes, in the order SSM listed them
	 */
	public record FailureGroup(FailureSignature signature, String sample, List<NodeRef> nodes) {

		/** The most nodes a group lists; the count says how many more there are. */
		static final int SHOWN = 100;

		public int count() {
			return this.nodes.size();
		}

		/** The nodes the group lists: the first {@link #SHOWN}. */
		public List<NodeRef> shown() {
			return this.nodes.subList(0, Math.min(SHOWN, this.nodes.size()));
		}

		/** How many nodes the group does not list. */
		public int more() {
			return count() - shown().size();
		}

		/**
		 * The group as a chat summary lists it: its count of {@code noun}s, how they
		 * ended, and the telling line, which a group built for a user who may not read
		 * output does not have.
		 */
		public ChatSummary.Group chat(String noun) {
			return new ChatSummary.Group(Wording.count(count(), noun), this.signature.reason(), this.signature.line());
		}

	}

}
