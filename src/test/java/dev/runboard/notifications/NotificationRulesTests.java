package dev.runboard.notifications;

import java.util.List;

import dev.runboard.aws.CommandView;
import dev.runboard.notifications.NotificationProperties.Rule;
import dev.runboard.notifications.NotificationProperties.Target;
import dev.runboard.notifications.NotificationRules.InvalidRuleException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rules are checked when Runboard starts: a rule it cannot follow is refused with a
 * sentence naming the rule and the field, which never repeats a secret.
 */
class NotificationRulesTests {

	private static final String SLACK_URL = "https://hooks.slack.com/services/T000/B000/SlackSecretToken0001";

	private static final String HMAC_KEY = "webhook-hmac-key-0123456789";

	@Test
	void aRuleOfEachTargetIsAccepted() {
		NotificationRules rules = NotificationRules.of(new NotificationProperties(List.of(
				rule("ops", List.of("AWS-RunPatchBaseline"), "failed", new Target("slack", SLACK_URL, null, null)),
				rule("teams", List.of(), "completed",
						new Target("Teams", "https://prod.westeurope.logic.azure.com/workflows/1/triggers", null,
								null)),
				rule("pager", List.of(), "failed",
						new Target("pagerduty", null, "R0UTINGKEY0123456789ABCDEFGHIJKL", null)),
				rule("hook", List.of("Patch-*"), "failed",
						new Target("webhook", "http://localhost:9000/hook", null, HMAC_KEY)))));
		assertThat(rules.all()).extracting(NotificationRule::type)
			.containsExactly(TargetType.SLACK, TargetType.TEAMS, TargetType.PAGERDUTY, TargetType.WEBHOOK);
		assertThat(rules.named("pager").orElseThrow().url()).isEqualTo(NotificationRules.PAGERDUTY_EVENTS);
	}

	@Test
	void anUnknownTargetTypeIsRefusedNamingTheRuleAndTheField() {
		assertThatThrownBy(() -> NotificationRules.of(new NotificationProperties(
				List.of(rule("ops", List.of(), "failed", new Target("email", SLACK_URL, null, null))))))
			.isInstanceOf(InvalidRuleException.class)
			.hasMessageStartingWith("runboard.notifications.rules[0] (ops).target.type must be one of slack, teams");
	}

	@Test
	void aUrlRunboardCannotUseIsRefusedWithoutRepeatingIt() {
		String plainHttp = "http://hooks.example.com/services/T000/B000/SecretInPlainHttp";
		assertThatThrownBy(() -> NotificationRules.of(new NotificationProperties(
				List.of(rule("ops", List.of(), "failed", new Target("slack", plainHttp, null, null))))))
			.hasMessageContaining("rules[0] (ops).target.url must be an absolute https URL")
			.hasMessageNotContaining("SecretInPlainHttp")
			.hasMessageNotContaining("hooks.example.com");
		assertThatThrownBy(() -> NotificationRules.of(new NotificationProperties(
				List.of(rule("ops", List.of(), "failed", new Target("slack", "not a url Secret%%", null, null))))))
			.hasMessageContaining("target.url")
			.hasMessageNotContaining("Secret");
	}

	@Test
	void eachTargetsSecretIsRequired() {
		assertThatThrownBy(() -> NotificationRules.of(new NotificationProperties(
				List.of(rule("pager", List.of(), "failed", new Target("pagerduty", null, " ", null))))))
			.hasMessageContaining("rules[0] (pager).target.routing-key is required");
		assertThatThrownBy(() -> NotificationRules.of(new NotificationProperties(List
			.of(rule("hook", List.of(), "failed", new Target("webhook", "https://example.com/hook", null, "short"))))))
			.hasMessageContaining("rules[0] (hook).target.secret is required")
			.hasMessageNotContaining("short");
	}

	@Test
	void whenNameAndDocumentsAreChecked() {
		Target slack = new Target("slack", SLACK_URL, null, null);
		assertThatThrownBy(() -> NotificationRules
			.of(new NotificationProperties(List.of(rule("ops", List.of(), "sometimes", slack)))))
			.hasMessageContaining("rules[0] (ops).when is required: failed");
		assertThat(NotificationRules.of(new NotificationProperties(List.of(rule("ops", List.of(), "watched", slack))))
			.named("ops")
			.orElseThrow()
			.when()).isEqualTo(NotificationRule.When.WATCHED);
		assertThatThrownBy(() -> NotificationRules.of(new NotificationProperties(List.of(rule("pager", List.of(),
				"watched", new Target("pagerduty", null, "R0UTINGKEY0123456789ABCDEFGHIJKL", null))))))
			.hasMessageContaining("rules[0] (pager).when watched is not available for pagerduty");
		assertThatThrownBy(
				() -> NotificationRules.of(new NotificationProperties(List.of(rule(null, List.of(), "failed", slack)))))
			.hasMessageStartingWith("runboard.notifications.rules[0].name is required");
		assertThatThrownBy(() -> NotificationRules
			.of(new NotificationProperties(List.of(rule("ops", List.of("AWS RunShell<>"), "failed", slack)))))
			.hasMessageContaining("rules[0] (ops).documents[0] must be a document name pattern");
		assertThatThrownBy(() -> NotificationRules.of(new NotificationProperties(
				List.of(rule("ops", List.of(), "failed", slack), rule("OPS", List.of(), "failed", slack)))))
			.hasMessageContaining("rules[1] (OPS).name another rule has the same name");
	}

	@Test
	void theTargetsToStringHidesItsSecrets() {
		assertThat(new Target("webhook", SLACK_URL, "PagerDutyRoutingKeyValue", HMAC_KEY).toString())
			.doesNotContain("SlackSecretToken")
			.doesNotContain(HMAC_KEY)
			.doesNotContain("PagerDutyRoutingKeyValue");
	}

	@Test
	void aRuleMatchesByDocumentPatternNodesAndFailure() {
		NotificationRule rule = NotificationRules
			.of(new NotificationProperties(List.of(new Rule("ops", List.of("Patch-*", "AWS-RunPatchBaseline"), "failed",
					10, null, new Target("slack", SLACK_URL, null, null)))))
			.named("ops")
			.orElseThrow();
		assertThat(rule.matches(command("Patch-Linux", 12), 1)).isTrue();
		assertThat(rule.matches(command("AWS-RunPatchBaseline", 10), 3)).isTrue();
		assertThat(rule.matches(command("Patch-Linux", 9), 1)).as("fewer nodes than min-nodes").isFalse();
		assertThat(rule.matches(command("AWS-RunShellScript", 12), 1)).as("another document").isFalse();
		assertThat(rule.matches(command("Patch-Linux", 12), 0)).as("nothing failed").isFalse();
		assertThat(rule.includeOutput()).isFalse();
	}

	@Test
	void aWatchedRuleTellsOfNothingUnaskedAndCoversItsDocumentsAndSize() {
		NotificationRule rule = NotificationRules
			.of(new NotificationProperties(List.of(new Rule("tell-me", List.of("Patch-*"), "watched", 10, null,
					new Target("slack", SLACK_URL, null, null)))))
			.named("tell-me")
			.orElseThrow();
		assertThat(rule.matches(command("Patch-Linux", 12), 3)).as("only when a user asks").isFalse();
		assertThat(rule.covers(command("Patch-Linux", 12))).isTrue();
		assertThat(rule.covers(command("Patch-Linux", 9))).isFalse();
		assertThat(rule.covers(command("AWS-RunShellScript", 12))).isFalse();
	}

	private static CommandView command(String document, int nodes) {
		return new CommandView("5eed0000-0000-0000-0000-000000000001", document, "1", null, null, "Failed", "Failed",
				nodes, nodes, 1, 0);
	}

	private static Rule rule(String name, List<String> documents, String when, Target target) {
		return new Rule(name, documents, when, null, null, target);
	}

}
