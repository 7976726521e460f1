package dev.runboard.aws.sandbox;

import java.time.Instant;
import java.util.List;

/**
 * One invocation of the sandbox fleet: what it finally becomes, and when. Its state at a
 * given moment is derived from the clock, so a few invocations finish while you watch.
 *
 * @param runningStatus what SSM reports until {@code finishesAt}: InProgress, Pending or
 * Delayed
 * @param finishesAt when a running invocation reaches its final status, or {@code null}
 * when it is already final
 */
record SandboxInvocation(SandboxCommand command, String instanceId, String instanceName, String status,
		String statusDetails, String runningStatus, Instant finishesAt, List<SandboxPlugin> plugins) {

	boolean runningAt(Instant now) {
		return this.finishesAt != null && now.isBefore(this.finishesAt);
	}

	String statusAt(Instant now) {
		return runningAt(now) ? this.runningStatus : this.status;
	}

	String statusDetailsAt(Instant now) {
		return runningAt(now) ? this.runningStatus : this.statusDetails;
	}

	SandboxInvocation withPlugins(List<SandboxPlugin> newPlugins) {
		return new SandboxInvocation(this.command, this.instanceId, this.instanceName, this.status, this.statusDetails,
				this.runningStatus, this.finishesAt, newPlugins);
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
