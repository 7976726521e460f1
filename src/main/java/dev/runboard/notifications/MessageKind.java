package dev.runboard.notifications;

import java.util.Locale;

/** What a message in the outbox is about. */
public enum MessageKind {

	/** A command that matched the rule. */
	COMMAND,

	/**
	 * PagerDuty: a rerun that succeeded everywhere resolves the alert of what it reran.
	 */
	RESOLVE,

	/** An operator's test message. */
	TEST;

	/** As the outbox and the webhook's body write it. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	static MessageKind of(String id) {
		return valueOf(id.toUpperCase(Locale.ROOT));
	}

}
