package dev.runboard.notifications;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.json.JsonMapper;

/**
 * What each target is sent: the request body and headers for a notice, in the target's
 * own format, with every text from outside made inert in that target's markup.
 * <ul>
 * <li>Slack: Block Kit, every text a {@code plain_text} object (Slack's {@code mrkdwn}
 * cannot escape {@code *}, and would turn {@code <!here>} into a ping); the fallback
 * {@code text} carries Runboard's own words and numbers only.</li>
 * <li>Teams: an Adaptive Card in a Workflows message; text from outside is a
 * {@code TextRun} of a {@code RichTextBlock} (one a line), which Teams does not read as
 * Markdown.</li>
 * <li>PagerDuty: an Events API v2 event, {@code dedup_key} the command ID.</li>
 * <li>Webhook: JSON as SPEC gives it, signed: {@code X-Runboard-Signature:
 * sha256=<hex HMAC-SHA256 of the body>}.</li>
 * </ul>
 */
final class Payloads {

	static final String SIGNATURE = "X-Runboard-Signature";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Slack's longest header text. */
	private static final int SLACK_HEADER = 150;

	/** Slack's longest section text (3,000), with room to spare. */
	private static final int SLACK_TEXT = 2900;

	/** PagerDuty's longest summary. */
	private static final int PAGERDUTY_SUMMARY = 1024;

	private Payloads() {
	}

	/**
	 * One attempt's request.
	 *
	 * @param headers besides {@code Content-Type: application/json}
	 */
	record Request(byte[] body, Map<String, String> headers) {

	}

	/**
	 * @param deliveryId the delivery, the same on every attempt
	 * @param kind what the message is about
	 * @param dedupKey PagerDuty's key: the command, or the command a rerun resolves
	 * @param resent whether an earlier attempt may have reached the target
	 */
	static Request of(NotificationRule rule, Notice notice, UUID deliveryId, MessageKind kind, String dedupKey,
			boolean resent) {
		return switch (rule.type()) {
			case SLACK -> json(slack(notice, deliveryId, kind, resent));
			case TEAMS -> json(teams(notice, deliveryId, kind, resent));
			case PAGERDUTY -> json(pagerDuty(rule, notice, deliveryId, kind, dedupKey, resent));
			case WEBHOOK -> signed(webhook(rule, notice, deliveryId, kind, resent), rule.secret());
		};
	}

	static Map<String, Object> slack(Notice notice, UUID deliveryId, MessageKind kind, boolean resent) {
		List<Object> blocks = new ArrayList<>();
		blocks.add(Map.of("type", "header", "text", plain(cut(title(notice, kind), SLACK_HEADER))));
		blocks.add(Map.of("type", "section", "text", plain(cut(about(notice), SLACK_TEXT))));
		if (!notice.counts().isEmpty()) {
			List<Object> fields = new ArrayList<>();
			notice.counts()
				.entrySet()
				.stream()
				.limit(10)
				.forEach((count) -> fields.add(plain(count.getKey() + ": " + count.getValue())));
			blocks.add(Map.of("type", "section", "fields", fields));
		}
		if (!notice.failureGroups().isEmpty()) {
			blocks.add(Map.of("type", "section", "text", plain(cut(groups(notice), SLACK_TEXT))));
		}
		blocks.add(Map.of("type", "actions", "elements", List.of(Map.of("type", "button", "text",
				plain(notice.commandId() != null ? "Open the command page" : "Open Runboard"), "url", notice.url()))));
		blocks.add(Map.of("type", "context", "elements", List.of(plain(delivery(deliveryId, resent)))));
		Map<String, Object> message = new LinkedHashMap<>();
		// The notification's text: Runboard's own words and numbers, nothing read from
		// SSM.
		message.put("text", "Runboard: " + fallback(notice, kind));
		message.put("mrkdwn", false);
		message.put("blocks", blocks);
		return message;
	}

	static Map<String, Object> teams(Notice notice, UUID deliveryId, MessageKind kind, boolean resent) {
		List<Object> body = new ArrayList<>();
		body.add(richText(title(notice, kind), Map.of("weight", "Bolder", "size", "Medium")));
		about(notice).lines().forEach((line) -> body.add(richText(line, Map.of())));
		if (!notice.counts().isEmpty()) {
			List<String> counts = new ArrayList<>();
			notice.counts().forEach((status, count) -> counts.add(status + ": " + count));
			body.add(richText(String.join(" · ", counts), Map.of()));
		}
		if (!notice.failureGroups().isEmpty()) {
			groups(notice).lines().forEach((line) -> body.add(richText(line, Map.of())));
		}
		body.add(richText(delivery(deliveryId, resent), Map.of("isSubtle", true, "size", "Small")));
		Map<String, Object> card = new LinkedHashMap<>();
		card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
		card.put("type", "AdaptiveCard");
		card.put("version", "1.4");
		card.put("body", body);
		card.put("actions", List.of(Map.of("type", "Action.OpenUrl", "title",
				(notice.commandId() != null) ? "Open the command page" : "Open Runboard", "url", notice.url())));
		Map<String, Object> attachment = new LinkedHashMap<>();
		attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
		attachment.put("contentUrl", null);
		attachment.put("content", card);
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", "message");
		message.put("attachments", List.of(attachment));
		return message;
	}

	static Map<String, Object> pagerDuty(NotificationRule rule, Notice notice, UUID deliveryId, MessageKind kind,
			String dedupKey, boolean resent) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("routing_key", rule.routingKey());
		event.put("event_action", (kind == MessageKind.RESOLVE) ? "resolve" : "trigger");
		event.put("dedup_key", (kind == MessageKind.TEST) ? "runboard-test-" + deliveryId : dedupKey);
		if (kind == MessageKind.RESOLVE) {
			return event;
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("deliveryId", deliveryId.toString());
		details.put("resent", resent);
		details.put("rule", rule.name());
		details.put("commandId", notice.commandId());
		details.put("comment", notice.comment());
		details.put("requester", notice.requester());
		details.put("status", notice.status());
		details.put("counts", notice.counts());
		details.put("failureGroups",
				notice.failureGroups().stream().map((group) -> group.count() + " × " + group.signature()).toList());
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("summary",
				cut(title(notice, kind) + ": " + notice.headline() + " (" + notice.source() + ")", PAGERDUTY_SUMMARY));
		payload.put("source", notice.source());
		payload.put("severity", (kind == MessageKind.TEST || notice.failing() == 0) ? "info" : "error");
		payload.put("component", notice.document());
		payload.put("group", notice.source());
		payload.put("class", "ssm-run-command");
		payload.put("custom_details", details);
		event.put("payload", payload);
		event.put("client", "Runboard");
		event.put("client_url", notice.url());
		event.put("links", List.of(Map.of("href", notice.url(), "text",
				(notice.commandId() != null) ? "The command page in Runboard" : "Runboard")));
		return event;
	}

	static Map<String, Object> webhook(NotificationRule rule, Notice notice, UUID deliveryId, MessageKind kind,
			boolean resent) {
		Map<String, Object> command = new LinkedHashMap<>();
		command.put("id", notice.commandId());
		command.put("document", notice.document());
		command.put("comment", notice.comment());
		command.put("requester", notice.requester());
		command.put("source", notice.source());
		command.put("status", notice.status());
		command.put("targetCount", notice.targetCount());
		command.put("counts", notice.counts());
		command.put("url", notice.url());
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("deliveryId", deliveryId.toString());
		message.put("rule", rule.name());
		message.put("kind", kind.id());
		message.put("resent", resent);
		message.put("command", command);
		message.put("failureGroups", notice.failureGroups().stream().map((group) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("count", group.count());
			entry.put("signature", group.signature());
			return entry;
		}).toList());
		return message;
	}

	/** The hex HMAC-SHA256 of a body with a key, as the signature header carries it. */
	static String hmac(byte[] body, String key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	private static Request json(Map<String, Object> message) {
		return new Request(JSON.writeValueAsBytes(message), Map.of());
	}

	private static Request signed(Map<String, Object> message, String secret) {
		byte[] body = JSON.writeValueAsBytes(message);
		return new Request(body, Map.of(SIGNATURE, "sha256=" + hmac(body, secret)));
	}

	private static String title(Notice notice, MessageKind kind) {
		if (kind == MessageKind.TEST) {
			return (notice.commandId() != null) ? "Test message · " + notice.status() + ": " + notice.document()
					: "Test message from Runboard";
		}
		String prefix = (kind == MessageKind.RESOLVE) ? "Resolved by a rerun: " : "";
		return prefix + notice.status() + ": " + notice.document();
	}

	/** The command: its headline, comment, requester, where it ran, and its ID. */
	private static String about(Notice notice) {
		List<String> lines = new ArrayList<>();
		lines.add(notice.headline());
		if (notice.comment() != null && !notice.comment().isBlank()) {
			lines.add("Comment: " + notice.comment());
		}
		if (notice.requester() != null) {
			lines.add("Requested by: " + notice.requester());
		}
		lines.add("Source: " + notice.source());
		if (notice.commandId() != null) {
			lines.add("Command: " + notice.commandId());
		}
		return String.join("\n", lines);
	}

	private static String groups(Notice notice) {
		List<String> lines = new ArrayList<>();
		lines.add("Largest failure groups:");
		for (Notice.Group group : notice.failureGroups()) {
			lines.add(group.count() + " × " + group.signature());
		}
		return String.join("\n", lines);
	}

	private static String fallback(Notice notice, MessageKind kind) {
		if (kind == MessageKind.TEST) {
			return "test message";
		}
		return ((kind == MessageKind.RESOLVE) ? "resolved by a rerun, " : "")
				+ notice.headline().toLowerCase(java.util.Locale.ROOT);
	}

	private static String delivery(UUID deliveryId, boolean resent) {
		return "Delivery " + deliveryId + (resent ? " · resent: an earlier attempt may have arrived" : "");
	}

	private static Map<String, Object> plain(String text) {
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("type", "plain_text");
		object.put("text", text.isEmpty() ? " " : text);
		object.put("emoji", false);
		return object;
	}

	private static Map<String, Object> richText(String text, Map<String, Object> style) {
		Map<String, Object> run = new LinkedHashMap<>();
		run.put("type", "TextRun");
		run.put("text", text);
		run.putAll(style);
		Map<String, Object> block = new LinkedHashMap<>();
		block.put("type", "RichTextBlock");
		block.put("inlines", List.of(run));
		return block;
	}

	private static String cut(String text, int most) {
		return (text.length() > most) ? text.substring(0, most - 1) + "…" : text;
	}

}
