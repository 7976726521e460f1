package dev.runboard.notifications;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.runboard.history.HistoryApps;
import dev.runboard.history.StoreSchema;
import dev.runboard.history.TestFleet;
import dev.runboard.testing.SignedInClient;
import dev.runboard.testing.TestInvocations;
import dev.runboard.testing.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Notifications as a deployment runs them: Runboard started against the local SSM
 * endpoint and a real PostgreSQL, its recorder seeing commands turn final, and local
 * receivers standing in for Slack, Teams, PagerDuty and a webhook, recording what they
 * are sent. Each test starts Runboard on a database of its own, and reads its log.
 */
@ExtendWith(OutputCaptureExtension.class)
class NotificationsTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	/** Long enough for several polls of the recorder and ticks of the sender. */
	private static final Duration FURTHER_POLLS = Duration.ofSeconds(4);

	private static final String SLACK_TOKEN = "SlackSecretToken0123456789";

	private static final String TEAMS_SIGNATURE = "TeamsSecretSig0123456789";

	private static final String ROUTING_KEY = "PagerDutyRoutingKey0123456789AB";

	private static final String HMAC_KEY = "WebhookHmacSecret0123456789";

	private static final String HOSTILE = "*bold* <!channel> @channel <!here> <script>alert('x')</script>";

	private final TestFleet fleet = new TestFleet();

	private final String database = TestPostgres.freshDatabase();

	private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

	private final Receiver receiver = Receiver.started();

	@AfterEach
	void stop() {
		this.apps.forEach(ConfigurableApplicationContext::close);
		this.fleet.ssm.close();
		this.receiver.close();
	}

	@Test
	void aCommandThatFailsSendsOneMessagePerMatchingRule() {
		ConfigurableApplicationContext app = start(everyTarget(this.receiver));
		String id = id(1);
		List<CommandInvocation> running = nodes(id, "InProgress", "working", 4);
		this.fleet.holds(running);
		awaitRecorded(app, id, 4);
		this.fleet.holds(List.of(
				failed(running.get(0), "E: Could not get lock /var/lib/dpkg/lock-frontend, held by process 4242"),
				failed(running.get(1), "E: Could not get lock /var/lib/dpkg/lock-frontend, held by process 977"),
				failed(running.get(2), "disk full\n" + HOSTILE), succeeded(running.get(3))));

		await().atMost(PATIENCE).until(() -> this.receiver.received().size() >= 4);
		await().pollDelay(FURTHER_POLLS).until(() -> true);
		assertThat(this.receiver.received("/slack/T000/B000/" + SLACK_TOKEN)).hasSize(1);
		assertThat(this.receiver.received("/teams/" + TEAMS_SIGNATURE)).hasSize(1);
		assertThat(this.receiver.received("/pagerduty")).hasSize(1);
		assertThat(this.receiver.received("/hook")).hasSize(1);

		String link = "https://runboard.example.com/commands/" + id;
		JsonNode slack = this.receiver.received("/slack/T000/B000/" + SLACK_TOKEN).get(0).json();
		assertThat(slack.get("text").asString()).isEqualTo("Runboard: failed on 3 of 4 nodes");
		assertThat(slack.toString()).contains(link)
			.contains("AWS-RunShellScript")
			.contains("Failed: 3")
			.contains("3 × exit 1")
			.as("no output without include-output")
			.doesNotContain("Could not get lock")
			.doesNotContain("<!channel>");

		JsonNode card = this.receiver.received("/teams/" + TEAMS_SIGNATURE)
			.get(0)
			.json()
			.get("attachments")
			.get(0)
			.get("content");
		assertThat(card.get("type").asString()).isEqualTo("AdaptiveCard");
		assertThat(card.get("actions").get(0).get("url").asString()).isEqualTo(link);
		List<String> runs = new ArrayList<>();
		card.get("body").forEach((block) -> {
			assertThat(block.get("type").asString()).as("text from outside only in text runs")
				.isEqualTo("RichTextBlock");
			block.get("inlines").forEach((run) -> runs.add(run.get("text").asString()));
		});
		assertThat(runs).as("the rule may show output")
			.anySatisfy((run) -> assertThat(run).contains(HOSTILE))
			.anySatisfy((run) -> assertThat(run).contains("Could not get lock"));

		JsonNode pagerDuty = this.receiver.received("/pagerduty").get(0).json();
		assertThat(pagerDuty.get("routing_key").asString()).isEqualTo(ROUTING_KEY);
		assertThat(pagerDuty.get("event_action").asString()).isEqualTo("trigger");
		assertThat(pagerDuty.get("dedup_key").asString()).isEqualTo(id);

		Receiver.Request hook = this.receiver.received("/hook").get(0);
		assertThat(hook.header("X-Runboard-Signature")).isEqualTo("sha256=" + hmac(hook.body(), HMAC_KEY));
		JsonNode body = hook.json();
		assertThat(UUID.fromString(body.get("deliveryId").asString())).isNotNull();
		assertThat(body.get("rule").asString()).isEqualTo("ops-webhook");
		assertThat(body.get("command").get("id").asString()).isEqualTo(id);
		assertThat(body.get("command").get("url").asString()).isEqualTo(link);
		assertThat(body.get("command").get("counts").get("Failed").asInt()).isEqualTo(3);
		assertThat(body.get("command").get("counts").get("Success").asInt()).isEqualTo(1);
		assertThat(body.get("failureGroups").get(0).get("count").asInt()).isEqualTo(2);
		assertThat(body.get("failureGroups").get(0).get("signature").asString())
			.isEqualTo("exit 1 · E: Could not get lock /var/lib/dpkg/lock-frontend, held by process <n>");
		assertThat(body.get("failureGroups").get(1).get("signature").asString()).isEqualTo("exit 1 · " + HOSTILE);
	}

	@Test
	void whatTheBackfillFindsSendsNothingAndWhatFailsAfterIsSent() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		List<CommandInvocation> past = new ArrayList<>();
		past.addAll(TestFleet.command(id(2), now.minus(Duration.ofMinutes(2)), 3, "Failed"));
		past.addAll(TestFleet.command(id(1), now.minus(Duration.ofDays(2)), 3, "Failed"));
		this.fleet.holds(past);
		ConfigurableApplicationContext app = start(webhook(this.receiver.url("/hook")));
		await().atMost(PATIENCE)
			.until(() -> jdbc(app).sql("SELECT count(*) FROM command WHERE settled").query(Integer.class).single() == 2
					&& jdbc(app).sql("SELECT count(*) FROM recorder WHERE backfill_next IS NULL")
						.query(Integer.class)
						.single() == 1);
		await().pollDelay(FURTHER_POLLS).until(() -> true);
		assertThat(this.receiver.received()).isEmpty();
		assertThat(outbox(app)).isZero();

		List<CommandInvocation> running = nodes(id(3), "InProgress", "working", 2);
		List<CommandInvocation> held = new ArrayList<>(running);
		held.addAll(past);
		this.fleet.holds(held);
		awaitRecorded(app, id(3), 2);
		held.removeAll(running);
		held.addAll(0, List.of(failed(running.get(0), "boom"), failed(running.get(1), "boom")));
		this.fleet.holds(held);
		await().atMost(PATIENCE).until(() -> !this.receiver.received().isEmpty());
		await().pollDelay(FURTHER_POLLS).until(() -> true);
		assertThat(this.receiver.received()).singleElement()
			.satisfies((request) -> assertThat(request.json().get("command").get("id").asString()).isEqualTo(id(3)));
	}

	@Test
	void aTargetAnswering429Or500IsTriedAgainAndTheLogSaysSoWithoutSecrets(CapturedOutput output) {
		this.receiver.answer(429, Map.of("Retry-After", "1"), "rate limited");
		// A target that echoes what it was sent must not bring the secret into the log.
		this.receiver.answer(500, Map.of(), "internal error for /hook/" + HMAC_KEY + " " + SLACK_TOKEN);
		ConfigurableApplicationContext app = start(webhook(this.receiver.url("/hook/" + SLACK_TOKEN)));
		failOneCommand(app, id(1));

		await().atMost(PATIENCE).until(() -> this.receiver.received().size() >= 3);
		await().pollDelay(FURTHER_POLLS).until(() -> true);
		List<Receiver.Request> attempts = this.receiver.received();
		assertThat(attempts).hasSize(3);
		assertThat(attempts).extracting((request) -> request.json().get("deliveryId").asString())
			.containsOnly(attempts.get(0).json().get("deliveryId").asString());
		assertThat(attempts).allSatisfy((request) -> assertThat(request.header("X-Runboard-Signature"))
			.isEqualTo("sha256=" + hmac(request.body(), HMAC_KEY)));
		assertThat(deliveryState(app)).isEqualTo(List.of("sent", "3"));
		assertThat(output.getOut()).contains("not delivered on attempt 1 (HTTP 429")
			.contains("not delivered on attempt 2 (HTTP 500")
			.contains("sent on attempt 3");
		assertThat(output.getAll()).doesNotContain(SLACK_TOKEN).doesNotContain(HMAC_KEY);
		assertThat(app.getBean(MeterRegistry.class).getMeters()).as("every meter's tags")
			.flatExtracting((meter) -> meter.getId().getTags())
			.extracting(Tag::getValue)
			.contains("ops-webhook", "retry", "sent")
			.noneMatch((value) -> value.contains(SLACK_TOKEN) || value.contains(HMAC_KEY)
					|| value.contains(this.receiver.url("")));
		assertThat(jdbc(app).sql("SELECT string_agg(coalesce(outcome, ''), ' ') FROM notification_outbox")
			.query(String.class)
			.single()).doesNotContain(SLACK_TOKEN).doesNotContain(HMAC_KEY);
	}

	@Test
	void aMessageWrittenBeforeACrashIsSentOnceAfterTheRestart(CapturedOutput output) {
		Receiver later = Receiver.notYetListening();
		try (later) {
			String[] rules = webhook(later.url("/hook"));
			ConfigurableApplicationContext first = start(rules);
			failOneCommand(first, id(1));
			await().atMost(PATIENCE)
				.until(() -> jdbc(first).sql("SELECT count(*) FROM notification_outbox WHERE outcome LIKE ?")
					.param("connection refused%")
					.query(Integer.class)
					.single() == 1);
			first.close();
			assertThat(output.getOut()).contains("not delivered on attempt 1 (connection refused)");

			later.listen();
			ConfigurableApplicationContext second = start(rules);
			await().atMost(PATIENCE).until(() -> !later.received().isEmpty());
			await().pollDelay(FURTHER_POLLS).until(() -> true);
			assertThat(later.received()).singleElement().satisfies((request) -> {
				assertThat(request.json().get("command").get("id").asString()).isEqualTo(id(1));
				assertThat(request.json().get("resent").asBoolean()).as("refused before: it never arrived").isFalse();
			});
			assertThat(deliveryState(second).get(0)).isEqualTo("sent");
			assertThat(output.getAll()).doesNotContain(HMAC_KEY);
		}
	}

	@Test
	void aMessageInFlightWhenRunboardStopsIsSentAgainSayingItIsAResend() {
		String[] rules = webhook(this.receiver.url("/hook"));
		ConfigurableApplicationContext first = start(rules);
		this.receiver.hold();
		failOneCommand(first, id(1));
		await().atMost(PATIENCE).until(() -> this.receiver.received().size() == 1);
		first.close();
		this.receiver.release();

		start(rules);
		await().atMost(PATIENCE).until(() -> this.receiver.received().size() >= 2);
		await().pollDelay(FURTHER_POLLS).until(() -> true);
		List<Receiver.Request> received = this.receiver.received();
		assertThat(received).hasSize(2);
		assertThat(received.get(0).json().get("resent").asBoolean()).isFalse();
		assertThat(received.get(1).json().get("resent").asBoolean()).isTrue();
		assertThat(received.get(1).json().get("deliveryId").asString())
			.isEqualTo(received.get(0).json().get("deliveryId").asString());
		assertThat(received.get(1).header("X-Runboard-Signature"))
			.isEqualTo("sha256=" + hmac(received.get(1).body(), HMAC_KEY));
	}

	@Test
	void messagesToOneTargetAreAtLeastASecondApart() {
		ConfigurableApplicationContext app = start(webhook(this.receiver.url("/hook")));
		List<CommandInvocation> running = new ArrayList<>();
		for (int command = 1; command <= 3; command++) {
			running.addAll(nodes(id(command), "InProgress", "working", 1));
		}
		this.fleet.holds(running);
		for (int command = 1; command <= 3; command++) {
			awaitRecorded(app, id(command), 1);
		}
		// All three fail in one poll: their messages are due at once.
		this.fleet.holds(running.stream().map((invocation) -> failed(invocation, "boom")).toList());
		await().atMost(PATIENCE).until(() -> this.receiver.received().size() == 3);
		List<Long> arrivals = this.receiver.received().stream().map(Receiver.Request::receivedAt).sorted().toList();
		for (int i = 1; i < arrivals.size(); i++) {
			assertThat(Duration.ofNanos(arrivals.get(i) - arrivals.get(i - 1)))
				.as("the wait before message " + (i + 1) + ", Slack's one a second per webhook")
				.isGreaterThanOrEqualTo(NotificationSender.PACE.minusMillis(50));
		}
	}

	@Test
	void aSenderThatLostItsLeaseMidBatchSendsNoMoreOfIt() {
		ConfigurableApplicationContext app = start(webhook(this.receiver.url("/hook")));
		failOneCommand(app, id(1));
		await().atMost(PATIENCE).until(() -> this.receiver.received().size() == 1);
		JdbcClient jdbc = jdbc(app);
		// Three more messages, due at once: the sender claims them in one batch.
		this.receiver.hold();
		jdbc.sql("""
				INSERT INTO notification_outbox (delivery_id, rule, target_type, kind, command_id, dedup_key, message)
				SELECT gen_random_uuid(), rule, target_type, kind, command_id || '-' || n, dedup_key, message
				FROM notification_outbox, generate_series(1, 3) AS n""").update();
		await().atMost(PATIENCE).until(() -> this.receiver.received().size() == 2);
		assertThat(jdbc.sql("SELECT count(*) FROM notification_outbox WHERE claimed_by IS NOT NULL")
			.query(Integer.class)
			.single()).as("claimed together").isEqualTo(3);
		// While its first attempt waits for an answer, another replica takes the sending
		// over.
		jdbc.sql("UPDATE lease SET holder = 'another replica', expires_at = now() + interval '1 hour' "
				+ "WHERE name = 'notifications sender'")
			.update();
		this.receiver.release();
		await().pollDelay(FURTHER_POLLS).until(() -> true);
		assertThat(this.receiver.received()).as("the first message, and the batch's attempt under way").hasSize(2);
	}

	@Test
	void twoReplicasSendOneMessage() {
		String[] rules = webhook(this.receiver.url("/hook"));
		ConfigurableApplicationContext one = start(rules);
		start(rules);
		failOneCommand(one, id(1));
		await().atMost(PATIENCE).until(() -> !this.receiver.received().isEmpty());
		await().pollDelay(FURTHER_POLLS).until(() -> true);
		assertThat(this.receiver.received()).hasSize(1);
	}

	@Test
	void aRerunThatSucceedsEverywhereResolvesThePagerDutyAlert() {
		ConfigurableApplicationContext app = start(pagerDuty(this.receiver.url("/pagerduty")));
		failOneCommand(app, id(1));
		await().atMost(PATIENCE).until(() -> this.receiver.received().size() == 1);

		List<CommandInvocation> rerun = nodes(id(2), "InProgress", "working", 2).stream()
			.map((invocation) -> invocation.toBuilder().comment("Rerun of " + id(1) + " by operator").build())
			.toList();
		this.fleet.holds(rerun);
		awaitRecorded(app, id(2), 2);
		this.fleet.holds(rerun.stream().map(NotificationsTests::succeeded).toList());
		await().atMost(PATIENCE).until(() -> this.receiver.received().size() >= 2);
		await().pollDelay(FURTHER_POLLS).until(() -> true);
		assertThat(this.receiver.received()).hasSize(2);
		JsonNode trigger = this.receiver.received().get(0).json();
		JsonNode resolve = this.receiver.received().get(1).json();
		assertThat(trigger.get("event_action").asString()).isEqualTo("trigger");
		assertThat(trigger.get("dedup_key").asString()).isEqualTo(id(1));
		assertThat(resolve.get("event_action").asString()).isEqualTo("resolve");
		assertThat(resolve.get("dedup_key").asString()).isEqualTo(id(1));
		assertThat(resolve.get("routing_key").asString()).isEqualTo(ROUTING_KEY);
	}

	@Test
	void aBadRuleStopsTheStartNamingTheRuleAndFieldButNotTheSecret(CapturedOutput output) {
		assertThatThrownBy(() -> start("runboard.public-url=https://runboard.example.com",
				"runboard.notifications.rules[0].name=ops", "runboard.notifications.rules[0].when=failed",
				"runboard.notifications.rules[0].target.type=slack",
				"runboard.notifications.rules[0].target.url=http://hooks.example.com/services/T000/B000/"
						+ SLACK_TOKEN))
			.rootCause()
			.hasMessageContaining("runboard.notifications.rules[0] (ops).target.url must be an absolute https URL")
			.hasMessageNotContaining(SLACK_TOKEN);
		assertThat(output.getAll()).contains("rules[0] (ops).target.url").doesNotContain(SLACK_TOKEN);
	}

	@Test
	void operatorsSeeTheDeliveriesAndSendATestMessage(CapturedOutput output) {
		ConfigurableApplicationContext app = start(webhook(this.receiver.url("/hook")));
		failOneCommand(app, id(1));
		await().atMost(PATIENCE)
			.until(() -> jdbc(app).sql("SELECT count(*) FROM notification_outbox WHERE sent_at IS NOT NULL")
				.query(Integer.class)
				.single() == 1);

		URI base = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));

		SignedInClient reader = SignedInClient.signIn(base, "ops", "ops");
		assertThat(reader.get("/notifications").statusCode()).isEqualTo(403);
		assertThat(reader.post("/notifications/test", reader.get("/invocations").body(), "rule", "ops-webhook")
			.statusCode()).isEqualTo(403);

		SignedInClient operator = SignedInClient.signIn(base, "operator", "operator");
		HttpResponse<String> page = operator.get("/notifications");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("data-rule=\"ops-webhook\"")
			.contains("data-delivery")
			.contains("data-command-id=\"" + id(1) + "\"")
			.contains("data-outcome=\"sent\"")
			.contains("form method=\"post\"")
			.doesNotContain(HMAC_KEY)
			.doesNotContain(this.receiver.url("/hook"));

		assertThat(operator.post("/notifications/test", null, "rule", "ops-webhook").statusCode())
			.as("without its CSRF token")
			.isEqualTo(403);
		assertThat(operator.post("/notifications/test", page.body(), "rule", "nobody").statusCode()).isEqualTo(400);
		HttpResponse<String> tested = operator.post("/notifications/test", page.body(), "rule", "ops-webhook");
		assertThat(tested.statusCode()).isEqualTo(303);
		assertThat(tested.headers().firstValue("Location").orElseThrow()).endsWith("/notifications?tested=ops-webhook");
		await().atMost(PATIENCE).until(() -> this.receiver.received().size() == 2);
		JsonNode test = this.receiver.received().get(1).json();
		assertThat(test.get("kind").asString()).isEqualTo("test");
		assertThat(test.get("command").get("id").asString()).as("what the rule would have sent about the newest")
			.isEqualTo(id(1));
		assertThat(this.receiver.received().get(1).header("X-Runboard-Signature"))
			.isEqualTo("sha256=" + hmac(this.receiver.received().get(1).body(), HMAC_KEY));
		assertThat(output.getOut()).contains("notification-test user=operator rule=\"ops-webhook\" target=webhook");
	}

	@Test
	void aCommandAUserWatchesSendsOneMessageWhenItFinishesAndNothingElse(CapturedOutput output) {
		ConfigurableApplicationContext app = start("runboard.public-url=https://runboard.example.com",
				"runboard.notifications.rules[0].name=tell-me", "runboard.notifications.rules[0].when=watched",
				"runboard.notifications.rules[0].target.type=webhook",
				"runboard.notifications.rules[0].target.url=" + this.receiver.url("/watch"),
				"runboard.notifications.rules[0].target.secret=" + HMAC_KEY);
		List<CommandInvocation> watched = nodes(id(1), "InProgress", "working", 2);
		List<CommandInvocation> unwatched = nodes(id(2), "InProgress", "working", 2);
		List<CommandInvocation> running = new ArrayList<>(watched);
		running.addAll(unwatched);
		this.fleet.holds(running);
		awaitRecorded(app, id(1), 2);
		awaitRecorded(app, id(2), 2);

		URI base = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
		SignedInClient reader = SignedInClient.signIn(base, "ops", "ops");
		HttpResponse<String> page = reader.get("/commands/" + id(1));
		assertThat(page.body()).contains("data-watch")
			.contains("action=\"/commands/" + id(1) + "/watch")
			.contains("Tell tell-me (webhook) when it finishes")
			.doesNotContain(HMAC_KEY)
			.doesNotContain(this.receiver.url("/watch"));
		assertThat(reader.post("/commands/" + id(1) + "/watch", null, "rule", "tell-me").statusCode())
			.as("without its CSRF token")
			.isEqualTo(403);
		assertThat(reader.post("/commands/" + id(1) + "/watch", page.body(), "rule", "nobody").statusCode())
			.isEqualTo(400);
		HttpResponse<String> asked = reader.post("/commands/" + id(1) + "/watch", page.body(), "rule", "tell-me");
		assertThat(asked.statusCode()).isEqualTo(303);
		assertThat(asked.headers().firstValue("Location").orElseThrow()).contains("/commands/" + id(1));
		SignedInClient operator = SignedInClient.signIn(base, "operator", "operator");
		HttpResponse<String> again = operator.post("/commands/" + id(1) + "/watch",
				operator.get("/commands/" + id(1)).body(), "rule", "tell-me");
		assertThat(again.statusCode()).as("asked again by someone else: nothing changes").isEqualTo(303);
		assertThat(reader.get("/commands/" + id(1)).body()).contains("data-watched")
			.contains("tell-me (webhook) will be told when it finishes: ops asked.")
			.doesNotContain("Tell tell-me (webhook) when it finishes");

		List<CommandInvocation> finished = new ArrayList<>();
		finished.add(succeeded(watched.get(0)));
		finished.add(failed(watched.get(1), "boom"));
		unwatched.forEach((invocation) -> finished.add(succeeded(invocation)));
		this.fleet.holds(finished);
		await().atMost(PATIENCE).until(() -> !this.receiver.received().isEmpty());
		await().pollDelay(FURTHER_POLLS)
			.until(() -> jdbc(app).sql("SELECT count(*) FROM command WHERE settled AND command_id IN (?, ?)")
				.params(id(1), id(2))
				.query(Integer.class)
				.single() == 2);
		await().pollDelay(FURTHER_POLLS).until(() -> true);
		assertThat(this.receiver.received()).singleElement().satisfies((request) -> {
			assertThat(request.header("X-Runboard-Signature")).isEqualTo("sha256=" + hmac(request.body(), HMAC_KEY));
			assertThat(request.json().get("rule").asString()).isEqualTo("tell-me");
			assertThat(request.json().get("command").get("id").asString()).isEqualTo(id(1));
			assertThat(request.json().get("command").get("counts").get("Success").asInt()).isEqualTo(1);
		});

		HttpResponse<String> late = reader.post("/commands/" + id(2) + "/watch", reader.get("/invocations").body(),
				"rule", "tell-me");
		assertThat(late.statusCode()).as("a command that has finished").isEqualTo(409);
		assertThat(reader.get("/commands/" + id(2)).body()).doesNotContain("data-watch");
		assertThat(output.getOut())
			.contains("notification-watch user=ops rule=\"tell-me\" target=webhook command=" + id(1)
					+ " outcome=watching")
			.contains("notification-watch user=operator rule=\"tell-me\" target=webhook command=" + id(1)
					+ " outcome=already-watched");
	}

	private ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add("runboard.security.users[1].name=operator");
		all.add("runboard.security.users[1].password={noop}operator");
		all.add("runboard.security.users[1].roles=USER,OPERATOR");
		ConfigurableApplicationContext app = HistoryApps.start(this.fleet.ssm, this.database,
				all.toArray(String[]::new));
		synchronized (this.apps) {
			this.apps.add(app);
		}
		await().atMost(PATIENCE).until(() -> app.getBean(StoreSchema.class).ready());
		return app;
	}

	/** A command on two nodes, recorded running, then failed on both. */
	private void failOneCommand(ConfigurableApplicationContext app, String id) {
		List<CommandInvocation> running = nodes(id, "InProgress", "working", 2);
		this.fleet.holds(running);
		awaitRecorded(app, id, 2);
		this.fleet.holds(running.stream().map((invocation) -> failed(invocation, "boom")).toList());
	}

	private static void awaitRecorded(ConfigurableApplicationContext app, String id, int invocations) {
		await().atMost(PATIENCE)
			.until(() -> jdbc(app).sql("SELECT count(*) FROM invocation WHERE command_id = ?")
				.param(id)
				.query(Integer.class)
				.single() == invocations);
	}

	private static List<CommandInvocation> nodes(String id, String status, String output, int count) {
		Instant requested = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
		List<CommandInvocation> invocations = new ArrayList<>();
		for (int node = 0; node < count; node++) {
			invocations.add(TestInvocations.invocation(id, String.format("i-%017x", node), "AWS-RunShellScript",
					requested, status, output));
		}
		return invocations;
	}

	private static CommandInvocation failed(CommandInvocation invocation, String output) {
		return invocation.toBuilder()
			.status("Failed")
			.statusDetails("Failed")
			.commandPlugins(invocation.commandPlugins()
				.get(0)
				.toBuilder()
				.status("Failed")
				.statusDetails("Failed")
				.responseCode(1)
				.output(output)
				.build())
			.build();
	}

	private static CommandInvocation succeeded(CommandInvocation invocation) {
		return invocation.toBuilder()
			.status("Success")
			.statusDetails("Success")
			.commandPlugins(invocation.commandPlugins()
				.get(0)
				.toBuilder()
				.status("Success")
				.statusDetails("Success")
				.responseCode(0)
				.output("done")
				.build())
			.build();
	}

	private static int outbox(ConfigurableApplicationContext app) {
		return jdbc(app).sql("SELECT count(*) FROM notification_outbox").query(Integer.class).single();
	}

	/** The only delivery's state and attempts, as the delivery log shows them. */
	private static List<String> deliveryState(ConfigurableApplicationContext app) {
		return jdbc(app)
			.sql("SELECT CASE WHEN sent_at IS NOT NULL THEN 'sent' ELSE 'not sent' END, attempts::text "
					+ "FROM notification_outbox")
			.query((rs, row) -> List.of(rs.getString(1), rs.getString(2)))
			.single();
	}

	private static JdbcClient jdbc(ConfigurableApplicationContext app) {
		return app.getBean(JdbcClient.class);
	}

	private static String[] everyTarget(Receiver receiver) {
		return new String[] { "runboard.public-url=https://runboard.example.com",
				"runboard.notifications.rules[0].name=ops-slack", "runboard.notifications.rules[0].when=failed",
				"runboard.notifications.rules[0].target.type=slack",
				"runboard.notifications.rules[0].target.url=" + receiver.url("/slack/T000/B000/" + SLACK_TOKEN),
				"runboard.notifications.rules[1].name=ops-teams", "runboard.notifications.rules[1].when=failed",
				"runboard.notifications.rules[1].include-output=true",
				"runboard.notifications.rules[1].target.type=teams",
				"runboard.notifications.rules[1].target.url=" + receiver.url("/teams/" + TEAMS_SIGNATURE),
				"runboard.notifications.rules[2].name=on-call", "runboard.notifications.rules[2].when=failed",
				"runboard.notifications.rules[2].target.type=pagerduty",
				"runboard.notifications.rules[2].target.url=" + receiver.url("/pagerduty"),
				"runboard.notifications.rules[2].target.routing-key=" + ROUTING_KEY,
				"runboard.notifications.rules[3].name=ops-webhook", "runboard.notifications.rules[3].when=failed",
				"runboard.notifications.rules[3].include-output=true",
				"runboard.notifications.rules[3].target.type=webhook",
				"runboard.notifications.rules[3].target.url=" + receiver.url("/hook"),
				"runboard.notifications.rules[3].target.secret=" + HMAC_KEY,
				// A rule no command here matches: it sends nothing.
				"runboard.notifications.rules[4].name=patching", "runboard.notifications.rules[4].when=completed",
				"runboard.notifications.rules[4].documents[0]=AWS-RunPatchBaseline",
				"runboard.notifications.rules[4].target.type=webhook",
				"runboard.notifications.rules[4].target.url=" + receiver.url("/patching"),
				"runboard.notifications.rules[4].target.secret=" + HMAC_KEY };
	}

	private static String[] webhook(String url) {
		return new String[] { "runboard.public-url=https://runboard.example.com",
				"runboard.notifications.rules[0].name=ops-webhook", "runboard.notifications.rules[0].when=failed",
				"runboard.notifications.rules[0].target.type=webhook",
				"runboard.notifications.rules[0].target.url=" + url,
				"runboard.notifications.rules[0].target.secret=" + HMAC_KEY };
	}

	private static String[] pagerDuty(String url) {
		return new String[] { "runboard.public-url=https://runboard.example.com",
				"runboard.notifications.rules[0].name=on-call", "runboard.notifications.rules[0].when=failed",
				"runboard.notifications.rules[0].target.type=pagerduty",
				"runboard.notifications.rules[0].target.url=" + url,
				"runboard.notifications.rules[0].target.routing-key=" + ROUTING_KEY };
	}

	/** The signature, computed here with the JDK from the bytes the receiver got. */
	private static String hmac(byte[] body, String key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String id(int number) {
		return new UUID(0x4e07L, number).toString();
	}

}
