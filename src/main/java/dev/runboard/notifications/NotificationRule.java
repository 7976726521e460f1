package dev.runboard.notifications;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

import dev.runboard.aws.CommandView;

/**
 * One rule, checked: which commands it tells about, when, and where.
 *
 * @param documents document name patterns ({@code *} for any run of characters); empty
 * for every document
 * @param url where messages are posted (a secret for Slack and Teams)
 * @param routingKey PagerDuty's integration key, or {@code null}
 * @param secret the webhook's HMAC key, or {@code null}
 */
public record NotificationRule(String name, List<String> documents, When when, int minNodes, boolean includeOutput,
		TargetType type, URI url, String routingKey, String secret) {

	/** When a rule tells about a command. */
	public enum When {

		/** A command that settles with any invocation Failed, TimedOut or Cancelled. */
		FAILED,

		/** Every command that settles. */
		COMPLETED

	}

	/**
	 * Whether a command that settled is one this rule tells about.
	 * @param failing how many of its invocations did not succeed
	 */
	public boolean matches(CommandView command, int failing) {
		if (command.targetCount() < this.minNodes) {
			return false;
		}
		if (!this.documents.isEmpty() && (command.documentName() == null
				|| this.documents.stream().noneMatch((pattern) -> glob(pattern).matcher(command.documentName()).matches()))) {
			return false;
		}
		return this.when == When.COMPLETED || failing > 0;
	}

	private static Pattern glob(String pattern) {
		StringBuilder regex = new StringBuilder();
		for (String part : pattern.split("\\*", -1)) {
			if (!regex.isEmpty()) {
				regex.append(".*");
			}
			regex.append(Pattern.quote(part));
		}
		return Pattern.compile(regex.toString());
	}

	/** What stands for this rule's secrets wherever text from outside is shown. */
	List<String> secrets() {
		return java.util.stream.Stream.of(this.url.toString(), this.url.getRawPath(), this.url.getRawQuery(),
				this.routingKey, this.secret)
			.filter((secret) -> secret != null && secret.length() >= 8)
			.toList();
	}

	@Override
	public String toString() {
		return "NotificationRule[name=" + this.name + ", type=" + this.type.id() + "]";
	}

}
