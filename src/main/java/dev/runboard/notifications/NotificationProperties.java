package dev.runboard.notifications;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The notification rules as configured ({@code runboard.notifications.rules[N].*}), bound
 * as text and checked by {@link NotificationRules}, so that a value Runboard refuses is
 * named by rule and field and never echoed: URLs, routing keys and HMAC keys are secrets.
 *
 * @param rules the rules, in the order configured
 */
@ConfigurationProperties("runboard.notifications")
public record NotificationProperties(List<Rule> rules) {

	public NotificationProperties {
		rules = (rules != null) ? List.copyOf(rules) : List.of();
	}

	/**
	 * @param name the rule's name, as the delivery log and messages show it
	 * @param documents document name patterns ({@code *} matches any run of characters);
	 * empty: every document
	 * @param when {@code failed}, {@code completed} or {@code watched}
	 * @param minNodes only commands sent to at least this many nodes
	 * @param includeOutput whether messages may carry what failing nodes printed
	 * @param target where messages go
	 */
	public record Rule(String name, List<String> documents, String when, Integer minNodes, Boolean includeOutput,
			Target target) {

		public Rule {
			documents = (documents != null) ? List.copyOf(documents) : List.of();
		}

	}

	/**
	 * @param type {@code slack}, {@code teams}, {@code pagerduty} or {@code webhook}
	 * @param url the webhook's address (a secret for Slack and Teams: it carries the
	 * token); for PagerDuty, the Events API's address, by default PagerDuty's own
	 * @param routingKey PagerDuty's integration key
	 * @param secret the generic webhook's HMAC key
	 */
	public record Target(String type, String url, String routingKey, String secret) {

		@Override
		public String toString() {
			return "Target[type=" + this.type + ", url=" + mask(this.url) + ", routingKey=" + mask(this.routingKey)
					+ ", secret=" + mask(this.secret) + "]";
		}

		private static String mask(String value) {
			return (value != null) ? "******" : null;
		}

	}

}
