package dev.runboard.aws;

import java.time.Instant;

/**
 * One command as the commands view shows it, with its per-target counts.
 */
public record CommandView(String commandId, String documentName, String documentVersion, String comment,
		Instant requestedAt, String status, String statusDetails, int targetCount, int completedCount, int errorCount,
		int deliveryTimedOutCount) {

	/** Whether SSM may still change this command's status or counts. */
	public boolean running() {
		return this.status != null && InvocationView.NOT_FINAL.contains(this.status);
	}

	/**
	 * Whether some of its nodes failed, or were never reached before delivery timed out.
	 */
	public boolean problem() {
		return this.errorCount > 0 || this.deliveryTimedOutCount > 0;
	}

	/** Completed targets as a whole percentage of all targets, 0 when there are none. */
	public int progressPercent() {
		return (this.targetCount > 0) ? (int) (100L * this.completedCount / this.targetCount) : 0;
	}

}
