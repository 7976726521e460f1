package dev.runboard.history;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.runboard.aws.Source;
import dev.runboard.testing.SignedInClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The store going away and coming back, as a database server does: Runboard starts
 * without it, its live views answer meanwhile (sessions kept in memory), {@code /history}
 * and its exports say the store is unavailable (503), and the recorder catches up once it
 * returns, losing nothing SSM holds.
 */
class StoreOutageTests {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	/**
	 * One replica that needs no store to sign in: with sessions in the store, every page
	 * needs it (replicas/ReplicaLifecycleTests).
	 */
	private static final String SESSIONS_IN_MEMORY = "runboard.sessions.shared=false";

	private static final List<Source> EU_WEST_1 = List.of(new Source(null, "eu-west-1", null));

	private final TestFleet fleet = new TestFleet();

	private ConfigurableApplicationContext app;

	private TestStores.Private store;

	@AfterEach
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
		this.store.close();
		this.fleet.ssm.close();
	}

	@Test
	void runboardStartsWhileTheStoreIsDownAndMigratesAndRecordsWhenItAnswers(@TempDir Path data) {
		this.store = new TestStores.Private(data);
		this.fleet.holds(TestFleet.command(id(1), Instant.now().minus(Duration.ofHours(1)), 3, "Success"));
		this.app = HistoryApps.start(this.fleet.ssm, this.store.url(), SESSIONS_IN_MEMORY);
		HistoryRepository repository = this.app.getBean(HistoryRepository.class);
		SignedInClient client = signedIn();
		assertThat(client.get("/invocations").statusCode()).isEqualTo(200);
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> repository.page(query(), null));
		HttpResponse<String> history = client.get("/history");
		assertThat(history.statusCode()).isEqualTo(503);
		assertThat(history.body()).contains("The history store has not answered since Runboard started");

		this.store.start();
		await().atMost(PATIENCE).ignoreExceptions().until(() -> repository.page(query(), null).rows().size() == 3);
	}

	@Test
	void theStoreStoppedMidRunLeavesLiveViewsAnsweringAndRecordingCatchesUpWhenItReturns(@TempDir Path data) {
		this.store = new TestStores.Private(data);
		this.store.start();
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		List<CommandInvocation> held = new ArrayList<>(
				TestFleet.command(id(1), now.minus(Duration.ofHours(2)), 3, "Success"));
		this.fleet.holds(held);
		this.app = HistoryApps.start(this.fleet.ssm, this.store.url(), SESSIONS_IN_MEMORY,
				"runboard.public-url=https://runboard.example.com", "runboard.notifications.rules[0].name=tell-me",
				"runboard.notifications.rules[0].when=watched", "runboard.notifications.rules[0].target.type=webhook",
				"runboard.notifications.rules[0].target.url=http://localhost:9/hook",
				"runboard.notifications.rules[0].target.secret=outage-test-key-0123456789");
		HistoryRepository repository = this.app.getBean(HistoryRepository.class);
		await().atMost(PATIENCE).ignoreExceptions().until(() -> repository.page(query(), null).rows().size() == 3);

		this.store.stop();
		List<CommandInvocation> more = new ArrayList<>(TestFleet.command(id(2), now.minusSeconds(30), 4, "Failed"));
		more.addAll(held);
		this.fleet.holds(more);
		SignedInClient client = signedIn();
		assertThat(client.get("/invocations").statusCode()).isEqualTo(200);
		assertThat(client.get("/invocations").body()).contains(id(2));
		assertThat(client.get("/commands/" + id(2)).statusCode()).isEqualTo(200);
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> repository.page(query(), null));
		HttpResponse<String> history = client.get("/history");
		assertThat(history.statusCode()).isEqualTo(503);
		assertThat(history.headers().firstValue("Retry-After")).isPresent();
		assertThat(history.body()).contains("The history store does not answer.").doesNotContain("Exception");
		HttpResponse<String> rows = client.htmx("/history/rows?status=Failed");
		assertThat(rows.statusCode()).isEqualTo(503);
		assertThat(rows.body()).contains("<tr").doesNotContain("<html");
		assertThat(client.get("/history.csv").statusCode()).isEqualTo(503);
		List<CommandInvocation> running = new ArrayList<>(
				TestFleet.command(id(3), now.minusSeconds(10), 2, "InProgress"));
		running.addAll(more);
		this.fleet.holds(running);
		HttpResponse<String> runningPage = client.get("/commands/" + id(3));
		assertThat(runningPage.statusCode()).as("a running command's page").isEqualTo(200);
		assertThat(runningPage.body()).as("no watching offered without the store").doesNotContain("data-watch");
		HttpResponse<String> watch = client.post("/commands/" + id(3) + "/watch", runningPage.body(), "rule",
				"tell-me");
		assertThat(watch.statusCode()).isEqualTo(503);
		assertThat(watch.body()).contains("The store (PostgreSQL) does not answer.")
			.doesNotContain("Exception", "refused", "localhost", "127.0.0.1");
		this.fleet.holds(more);

		this.store.start();
		await().atMost(PATIENCE).ignoreExceptions().until(() -> repository.page(query(), null).rows().size() == 7);
		assertThat(repository.page(query(), null).rows()).extracting((row) -> row.invocation().commandId())
			.containsOnly(id(1), id(2));
	}

	private SignedInClient signedIn() {
		int port = ((WebServerApplicationContext) this.app).getWebServer().getPort();
		return SignedInClient.signIn(URI.create("http://localhost:" + port), "ops", "ops");
	}

	private static HistoryQuery query() {
		return new HistoryQuery(null, null, List.of(), null, null, null, EU_WEST_1, 50, true);
	}

	private static String id(int number) {
		return new UUID(0x0b7aL, number).toString();
	}

}
