package dev.runboard.history;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.runboard.testing.FakeSsmServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recorder against a real PostgreSQL, reading through the real SDK from the local SSM
 * endpoint: what it reads, how often, and what the store holds after crashes, replicas
 * and SSM forgetting. Each test starts Runboard on a database of its own.
 */
class RecorderTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final TestFleet fleet = new TestFleet();

	private final FakeSsmServer ssm = this.fleet.ssm;

	private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

	private final String database = TestStores.newDatabase();

	@AfterEach
	void stop() {
		this.apps.forEach(ConfigurableApplicationContext::close);
		this.ssm.close();
	}

	@Test
	void backfillReadsEveryInvocationOnceAndAQuietFleetCostsOneListCommandsPerPoll() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		List<CommandInvocation> held = new ArrayList<>();
		for (int c = 0; c < 30; c++) {
			held.addAll(TestFleet.command(id(c), now.minus(Duration.ofHours(7L * c + 1)), 3, "Success"));
		}
		held.addAll(TestFleet.command(id(99), now.minus(Duration.ofDays(3)), 120, "Success"));
		this.fleet.holds(newestFirst(held));
		ConfigurableApplicationContext app = start();
		awaitBackfilled(app);
		assertThat(stored(app)).containsExactlyInAnyOrderElementsOf(keys(held));
		Map<String, Long> reads = invocationReadsByCommand();
		assertThat(reads).as("ListCommandInvocations calls per command").hasSize(31);
		assertThat(reads)
			.allSatisfy((command, calls) -> assertThat(calls).as(command).isEqualTo(command.equals(id(99)) ? 3L : 1L));
		assertThat(this.ssm.calls("GetCommandInvocation")).isEmpty();
		MeterRegistry meters = app.getBean(MeterRegistry.class);
		assertThat(meters.get("runboard.history.recorded").tag("kind", "invocations").counter().count())
			.as("invocations written, each once")
			.isEqualTo(held.size());
		assertThat(meters.get("runboard.history.recorded").tag("kind", "commands").counter().count()).isEqualTo(31);
		assertThat(meters.get("runboard.history.calls").tag("region", "eu-west-1").counter().count())
			.isGreaterThanOrEqualTo(this.ssm.calls("ListCommandInvocations").size() + 1);
		assertThat(meters.get("runboard.history.lag").tag("region", "eu-west-1").gauge().value())
			.as("seconds since how far it has read")
			.isNotNaN()
			.isGreaterThanOrEqualTo(0);

		this.ssm.reset();
		await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
		assertThat(this.ssm.calls()).isNotEmpty()
			.allSatisfy((call) -> assertThat(call.operation()).isEqualTo("ListCommands"))
			.allSatisfy((call) -> assertThat(call.body().toString()).contains("InvokedAfter")
				.doesNotContain("ExecutionStage"));
	}

	@Test
	void aRecorderKilledMidPageAndStartedAgainEndsWithExactlySsmsInvocations() throws Exception {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		List<CommandInvocation> held = new ArrayList<>();
		for (int c = 0; c < 10; c++) {
			held.addAll(TestFleet.command(id(c), now.minus(Duration.ofHours(c + 1)), 3, "Failed"));
		}
		held.addAll(TestFleet.command(id(50), now.minus(Duration.ofHours(5).plusMinutes(30)), 130, "Success"));
		this.fleet.holds(newestFirst(held));
		// The second page of the large command is held: the replica is killed while it
		// waits for it, with some commands written and that one half read.
		CountDownLatch gate = this.ssm
			.hold((body) -> id(50).equals(text(body, "CommandId")) && body.get("NextToken") != null);
		ConfigurableApplicationContext first = start();
		await().atMost(PATIENCE)
			.until(() -> this.ssm.calls("ListCommandInvocations")
				.stream()
				.anyMatch((call) -> id(50).equals(text(call.body(), "CommandId"))
						&& call.body().get("NextToken") != null));
		assertThat(stored(first)).as("written before the crash").isNotEmpty().hasSizeLessThan(held.size());
		first.close();
		gate.countDown();

		ConfigurableApplicationContext second = start();
		awaitBackfilled(second);
		List<String> stored = stored(second);
		assertThat(stored).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(keys(held));
	}

	@Test
	void invocationsThatTurnFinalAreUpdated() {
		Instant requested = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
		List<CommandInvocation> running = TestFleet.command(id(1), requested, 3, "InProgress");
		this.fleet.holds(running);
		ConfigurableApplicationContext app = start();
		await().atMost(PATIENCE)
			.until(() -> statuses(app, id(1)).equals(List.of("InProgress", "InProgress", "InProgress")));
		this.fleet.holds(TestFleet.withStatus(running, "Success", "done"));
		await().atMost(PATIENCE).until(() -> statuses(app, id(1)).equals(List.of("Success", "Success", "Success")));
		await().atMost(PATIENCE)
			.until(() -> jdbc(app).sql("SELECT settled FROM command WHERE command_id = ?")
				.param(id(1))
				.query(Boolean.class)
				.single());
		assertThat(jdbc(app).sql("SELECT count(*) FROM invocation_plugin WHERE command_id = ? AND output = 'done'")
			.param(id(1))
			.query(Integer.class)
			.single()).isEqualTo(3);
	}

	@Test
	void whatSsmForgetsStaysInTheStoreWithItsOutput() {
		Instant requested = Instant.now().minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS);
		List<CommandInvocation> failed = TestFleet.command(id(7), requested, 2, "Failed");
		this.fleet.holds(failed);
		ConfigurableApplicationContext app = start();
		awaitBackfilled(app);
		this.fleet.holds(List.of());
		await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
		HistoryRepository repository = app.getBean(HistoryRepository.class);
		RecordedInvocation kept = repository.invocation(null, "eu-west-1", id(7), failed.get(0).instanceId())
			.orElseThrow();
		assertThat(kept.invocation().status()).isEqualTo("Failed");
		assertThat(kept.invocation().plugins()).singleElement()
			.satisfies((plugin) -> assertThat(plugin.output()).isEqualTo(TestFleet.plugin(failed.get(0)).output()));
		assertThat(kept.lost()).isFalse();
		assertThat(repository.command(null, "eu-west-1", id(7)).orElseThrow().settled()).isTrue();
	}

	@Test
	void aCommandSsmForgetsBeforeItIsFinalIsMarkedLostAndNoLongerRead() {
		Instant requested = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
		List<CommandInvocation> running = TestFleet.command(id(3), requested, 2, "InProgress");
		this.fleet.holds(running);
		ConfigurableApplicationContext app = start();
		await().atMost(PATIENCE).until(() -> statuses(app, id(3)).size() == 2);
		this.fleet.holds(List.of());
		HistoryRepository repository = app.getBean(HistoryRepository.class);
		await().atMost(PATIENCE).until(() -> repository.command(null, "eu-west-1", id(3)).orElseThrow().lost());
		assertThat(app.getBean(MeterRegistry.class).get("runboard.history.lost").counter().count()).isEqualTo(1);
		assertThat(repository.invocation(null, "eu-west-1", id(3), running.get(0).instanceId()).orElseThrow())
			.satisfies((invocation) -> {
				assertThat(invocation.lost()).isTrue();
				assertThat(invocation.invocation().status()).isEqualTo("InProgress");
			});
		this.ssm.reset();
		await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
		assertThat(this.ssm.calls()).as("calls after it was found lost")
			.noneMatch((call) -> call.body().toString().contains(id(3)));
	}

	@Test
	void aFailingInvocationWhoseListedOutputWasCutIsKeptWhole() {
		Instant requested = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
		String whole = "line of a long failure log\n".repeat(1200);
		String listed = whole.substring(0, 2478) + "\n---Output truncated---";
		List<CommandInvocation> failed = TestFleet.withStatus(TestFleet.command(id(4), requested, 1, "Failed"),
				"Failed", listed);
		this.fleet.holds(failed);
		this.fleet.wholeOutput(id(4), failed.get(0).instanceId(), whole, "error: disk full");
		ConfigurableApplicationContext app = start();
		awaitBackfilled(app);
		RecordedInvocation kept = app.getBean(HistoryRepository.class)
			.invocation(null, "eu-west-1", id(4), failed.get(0).instanceId())
			.orElseThrow();
		assertThat(kept.invocation().plugins()).singleElement().satisfies((plugin) -> {
			assertThat(plugin.outputTruncated()).isTrue();
			assertThat(plugin.whole().stdout()).hasSize(24_000).isEqualTo(whole.substring(0, 24_000));
			assertThat(plugin.whole().stderr()).isEqualTo("error: disk full");
			assertThat(plugin.whole().truncated()).isTrue();
		});
		assertThat(this.ssm.calls("GetCommandInvocation")).hasSize(1);
	}

	@Test
	void aLargeCommandIsFollowedWhileItRunsByItsUnfinishedInvocationsAloneThenReadWholeOnce() {
		Instant requested = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
		List<CommandInvocation> nodes = TestFleet.command(id(5), requested, 130, "InProgress");
		List<CommandInvocation> started = new ArrayList<>(nodes.subList(0, 100));
		started.addAll(TestFleet.withStatus(nodes.subList(100, 130), "Success", "done"));
		this.fleet.holds(started);
		ConfigurableApplicationContext app = start();
		await().atMost(PATIENCE).until(() -> statuses(app, id(5)).size() == 100);
		List<CommandInvocation> halfway = new ArrayList<>(nodes.subList(0, 50));
		halfway.addAll(TestFleet.withStatus(nodes.subList(50, 130), "Success", "done"));
		int readsBefore = this.ssm.calls("ListCommandInvocations").size();
		this.fleet.holds(halfway);
		// Its counts moved: read again, its nodes still running only.
		await().atMost(PATIENCE).until(() -> this.ssm.calls("ListCommandInvocations").size() > readsBefore);
		List<JsonNode> whileRunning = this.ssm.calls("ListCommandInvocations")
			.stream()
			.map(FakeSsmServer.Call::body)
			.filter((body) -> id(5).equals(text(body, "CommandId")))
			.toList();
		assertThat(whileRunning).as("reads of the command while it runs").isNotEmpty().allSatisfy((body) -> {
			assertThat(body.get("Filters")).as(body.toString()).isNotNull();
			assertThat(body.get("Filters").toString()).contains("Status");
		});

		this.ssm.reset();
		this.fleet.holds(TestFleet.withStatus(nodes, "Success", "done"));
		await().atMost(PATIENCE)
			.until(() -> jdbc(app).sql("SELECT settled FROM command WHERE command_id = ?")
				.param(id(5))
				.query(Boolean.class)
				.single());
		assertThat(statuses(app, id(5))).hasSize(130).containsOnly("Success");
		assertThat(this.ssm.calls("ListCommandInvocations")).as("the final command read whole, once: 3 pages of 50")
			.hasSize(3)
			.allSatisfy((call) -> assertThat(call.body().get("Filters")).isNull());
	}

	@Test
	void twoReplicasStartedTogetherRecordOnce() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		List<CommandInvocation> held = new ArrayList<>();
		for (int c = 0; c < 20; c++) {
			held.addAll(TestFleet.command(id(c), now.minus(Duration.ofHours(3L * c + 1)), 4, "Success"));
		}
		this.fleet.holds(newestFirst(held));
		// Both replicas poll before either has read anything: the first SSM call waits
		// until
		// the second replica is up. (Spring Boot starts one application at a time per
		// JVM:
		// its logging system is shared.)
		CountDownLatch gate = this.ssm.hold();
		ConfigurableApplicationContext one = start();
		start();
		gate.countDown();
		awaitBackfilled(one);
		assertThat(stored(one)).containsExactlyInAnyOrderElementsOf(keys(held));
		assertThat(invocationReadsByCommand()).as("each command's invocations read by one replica, once")
			.hasSize(20)
			.allSatisfy((command, calls) -> assertThat(calls).isEqualTo(1L));
	}

	@Test
	void whileSsmThrottlesTheRecorderBacksOffAndThenCatchesUp() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		List<CommandInvocation> held = TestFleet.command(id(8), now.minus(Duration.ofHours(1)), 3, "Success");
		this.fleet.holds(held);
		this.ssm.failNext(12, 400, "ThrottlingException", "Rate exceeded");
		ConfigurableApplicationContext app = start();
		awaitBackfilled(app);
		assertThat(stored(app)).containsExactlyInAnyOrderElementsOf(keys(held));
		assertThat(app.getBean(MeterRegistry.class)
			.get("runboard.history.failures")
			.tag("reason", "ssm-throttled")
			.counter()
			.count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void theFirstRunsWalkBackGoesOnWhenEachPollSpendsItsShareOfTheBudget() {
		Instant requested = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
		List<CommandInvocation> old = TestFleet.command(id(9), requested, 2, "Success");
		this.fleet.holds(old);
		// One call per 200 ms poll: the poll's own reading of what is new takes it all.
		ConfigurableApplicationContext app = start("runboard.history.max-calls-per-minute=300");
		awaitBackfilled(app);
		assertThat(stored(app)).containsExactlyInAnyOrderElementsOf(keys(old));
	}

	private ConfigurableApplicationContext start(String... properties) {
		ConfigurableApplicationContext app = HistoryApps.start(this.ssm, this.database, properties);
		synchronized (this.apps) {
			this.apps.add(app);
		}
		await().atMost(PATIENCE).until(() -> app.getBean(StoreSchema.class).ready());
		return app;
	}

	private void awaitBackfilled(ConfigurableApplicationContext app) {
		await().atMost(PATIENCE)
			.until(() -> jdbc(app)
				.sql("SELECT count(*) FROM recorder WHERE backfill_next IS NULL AND recorded_until IS NOT NULL")
				.query(Integer.class)
				.single() == 1
					&& jdbc(app).sql("SELECT count(*) FROM command WHERE NOT settled")
						.query(Integer.class)
						.single() == 0);
	}

	private static JdbcClient jdbc(ConfigurableApplicationContext app) {
		return app.getBean(JdbcClient.class);
	}

	private static List<String> stored(ConfigurableApplicationContext app) {
		return jdbc(app).sql("SELECT command_id || '/' || instance_id FROM invocation").query(String.class).list();
	}

	private static List<String> statuses(ConfigurableApplicationContext app, String commandId) {
		return jdbc(app).sql("SELECT status FROM invocation WHERE command_id = ? ORDER BY instance_id")
			.param(commandId)
			.query(String.class)
			.list();
	}

	/** The {@code ListCommandInvocations} calls the endpoint received, per command. */
	private Map<String, Long> invocationReadsByCommand() {
		return this.ssm.calls("ListCommandInvocations")
			.stream()
			.map((call) -> text(call.body(), "CommandId"))
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

	private static String text(JsonNode body, String field) {
		JsonNode value = body.get(field);
		return (value != null) ? value.asString() : null;
	}

	private static List<String> keys(List<CommandInvocation> invocations) {
		return invocations.stream().map(TestFleet::key).toList();
	}

	private static List<CommandInvocation> newestFirst(List<CommandInvocation> invocations) {
		List<CommandInvocation> sorted = new ArrayList<>(invocations);
		sorted.sort((a, b) -> b.requestedDateTime().compareTo(a.requestedDateTime()));
		return sorted;
	}

	private static String id(int number) {
		return new UUID(0x4157L, number).toString();
	}

}
