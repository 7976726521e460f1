package dev.runboard.invocations;

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
import dev.runboard.testing.SignedInClient;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

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
 * on a clean row and whose JSON did not parse. Here the container's default is half a
 * second, standing in for those 30 seconds, and the export's own time limit five seconds,
 * so an export a few seconds long shows which of the two ends it without waiting minutes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "runboard.export.time-limit=5s", "runboard.export.max-calls=120" })
@ExtendWith(OutputCaptureExtension.class)
class InvocationsExportLimitsTests {

	static final Duration CONTAINER_ASYNC_TIMEOUT = Duration.ofMillis(500);

	static final Duration PAGE_LATENCY = Duration.ofMillis(100);

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(10_050,
			Instant.parse("2026-11-20T12:00:00Z"));

	static volatile List<CommandInvocation> fleet = INVOCATIONS;

	@RegisterExtension
	static final FakeSsmServer ssm = new FakeSsmServer(
			new SandboxSsmClient((now) -> fleet, Clock.systemUTC(), Region.EU_WEST_1));

	static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void ssmEndpoint(DynamicPropertyRegistry registry) {
		ssm.registerAsAwsSource(registry);
		registry.add("runboard.security.users[0].name", () -> "ops");
		registry.add("runboard.security.users[0].password", () -> "{noop}ops-secret");
	}

	/** The container's own timeout for asynchronous requests, as short as it gets. */
	@TestConfiguration(proxyBeanMethods = false)
	static class ShortContainerTimeout {

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> shortAsyncTimeout() {
			return (factory) -> factory
				.addConnectorCustomizers((connector) -> connector.setAsyncTimeout(CONTAINER_ASYNC_TIMEOUT.toMillis()));
		}

	}

	@LocalServerPort
	int port;

	SignedInClient client;

	@BeforeEach
	void signIn() {
		fleet = INVOCATIONS;
		this.client = SignedInClient.signIn(URI.create("http://localhost:" + this.port), "ops", "ops-secret");
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

	@Test
	void anExportThatUsesItsBudgetOfCallsEndsSayingSoAndMakesNoMore() throws IOException {
		List<String> csv = lines(this.client.stream("/invocations.csv?details=false"));
		JsonNode json = JSON.readTree(body(this.client.stream("/invocations.json?details=false")));

		assertThat(csv).hasSize(1 + 120 * 50 + 1);
		assertThat(csv.get(csv.size() - 1)).isEqualTo("# Export stopped after 6000 rows: it made the 120 calls to "
				+ "SSM one export may make (runboard.export.max-calls); narrow the filters to export the rest.");
		assertThat(json.get("count").asInt()).isEqualTo(6000);
		assertThat(json.get("stoppedBy").asString()).isEqualTo("call-budget");
		assertThat(ssm.calls("ListCommandInvocations")).hasSize(2 * 120);
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
