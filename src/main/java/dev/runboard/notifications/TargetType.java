package dev.runboard.notifications;

import java.util.Locale;

/** Where a rule's messages go, each with its own format ({@link Payloads}). */
public enum TargetType {

	/** A Slack incoming webhook: a Block Kit message. */
	SLACK,

	/** A Microsoft Teams Workflows webhook: an Adaptive Card. */
	TEAMS,

	/**
	 * PagerDuty's Events API v2: an alert per command, resolved by a rerun that succeeds.
	 */
	PAGERDUTY,

	/** Any HTTP endpoint: JSON signed with HMAC-SHA256. */
	WEBHOOK;

	/** As configuration and the delivery log write it. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

}
