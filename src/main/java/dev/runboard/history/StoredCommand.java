package dev.runboard.history;

import java.time.Instant;
import java.util.Objects;

import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.CommandView;

/**
 * What the store holds of a command's progress, to tell whether SSM's answer says
 * anything new.
 *
 * @param settled final, with every invocation recorded final: the recorder reads it no
 * more
 * @param lostAt when SSM was found to have forgotten it before it settled, or
 * {@code null}
 */
record StoredCommand(String status, String statusDetails, int targetCount, int completedCount, int errorCount,
		int deliveryTimedOutCount, boolean isFinal, boolean settled, Instant finalSeenAt, Instant lostAt) {

	/** Whether SSM lists the command with the status and counts the store holds. */
	boolean sameProgress(CommandDetail listed) {
		CommandView command = listed.command();
		return this.status.equals(command.status()) && Objects.equals(this.statusDetails, command.statusDetails())
				&& this.targetCount == command.targetCount() && this.completedCount == command.completedCount()
				&& this.errorCount == command.errorCount()
				&& this.deliveryTimedOutCount == command.deliveryTimedOutCount();
	}

}
