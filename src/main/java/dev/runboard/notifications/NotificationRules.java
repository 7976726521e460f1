package dev.runboard.notifications;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.runboard.notifications.NotificationRule.When;

/**
 * The rules Runboard runs with, checked when it starts: a rule it cannot follow stops the
 * start with a sentence that names the rule and the field, and never the value of a field
 * that holds a secret.
 */
public final class NotificationRules {

	/** PagerDuty's Events API v2, where alerts go unless a rule names another address. */
	static final URI PAGERDUTY_EVENTS = URI.create("https://events.pagerduty.com/v2/enqueue");

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");

	/** SSM's document names, with {@code *} for any run of characters. */
	private static final Pattern DOCUMENT = Pattern.compile("[A-Za-z0-9_.:/*-]{1,128}");

	private static final Pattern ROUTING_KEY = Pattern.compile("[A-Za-z0-9]{20,64}");

	private static final int MIN_SECRET = 16;

	private final List<NotificationRule> rules;

	private NotificationRules(List<NotificationRule> rules) {
		this.rules = List.copyOf(rules);
	}

	/**
	 * @throws InvalidRuleException naming the first rule and field Runboard cannot use
	 */
	public static NotificationRules of(NotificationProperties properties) {
		List<NotificationRule> rules = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (int index = 0; index < properties.rules().size(); index++) {
			NotificationRule rule = rule(index, properties.rules().get(index));
			if (!names.add(rule.name().toLowerCase(Locale.ROOT))) {
				throw new InvalidRuleException(index, rule.name(), "name",
						"another rule has the same name; each rule needs a name of its own");
			}
			rules.add(rule);
		}
		return new NotificationRules(rules);
	}

	public List<NotificationRule> all() {
		return this.rules;
	}

	public boolean isEmpty() {
		return this.rules.isEmpty();
	}

	public Optional<NotificationRule> named(String name) {
		return this.rules.stream().filter((rule) -> rule.name().equals(name)).findFirst();
	}

	private static NotificationRule rule(int index, NotificationProperties.Rule rule) {
		String name = (rule.name() != null) ? rule.name().strip() : "";
		if (!NAME.matcher(name).matches()) {
			throw new InvalidRuleException(index, null, "name",
					"is required: up to 64 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit");
		}
		List<String> documents = new ArrayList<>();
		for (int d = 0; d < rule.documents().size(); d++) {
			String document = rule.documents().get(d);
			if (document == null || !DOCUMENT.matcher(document.strip()).matches()) {
				throw new InvalidRuleException(index, name, "documents[" + d + "]",
						"must be a document name pattern of letters, digits, '_', '-', '.', ':', '/' and '*' "
								+ "(any run of characters), such as AWS-RunPatchBaseline or Patch-*");
			}
			documents.add(document.strip());
		}
		When when = when(index, name, rule.when());
		int minNodes = (rule.minNodes() != null) ? rule.minNodes() : 0;
		if (minNodes < 0) {
			throw new InvalidRuleException(index, name, "min-nodes", "must be 0 or more");
		}
		boolean includeOutput = Boolean.TRUE.equals(rule.includeOutput());
		NotificationProperties.Target target = rule.target();
		if (target == null || target.type() == null || target.type().isBlank()) {
			throw new InvalidRuleException(index, name, "target.type",
					"is required: one of slack, teams, pagerduty, webhook");
		}
		TargetType type = type(index, name, target.type());
		if (when == When.WATCHED && type == TargetType.PAGERDUTY) {
			throw new InvalidRuleException(index, name, "when",
					"watched is not available for pagerduty, which is told about failures only: use failed");
		}
		URI url = switch (type) {
			case SLACK, TEAMS, WEBHOOK -> url(index, name, target.url());
			case PAGERDUTY ->
				(target.url() != null && !target.url().isBlank()) ? url(index, name, target.url()) : PAGERDUTY_EVENTS;
		};
		String routingKey = null;
		String secret = null;
		if (type == TargetType.PAGERDUTY) {
			routingKey = (target.routingKey() != null) ? target.routingKey().strip() : "";
			if (!ROUTING_KEY.matcher(routingKey).matches()) {
				throw new InvalidRuleException(index, name, "target.routing-key",
						"is required for pagerduty: the integration key of an Events API v2 integration "
								+ "(letters and digits); set it from the environment, "
								+ "RUNBOARD_NOTIFICATIONS_RULES_" + index + "_TARGET_ROUTINGKEY");
			}
		}
		if (type == TargetType.WEBHOOK) {
			secret = target.secret();
			if (secret == null || secret.strip().length() < MIN_SECRET) {
				throw new InvalidRuleException(index, name, "target.secret",
						"is required for webhook: an HMAC key of at least " + MIN_SECRET
								+ " characters, set from the environment, RUNBOARD_NOTIFICATIONS_RULES_" + index
								+ "_TARGET_SECRET");
			}
		}
		return new NotificationRule(name, documents, when, minNodes, includeOutput, type, url, routingKey, secret);
	}

	private static When when(int index, String name, String when) {
		String value = (when != null) ? when.strip().toLowerCase(Locale.ROOT) : "";
		return switch (value) {
			case "failed" -> When.FAILED;
			case "completed" -> When.COMPLETED;
			case "watched" -> When.WATCHED;
			default -> throw new InvalidRuleException(index, name, "when",
					"is required: failed (any invocation Failed, TimedOut or Cancelled), completed "
							+ "(every command that ends) or watched (a command a user asks to be told about)");
		};
	}

	private static TargetType type(int index, String name, String type) {
		for (TargetType candidate : TargetType.values()) {
			if (candidate.id().equals(type.strip().toLowerCase(Locale.ROOT))) {
				return candidate;
			}
		}
		throw new InvalidRuleException(index, name, "target.type", "must be one of slack, teams, pagerduty, webhook");
	}

	/**
	 * An absolute https URL, or http to this machine (a local receiver); never echoed, as
	 * a webhook's address carries its token.
	 */
	private static URI url(int index, String name, String url) {
		String hint = "must be an absolute https URL (http only to localhost), set from the environment, "
				+ "RUNBOARD_NOTIFICATIONS_RULES_" + index + "_TARGET_URL";
		if (url == null || url.isBlank()) {
			throw new InvalidRuleException(index, name, "target.url", "is required: " + hint);
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			throw new InvalidRuleException(index, name, "target.url", hint);
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null
				|| !(scheme.equals("https") || (scheme.equals("http") && local(uri.getHost())))) {
			throw new InvalidRuleException(index, name, "target.url", hint);
		}
		return uri;
	}

	private static boolean local(String host) {
		if (host.equalsIgnoreCase("localhost")) {
			return true;
		}
		if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")) {
			return false;
		}
		try {
			return InetAddress.getByName(host).isLoopbackAddress();
		}
		catch (java.net.UnknownHostException ex) {
			return false;
		}
	}

	/**
	 * A rule Runboard cannot follow: the message names the rule (by position and name)
	 * and the field, and says what it takes, never the value given.
	 */
	public static final class InvalidRuleException extends IllegalStateException {

		InvalidRuleException(int index, String name, String field, String message) {
			super("runboard.notifications.rules[" + index + "]" + ((name != null) ? " (" + name + ")" : "") + "."
					+ field + " " + message);
		}

	}

}
