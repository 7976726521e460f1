package dev.runboard.notifications;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The notifications' meters, tagged by rule name and target type, never by anything
 * secret: {@code runboard.notifications.queued} (messages written to the outbox) and
 * {@code runboard.notifications.attempts} (each attempt, by outcome: {@code sent},
 * {@code retry}, {@code failed}).
 */
class NotificationMetrics {

	private final MeterRegistry meters;

	NotificationMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	void queued(NotificationRule rule) {
		counter("runboard.notifications.queued", rule, null).increment();
	}

	void attempt(NotificationRule rule, String outcome) {
		counter("runboard.notifications.attempts", rule, outcome).increment();
	}

	private Counter counter(String name, NotificationRule rule, String outcome) {
		Counter.Builder builder = Counter.builder(name).tag("rule", rule.name()).tag("target", rule.type().id());
		if (outcome != null) {
			builder.tag("outcome", outcome);
		}
		return builder.register(this.meters);
	}

}
