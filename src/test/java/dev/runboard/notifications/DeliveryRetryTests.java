package dev.runboard.notifications;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long the sender waits before trying a message again, and what of a target's answer
 * it keeps: never the rule's secrets.
 */
class DeliveryRetryTests {

	@Test
	void theWaitDoublesUpToHalfAnHourAndIsAtLeastRetryAfter() {
		assertThat(NotificationSender.backoff(1, null)).isEqualTo(Duration.ofSeconds(2));
		assertThat(NotificationSender.backoff(2, null)).isEqualTo(Duration.ofSeconds(4));
		assertThat(NotificationSender.backoff(5, null)).isEqualTo(Duration.ofSeconds(32));
		assertThat(NotificationSender.backoff(11, null)).isEqualTo(Duration.ofMinutes(30));
		assertThat(NotificationSender.backoff(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
		assertThat(NotificationSender.backoff(1, Duration.ofDays(1))).as("a Retry-After kept within an hour")
			.isEqualTo(Duration.ofHours(1));
	}

	@Test
	void anAnswerIsKeptWithoutTheRulesSecretsAndPrintable() {
		NotificationRule slack = PayloadsTests.rule("slack",
				"https://hooks.slack.com/services/T0001/B0001/SlackSecretToken0123456789");
		assertThat(NotificationSender.answered("invalid_token for SlackSecretToken0123456789\r\nforged line", slack))
			.doesNotContain("SlackSecretToken0123456789")
			.contains("[secret]")
			.doesNotContain("\n");
		NotificationRule webhook = PayloadsTests.rule("webhook", "https://hooks.example.com/runboard");
		assertThat(NotificationSender.answered("echo webhook-hmac-key-0123456789", webhook))
			.isEqualTo(": \"echo [secret]\"");
		assertThat(NotificationSender.answered("x".repeat(500), webhook)).hasSizeLessThan(260);
		assertThat(NotificationSender.answered("", webhook)).isEmpty();
	}

}
