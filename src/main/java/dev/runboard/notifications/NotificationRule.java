package dev.runboard.notifications;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
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

	/** The shortest part of an address taken as a token. */
	private static final int TOKEN = 12;

	/** When a rule tells about a command. */
	public enum When {

		/** A command that settles with any invocation Failed, TimedOut or Cancelled. */
		FAILED,

		/** Every command that settles. */
		COMPLETED,

		/**
		 * A command a signed-in user asked to be told about ("Tell me when it finishes"
		 * on its page), when it settles, however it ended.
		 */
		WATCHED

	}

	/**
	 * Whether a command that settled is one this rule tells about unasked: never for a
	 * {@code watched} rule, which tells about the commands users watch ({@link #covers}).
	 * @param failing how many of its invocations did not succeed
	 */
	public boolean matches(CommandView command, int failing) {
		return this.when != When.WATCHED && covers(command) && (this.when == When.COMPLETED || failing > 0);
	}

	/**
	 * Whether a command is of the documents and size this rule is about, whatever its
	 * outcome: for a {@code watched} rule, the commands whose page offers it.
	 */
	public boolean covers(CommandView command) {
		if (command.targetCount() < this.minNodes) {
			return false;
		}
		return this.documents.isEmpty() || (command.documentName() != null && this.documents.stream()
			.anyMatch((pattern) -> glob(pattern).matcher(command.documentName()).matches()));
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

	/**
	 * This rule's secrets, longest first, as they may come back in a target's answer: its
	 * address, and each part of it long enough to be a token (Slack's last path segment,
	 * Teams' {@code sig}), its routing key and its HMAC key.
	 */
	List<String> secrets() {
		List<String> secrets = new ArrayList<>();
		secrets.add(this.url.toString());
		secrets.add(this.url.getRawPath());
		secrets.add(this.url.getRawQuery());
		for (String part : (this.url.getRawPath() + "&" + this.url.getRawQuery()).split("[/&=?]")) {
			secrets.add(part);
		}
		secrets.add(this.routingKey);
		secrets.add(this.secret);
		return secrets.stream()
			.filter((text) -> text != null && text.length() >= TOKEN)
			.distinct()
			.sorted(Comparator.comparingInt(String::length).reversed())
			.toList();
	}

	@Override
	public String toString() {
		return "NotificationRule[name=" + this.name + ", type=" + this.type.id() + "]";
	}

}
