package dev.runboard.invocations.export;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.LocalUsers;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.SignedInClient;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An export never ends silently. Over real HTTP against a slow local endpoint, whatever
 * stops it (its time limit, its budget of SSM calls, SSM failing, the client going away),
 * the CSV ends with a line saying so and the JSON is a valid document saying so, or the
 * export is complete.
 * <p>
 * The servlet container ends asynchronous requests after a timeout of its own (Tomcat's
 * default is 30 seconds), and used to cut long exports off there: a 200 whose CSV ended
 * on a clean row and whose JSON did not parse. In the {@code aws} setup the container's
 * default is half a second, standing in for those 30 seconds, and the export's own time
 * limit five seconds, so an export a few seconds long shows which of the two ends it
 * without waiting minutes.
 */
@RunboardTest
@ExtendWith(OutputCaptureExtension.class)
class InvocationsExportLimitsTests {

	static final Duration PAGE_LATENCY = Duration.ofMillis(100);

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(10_050,
			Instant.parse("2026-11-20T12:00:00Z"));

	static volatile List<CommandInvocation> fleet = INVOCATIONS;

	/** The most items SSM answers a page with, whatever the request asks for. */
	static volatile int pageSize = 50;

	static final SsmClient SANDBOX = new SandboxSsmClient((now) -> fleet, Clock.systemUTC(), Region.EU_WEST_1);

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.local(new SsmClient() {

		@Override
		public ListCommandInvocationsResponse listCommandInvocations(ListCommandInvocationsRequest request) {
			return SANDBOX.listCommandInvocations(request.toBuilder()
				.maxResults(Math.min(pageSize, (request.maxResults() != null) ? request.maxResults() : 50))
				.build());
		}

		@Override
		public String serviceName() {
			return SANDBOX.serviceName();
		}

		@Override
		public void close() {
		}

	});

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	SignedInClient client;

	@BeforeEach
	void signIn() {
		fleet = INVOCATIONS;
		pageSize = 50;
		this.client = SignedInClient.signIn(URI.create("http://localhost:" + this.port), LocalUsers.OPS,
				LocalUsers.password(LocalUsers.OPS));
		ssm.reset();
	}

	@Test
	void anExportLongerThanTheContainersAsyncTimeoutCompletes() throws IOException {
		fleet = INVOCATIONS.subList(0, 500);
		ssm.latency(PAGE_LATENCY);

		List<String> csv = lines(this.client.stream("/invocations.csv?details=false"));
		JsonNode json = JSON.readTree(body(this.client.stream("/invocations.json?details=false")));

		assertThat(csv).hasSize(1 + 500).noneMatch((line) -> line.startsWith("#"));
		assertThat(json.get("invocations")).hasSize(500);
		assertThat(json.get("count").asInt()).isEqualTo(500);
		assertThat(json.get("truncated").asBoolean()).isFalse();
		assertThat(ssm.calls("ListCommandInvocations")).as("ten pages of 100 ms each, twice").hasSize(20);
	}

	@Test
	void aCsvExportThatReachesItsTimeLimitEndsWithALineSayingSo() throws IOException {
		ssm.latency(PAGE_LATENCY);

		List<String> csv = lines(this.client.stream("/invocations.csv?details=false"));

		String last = csv.get(csv.size() - 1);
		int rows = csv.size() - 2;
		assertThat(rows).isPositive().isLessThan(10_000);
		assertThat(last).isEqualTo("# Export stopped after " + rows + " rows: it read SSM for the PT5S one export "
				+ "may take (runboard.export.time-limit); narrow the filters to export the rest.");
		assertThat(csv.subList(1, csv.size() - 1)).allMatch((line) -> line.startsWith("\"2026-11-"));
	}

	@Test
	void aJsonExportThatReachesItsTimeLimitIsAValidDocumentSayingSo() throws IOException {
		ssm.latency(PAGE_LATENCY);

		JsonNode json = JSON.readTree(body(this.client.stream("/invocations.json?details=false")));

		int rows = json.get("invocations").size();
		assertThat(rows).isPositive().isLessThan(10_000);
		assertThat(json.get("count").asInt()).isEqualTo(rows);
		assertThat(json.get("truncated").asBoolean()).isTrue();
		assertThat(json.get("stoppedBy").asString()).isEqualTo("time-limit");
		assertThat(json.get("note").asString()).contains("runboard.export.time-limit");
	}

	/**
	 * SSM may answer with fewer items than asked for; here ten a page, so an export
	 * spends its budget of calls (400, the default) before it reaches its rows.
	 */
	@Test
	void anExportThatUsesItsBudgetOfCallsEndsSayingSoAndMakesNoMore() throws IOException {
		pageSize = 10;
		List<String> csv = lines(this.client.stream("/invocations.csv?details=false"));
		JsonNode json = JSON.readTree(body(this.client.stream("/invocations.json?details=false")));

		assertThat(csv).hasSize(1 + 400 * 10 + 1);
		assertThat(csv.get(csv.size() - 1)).isEqualTo("# Export stopped after 4000 rows: it made the 400 calls to "
				+ "SSM one export may make (runboard.export.max-calls); narrow the filters to export the rest.");
		assertThat(json.get("count").asInt()).isEqualTo(4000);
		assertThat(json.get("stoppedBy").asString()).isEqualTo("call-budget");
		assertThat(ssm.calls("ListCommandInvocations")).hasSize(2 * 400);
	}

	@Test
	void anExportWhoseSsmFailsMidwayEndsSayingWhy() throws IOException {
		ssm.failFrom(4, 400, "AccessDeniedException", "not authorized");
		List<String> csv = lines(this.client.stream("/invocations.csv?details=false"));
		ssm.reset();
		ssm.failFrom(4, 400, "AccessDeniedException", "not authorized");
		JsonNode json = JSON.readTree(body(this.client.stream("/invocations.json?details=false")));

		assertThat(csv).hasSize(1 + 150 + 1);
		assertThat(csv.get(csv.size() - 1)).startsWith("# Export stopped after 150 rows: ")
			.contains("ssm:ListCommandInvocations");
		assertThat(json.get("count").asInt()).isEqualTo(150);
		assertThat(json.get("truncated").asBoolean()).isTrue();
		assertThat(json.get("stoppedBy").asString()).isEqualTo("ssm-failure");
		assertThat(json.get("note").asString()).contains("ssm:ListCommandInvocations");
	}

	@Test
	void anExportWhoseClientGoesAwayStopsReadingSsmAndLogsItWithTheRequestId(CapturedOutput output) throws IOException {
		ssm.latency(PAGE_LATENCY);
		HttpResponse<InputStream> response = this.client.stream("/invocations.csv?details=false", "X-Request-Id",
				"export-gone-1");
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			for (int line = 0; line <= 100; line++) {
				assertThat(reader.readLine()).isNotNull();
			}
		}

		await("the export to notice").atMost(Duration.ofSeconds(20))
			.until(() -> output.getOut().contains("stopped (client-gone)"));
		int calls = ssm.calls("ListCommandInvocations").size();
		assertThat(calls).isLessThan(50);
		assertThat(output.getOut().lines().filter((line) -> line.contains("stopped (client-gone)"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("[export-gone-1]").contains("user=ops"));
	}

	private static List<String> lines(HttpResponse<InputStream> response) throws IOException {
		assertThat(response.statusCode()).isEqualTo(200);
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			return reader.lines().toList();
		}
	}

	private static String body(HttpResponse<InputStream> response) throws IOException {
		assertThat(response.statusCode()).isEqualTo(200);
		try (InputStream in = response.body()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
