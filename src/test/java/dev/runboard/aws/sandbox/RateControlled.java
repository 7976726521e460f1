package dev.runboard.aws.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a command's {@code MaxConcurrency} and {@code MaxErrors} allow, checked on how its
 * nodes ran as SSM lists them (the times its plugins started and finished), independently
 * of {@link SandboxRateControl}: never more nodes running at one moment than its
 * concurrency, and no node started once more errors were known than it allows.
 */
final class RateControlled {

	/**
	 * A node may start this long after its turn came (it picks the command up), so a
	 * start this close after the stop may still have been sent before it.
	 */
	static final Duration PICK_UP = Duration.ofSeconds(15);

	private RateControlled() {
	}

	/**
	 * How one node ran.
	 *
	 * @param startedAt when its first plugin started; {@code null} when none ran
	 * @param finishedAt when its last plugin finished; {@code null} when none ran
	 * @param error whether it counts against {@code MaxErrors}
	 */
	record Run(Instant startedAt, Instant finishedAt, boolean error) {

		boolean ran() {
			return this.startedAt != null && this.finishedAt != null;
		}

	}

	/**
	 * Whether a final status counts against {@code MaxErrors}, as SSM's ErrorCount does.
	 */
	static boolean error(String status, String statusDetails) {
		return "Failed".equals(status) || "ExecutionTimedOut".equals(statusDetails);
	}

	/**
	 * What the command's runs broke of its rate control, in words; empty when nothing.
	 */
	static List<String> violations(String command, String maxConcurrency, String maxErrors, List<Run> runs) {
		int concurrency = SandboxRateControl.concurrency(maxConcurrency, runs.size());
		int allowed = SandboxRateControl.errors(maxErrors, runs.size());
		List<Run> ran = runs.stream().filter(Run::ran).toList();
		List<String> violations = new ArrayList<>();
		int most = 0;
		for (Run run : ran) {
			long atOnce = ran.stream()
				.filter((other) -> !other.startedAt().isAfter(run.startedAt())
						&& other.finishedAt().isAfter(run.startedAt()))
				.count();
			most = Math.max(most, (int) atOnce);
		}
		if (most > concurrency) {
			violations.add(command + ": " + most + " nodes at once, MaxConcurrency " + maxConcurrency + " of "
					+ runs.size() + " allows " + concurrency);
		}
		List<Instant> errors = ran.stream()
			.filter(Run::error)
			.map(Run::finishedAt)
			.sorted(Comparator.naturalOrder())
			.toList();
		if (errors.size() > allowed) {
			Instant stopped = errors.get(allowed);
			long late = ran.stream().filter((run) -> run.startedAt().isAfter(stopped.plus(PICK_UP))).count();
			if (late > 0) {
				violations.add(command + ": " + late + " nodes started after error " + (allowed + 1) + " at " + stopped
						+ ", MaxErrors " + maxErrors + " of " + runs.size() + " allows " + allowed);
			}
		}
		return violations;
	}

	static Instant first(List<Instant> times) {
		return times.stream().filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
	}

	static Instant last(List<Instant> times) {
		return times.stream().filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
	}

}
