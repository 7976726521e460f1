package dev.runboard.aws.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How SSM paces a command over its targets, as the sandbox's fleet follows it: never more
 * nodes in progress at once than {@code MaxConcurrency} (a number, or a percentage of the
 * targets), the next node starting when one finishes; and once more nodes have failed
 * than {@code MaxErrors} allows (a number, or a percentage of the targets), no further
 * node is sent the command. Nodes already running finish; the rest end {@code Cancelled}
 * without having run, and the command ends {@code Failed}.
 * <p>
 * What counts as an error is SSM's {@code ErrorCount}: a node that failed (undelivered
 * included) or whose execution timed out. A delivery that timed out does not count
 * against {@code MaxErrors}.
 */
final class SandboxRateControl {

	private static final Pattern LIMIT = Pattern.compile("(\\d{1,9})(%?)");

	private SandboxRateControl() {
	}

	/**
	 * How many nodes may run at once: a number as given, a percentage of the targets
	 * rounded up; at least one.
	 * @param maxConcurrency {@code 50}, {@code 10%}; {@code null} for SSM's default, 50
	 */
	static int concurrency(String maxConcurrency, int targets) {
		if (maxConcurrency == null || maxConcurrency.isBlank()) {
			return 50;
		}
		return Math.max(1, limit(maxConcurrency, targets, RoundingMode.CEILING));
	}

	/**
	 * How many errors are allowed: a number as given, a percentage of the targets rounded
	 * down. One more error than this stops the command.
	 * @param maxErrors {@code 0}, {@code 20%}; {@code null} for SSM's default, 0
	 */
	static int errors(String maxErrors, int targets) {
		if (maxErrors == null || maxErrors.isBlank()) {
			return 0;
		}
		return limit(maxErrors, targets, RoundingMode.FLOOR);
	}

	private static int limit(String value, int targets, RoundingMode rounding) {
		Matcher matcher = LIMIT.matcher(value.strip());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not a number or a percentage: " + value);
		}
		int number = Integer.parseInt(matcher.group(1));
		if (matcher.group(2).isEmpty()) {
			return number;
		}
		return BigDecimal.valueOf((long) number * targets).divide(BigDecimal.valueOf(100), 0, rounding).intValue();
	}

	/**
	 * Whether a node's final status counts against {@code MaxErrors}: SSM's
	 * {@code ErrorCount} counts the failed (undeliverable included) and those whose
	 * execution timed out, not a delivery that timed out.
	 */
	static boolean error(String status, String statusDetails) {
		return "Failed".equals(status) || "ExecutionTimedOut".equals(statusDetails);
	}

	/**
	 * How one node would go once the command is sent to it.
	 *
	 * @param pickUp how long after its turn comes the node starts (it is pending until
	 * then)
	 * @param runs how long it runs from then until its final status
	 * @param error whether that final status counts against {@code MaxErrors}
	 */
	record Node(Duration pickUp, Duration runs, boolean error) {

	}

	/**
	 * When one node ran, or that it did not.
	 *
	 * @param startsAt when it left {@code Pending}; {@code null} when it never ran
	 * @param endsAt when it reached its final status; for a node that never ran, when the
	 * command stopped sending
	 */
	record Slot(Instant startsAt, Instant endsAt) {

		boolean ran() {
			return this.startsAt != null;
		}

	}

	/**
	 * When each node runs, in the order given (SSM's order of the targets).
	 * @param sentAt when the command was sent
	 * @return one slot per node, in the same order
	 */
	static List<Slot> schedule(Instant sentAt, List<Node> nodes, String maxConcurrency, String maxErrors) {
		int concurrency = concurrency(maxConcurrency, nodes.size());
		int allowedErrors = errors(maxErrors, nodes.size());
		// When the nodes in progress finish, earliest first: a slot opens at each.
		PriorityQueue<Instant> running = new PriorityQueue<>();
		// When each error became known, earliest first.
		PriorityQueue<Instant> errors = new PriorityQueue<>();
		List<Slot> slots = new ArrayList<>(nodes.size());
		Instant turn = sentAt;
		Instant stopped = null;
		for (Node node : nodes) {
			if (stopped == null) {
				if (running.size() >= concurrency) {
					Instant free = running.poll();
					turn = free.isAfter(turn) ? free : turn;
				}
				stopped = stoppedBy(errors, allowedErrors, turn);
			}
			if (stopped != null) {
				slots.add(new Slot(null, stopped));
				continue;
			}
			Instant startsAt = turn.plus(node.pickUp());
			Instant endsAt = startsAt.plus(node.runs());
			running.add(endsAt);
			if (node.error()) {
				errors.add(endsAt);
			}
			slots.add(new Slot(startsAt, endsAt));
		}
		return slots;
	}

	/**
	 * When the command stopped sending, if the errors known at {@code turn} exceed those
	 * allowed: at the error one past the threshold.
	 */
	private static Instant stoppedBy(PriorityQueue<Instant> errors, int allowed, Instant turn) {
		List<Instant> known = errors.stream().filter((at) -> !at.isAfter(turn)).sorted().toList();
		return (known.size() > allowed) ? known.get(allowed) : null;
	}

}
