package dev.runboard.aws.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One invocation of the sandbox fleet: what it finally becomes, and when. Its state at a
 * given moment is derived from the clock, so invocations move while you watch: pending
 * until {@code startsAt}, then {@code runningStatus} until {@code finishesAt}; cancelled,
 * it is {@code Cancelling} for a few seconds and then {@code Cancelled}.
 *
 * @param runningStatus what SSM reports until {@code finishesAt}: InProgress, Pending or
 * Delayed
 * @param finishesAt when a running invocation reaches its final status, or {@code null}
 * when it is already final
 * @param startsAt when it leaves {@code Pending}, or {@code null} when
 * {@code runningStatus} holds from the start
 * @param cancelledAt when it was asked to stop, or {@code null}
 */
record SandboxInvocation(SandboxCommand command, String instanceId, String instanceName, String status,
		String statusDetails, String runningStatus, Instant finishesAt, List<SandboxPlugin> plugins, Instant startsAt,
		Instant cancelledAt) {

	/** How long an invocation takes to stop once cancelled. */
	static final Duration CANCELLING = Duration.ofSeconds(5);

	SandboxInvocation(SandboxCommand command, String instanceId, String instanceName, String status,
			String statusDetails, String runningStatus, Instant finishesAt, List<SandboxPlugin> plugins) {
		this(command, instanceId, instanceName, status, statusDetails, runningStatus, finishesAt, plugins, null, null);
	}

	/** When it ends: when it finishes, or shortly after it was cancelled. */
	Instant endsAt() {
		if (this.cancelledAt != null && this.finishesAt != null) {
			Instant stopped = this.cancelledAt.plus(CANCELLING);
			return stopped.isBefore(this.finishesAt) ? stopped : this.finishesAt;
		}
		return this.finishesAt;
	}

	boolean runningAt(Instant now) {
		Instant end = endsAt();
		return end != null && now.isBefore(end);
	}

	/** Whether it ended because it was cancelled. */
	boolean cancelled() {
		return this.cancelledAt != null && !this.cancelledAt.isAfter(this.finishesAt);
	}

	String statusAt(Instant now) {
		if (!runningAt(now)) {
			return cancelled() ? "Cancelled" : this.status;
		}
		if (this.cancelledAt != null && !now.isBefore(this.cancelledAt)) {
			return "Cancelling";
		}
		return (this.startsAt != null && now.isBefore(this.startsAt)) ? "Pending" : this.runningStatus;
	}

	String statusDetailsAt(Instant now) {
		if (!runningAt(now)) {
			return cancelled() ? "Cancelled" : this.statusDetails;
		}
		return statusAt(now);
	}

	SandboxInvocation withPlugins(List<SandboxPlugin> newPlugins) {
		return new SandboxInvocation(this.command, this.instanceId, this.instanceName, this.status, this.statusDetails,
				this.runningStatus, this.finishesAt, newPlugins, this.startsAt, this.cancelledAt);
	}

	/** This invocation, asked to stop at {@code at}. */
	SandboxInvocation cancelledAt(Instant at) {
		return new SandboxInvocation(this.command, this.instanceId, this.instanceName, this.status, this.statusDetails,
				this.runningStatus, this.finishesAt, this.plugins, this.startsAt, at);
	}

	/**
	 * One plugin (step).
	 *
	 * @param responseCode exit code once finished, -1 when the plugin never ran
	 */
	record SandboxPlugin(String name, String status, String statusDetails, int responseCode, Instant startedAt,
			Instant finishedAt, String stdout, String stderr) {

	}

}
