package dev.runboard.notifications;

import java.time.Instant;
import java.util.UUID;

/**
 * A line of the delivery log: a message of the outbox and what became of it.
 *
 * @param sentAt when the target took it, or {@code null}
 * @param gaveUpAt when Runboard stopped trying, or {@code null}
 * @param outcome the target's last answer, without secrets, or {@code null} before the
 * first attempt
 * @param url the link the message carries: the command page, absolute
 */
public record Delivery(UUID deliveryId, String rule, String targetType, MessageKind kind, String commandId,
		Instant createdAt, int attempts, Instant sentAt, Instant gaveUpAt, String outcome, Instant outcomeAt,
		String url) {

	/** {@code sent}, {@code failed} (given up), {@code retrying} or {@code queued}. */
	public String state() {
		if (this.sentAt != null) {
			return "sent";
		}
		if (this.gaveUpAt != null) {
			return "failed";
		}
		return (this.attempts > 0) ? "retrying" : "queued";
	}

	/** Whether it resolves the PagerDuty alert of the command a rerun reran. */
	public boolean resolves() {
		return this.kind == MessageKind.RESOLVE;
	}

}
