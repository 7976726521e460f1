package dev.runboard.notifications;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.runboard.notifications.NotificationProperties.Rule;
import dev.runboard.notifications.NotificationProperties.Target;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each target is sent, read back as the target would read it: Slack's text objects
 * all plain (its markup cannot escape {@code *} and would ping on {@code <!here>}),
 * Teams' text from outside in text runs, PagerDuty v2's required fields, and the
 * webhook's signature checked with the key.
 */
class PayloadsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final String HOSTILE = "*bold* <!channel> @channel <!here> <script>alert(1)</script> _it_ [x](https://evil.example)";

	private static final UUID DELIVERY = UUID.fromString("0d5e1b7a-0000-4000-8000-000000000001");

	private static final String KEY = "webhook-hmac-key-0123456789";

	@Test
	void slackGetsBlockKitWithEveryTextPlain() {
		JsonNode message = send(rule("slack", "https://hooks.slack.com/services/T/B/x"), hostile(), false);
		List<JsonNode> textObjects = new ArrayList<>();
		collectTextObjects(message.get("blocks"), textObjects);
		assertThat(textObjects).isNotEmpty()
			.allSatisfy((text) -> assertThat(text.get("type").asString()).isEqualTo("plain_text"));
		assertThat(message.toString()).doesNotContain("mrkdwn\":true").doesNotContain("\"type\":\"mrkdwn\"");
		assertThat(textObjects).anySatisfy((text) -> assertThat(text.get("text").asString()).contains(HOSTILE));
		assertThat(message.get("text").asString()).as("the notification's own text, read as markup by Slack")
			.isEqualTo("Runboard: failed on 3 of 4 nodes")
			.doesNotContain("<")
			.doesNotContain("*");
		assertThat(message.get("blocks").get(0).get("type").asString()).isEqualTo("header");
		assertThat(message.toString())
			.contains("https://runboard.example.com/commands/5eed0000-0000-0000-0000-000000000001");
	}

	@Test
	void teamsGetsAnAdaptiveCardWhoseTextFromOutsideIsNeverMarkdown() {
		JsonNode message = send(rule("teams", "https://prod.example.logic.azure.com/workflows/1"), hostile(), false);
		assertThat(message.get("type").asString()).isEqualTo("message");
		JsonNode attachment = message.get("attachments").get(0);
		assertThat(attachment.get("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
		JsonNode card = attachment.get("content");
		assertThat(card.get("type").asString()).isEqualTo("AdaptiveCard");
		assertThat(card.get("version").asString()).isEqualTo("1.4");
		assertThat(card.toString()).doesNotContain("\"TextBlock\"").doesNotContain("FactSet");
		List<String> runs = new ArrayList<>();
		card.get("body").forEach((block) -> {
			assertThat(block.get("type").asString()).isEqualTo("RichTextBlock");
			block.get("inlines").forEach((inline) -> {
				assertThat(inline.get("type").asString()).isEqualTo("TextRun");
				runs.add(inline.get("text").asString());
			});
		});
		assertThat(runs).anySatisfy((run) -> assertThat(run).contains(HOSTILE));
		assertThat(card.get("actions").get(0).get("type").asString()).isEqualTo("Action.OpenUrl");
		assertThat(card.get("actions").get(0).get("url").asString())
			.isEqualTo("https://runboard.example.com/commands/5eed0000-0000-0000-0000-000000000001");
	}

	@Test
	void pagerDutyGetsAnEventsV2TriggerKeyedByTheCommand() {
		NotificationRule rule = rule("pagerduty", null);
		JsonNode event = send(rule, hostile(), false);
		assertThat(event.get("routing_key").asString()).isEqualTo("R0UTINGKEY0123456789ABCDEFGHIJKL");
		assertThat(event.get("event_action").asString()).isEqualTo("trigger");
		assertThat(event.get("dedup_key").asString()).isEqualTo("5eed0000-0000-0000-0000-000000000001");
		JsonNode payload = event.get("payload");
		assertThat(payload.get("summary").asString()).isNotBlank().hasSizeLessThanOrEqualTo(1024);
		assertThat(payload.get("source").asString()).isEqualTo("eu-west-1");
		assertThat(payload.get("severity").asString()).isEqualTo("error");
		assertThat(payload.get("custom_details").get("deliveryId").asString()).isEqualTo(DELIVERY.toString());
		JsonNode resolve = JSON.readTree(Payloads
			.of(rule, hostile(), DELIVERY, MessageKind.RESOLVE, "5eed0000-0000-0000-0000-000000000009", false)
			.body());
		assertThat(resolve.get("event_action").asString()).isEqualTo("resolve");
		assertThat(resolve.get("dedup_key").asString()).isEqualTo("5eed0000-0000-0000-0000-000000000009");
		assertThat(resolve.get("routing_key").asString()).isEqualTo("R0UTINGKEY0123456789ABCDEFGHIJKL");
	}

	@Test
	void theWebhookBodyIsSignedWithTheKeyAndCarriesTheDeliveryId() throws Exception {
		NotificationRule rule = rule("webhook", "https://hooks.example.com/runboard");
		Payloads.Request request = Payloads.of(rule, hostile(), DELIVERY, MessageKind.COMMAND,
				"5eed0000-0000-0000-0000-000000000001", true);
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		assertThat(request.headers()).containsEntry("X-Runboard-Signature",
				"sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body())));
		JsonNode body = JSON.readTree(request.body());
		assertThat(body.get("deliveryId").asString()).isEqualTo(DELIVERY.toString());
		assertThat(body.get("rule").asString()).isEqualTo("ops");
		assertThat(body.get("resent").asBoolean()).isTrue();
		JsonNode command = body.get("command");
		assertThat(command.get("id").asString()).isEqualTo("5eed0000-0000-0000-0000-000000000001");
		assertThat(command.get("document").asString()).isEqualTo("AWS-RunPatchBaseline");
		assertThat(command.get("source").asString()).isEqualTo("eu-west-1");
		assertThat(command.get("status").asString()).isEqualTo("Failed");
		assertThat(command.get("counts").get("Failed").asInt()).isEqualTo(3);
		assertThat(command.get("url").asString()).startsWith("https://runboard.example.com/commands/");
		assertThat(body.get("failureGroups").get(0).get("count").asInt()).isEqualTo(3);
		assertThat(body.get("failureGroups").get(0).get("signature").asString()).isEqualTo("exit 1 · " + HOSTILE);
	}

	private static JsonNode send(NotificationRule rule, Notice notice, boolean resent) {
		return JSON.readTree(
				Payloads.of(rule, notice, DELIVERY, MessageKind.COMMAND, "5eed0000-0000-0000-0000-000000000001", resent)
					.body());
	}

	private static Notice hostile() {
		Map<String, Integer> counts = new LinkedHashMap<>();
		counts.put("Failed", 3);
		counts.put("Success", 1);
		return new Notice("5eed0000-0000-0000-0000-000000000001", "AWS-RunPatchBaseline", HOSTILE, null, "eu-west-1",
				"Failed", 4, counts, 3, List.of(new Notice.Group(3, "exit 1", HOSTILE)),
				"https://runboard.example.com/commands/5eed0000-0000-0000-0000-000000000001");
	}

	static NotificationRule rule(String type, String url) {
		return NotificationRules.of(new NotificationProperties(List.of(new Rule("ops", List.of(), "failed", null, true,
				new Target(type, url, "R0UTINGKEY0123456789ABCDEFGHIJKL", KEY)))))
			.named("ops")
			.orElseThrow();
	}

	private static void collectTextObjects(JsonNode node, List<JsonNode> found) {
		if (node.isObject()) {
			if (node.has("type") && node.has("text") && node.get("text").isString()) {
				found.add(node);
			}
			node.forEach((child) -> collectTextObjects(child, found));
		}
		else if (node.isArray()) {
			node.forEach((child) -> collectTextObjects(child, found));
		}
	}

}
