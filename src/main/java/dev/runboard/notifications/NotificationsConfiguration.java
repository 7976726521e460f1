package dev.runboard.notifications;

import java.time.Clock;

import dev.runboard.aws.Sources;
import dev.runboard.aws.SsmProperties;
import dev.runboard.history.HistoryActivation;
import dev.runboard.history.HistoryRepository;
import dev.runboard.history.Leases;
import dev.runboard.history.StoreSchema;
import dev.runboard.web.PublicUrlProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Notifications: the rules, checked at start whether or not the store is there (a rule
 * without a store to keep its outbox is refused), and, with the store, the outbox, its
 * writer in the recorder's transactions, and its sender.
 */
@Configuration(proxyBeanMethods = false)
class NotificationsConfiguration {

	@Bean
	NotificationRules notificationRules(NotificationProperties properties, Environment environment) {
		NotificationRules rules = NotificationRules.of(properties);
		if (!rules.isEmpty() && !HistoryActivation.enabled(environment)) {
			throw new IllegalStateException("runboard.notifications.rules need the store, which keeps their outbox: "
					+ "set spring.datasource.url (history is off), or remove the rules");
		}
		return rules;
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(HistoryActivation.Enabled.class)
	static class NotificationsStoreConfiguration {

		@Bean
		Outbox notificationOutbox(JdbcClient jdbc, Clock clock) {
			return new Outbox(jdbc, clock.instant());
		}

		@Bean
		NotificationMetrics notificationMetrics(MeterRegistry meters) {
			return new NotificationMetrics(meters);
		}

		@Bean
		Notices notices(Sources sources, NotificationRules rules, PublicUrlProperties publicUrl, SsmProperties ssm,
				Environment environment) {
			return new Notices(sources, publicUrl(rules, publicUrl, ssm, environment));
		}

		@Bean
		TestMessages notificationTestMessages(HistoryRepository history, Sources sources, Notices notices) {
			return new TestMessages(history, sources, notices);
		}

		@Bean
		Watches notificationWatches(NotificationRules rules, Outbox outbox) {
			return new Watches(rules, outbox);
		}

		@Bean
		OutboxWriter notificationOutboxWriter(NotificationRules rules, Outbox outbox, Notices notices,
				NotificationMetrics metrics) {
			return new OutboxWriter(rules, outbox, notices, metrics);
		}

		@Bean
		NotificationSender notificationSender(NotificationRules rules, Outbox outbox, StoreSchema schema, Leases leases,
				NotificationMetrics metrics, Clock clock) {
			return new NotificationSender(rules, outbox, schema, leases, metrics, clock);
		}

		/**
		 * Where messages link to: {@code runboard.public-url}; in the sandbox, this
		 * machine when it is not set. Elsewhere a rule without it is refused, as a link
		 * made up from the host's name would lead nowhere in chat.
		 */
		private static String publicUrl(NotificationRules rules, PublicUrlProperties publicUrl, SsmProperties ssm,
				Environment environment) {
			if (publicUrl.publicUrl() != null) {
				return publicUrl.publicUrl().toString();
			}
			if (!rules.isEmpty() && !ssm.sandbox()) {
				throw new IllegalStateException("runboard.public-url is required with runboard.notifications.rules: "
						+ "each message links to the command page at the address users reach Runboard at, "
						+ "such as https://tools.example.com/runboard");
			}
			return "http://localhost:" + environment.getProperty("server.port", "8080")
					+ environment.getProperty("server.servlet.context-path", "");
		}

	}

}
