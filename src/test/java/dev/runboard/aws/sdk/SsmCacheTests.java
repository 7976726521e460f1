package dev.runboard.aws.sdk;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.SignedInClient;
import dev.runboard.testing.TestInvocations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short-lived cache in front of SSM, through the whole application over HTTP: a link
 * opened by a whole channel at once costs one {@code ListCommandInvocations} call; other
 * queries and pages are other calls; failures are never kept. Each test uses its own
 * filters, because answers outlive a test within the cache's time to live.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "runboard.ssm.cache-ttl=10s",
		"runboard.ssm.api-call-attempt-timeout=30s", "runboard.ssm.api-call-timeout=60s" })
class SsmCacheTests {

	static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(120, NOW);

	@RegisterExtension
	static final FakeSsmServer ssm = new FakeSsmServer(
			new SandboxSsmClient((now) -> INVOCATIONS, Clock.systemUTC(), Region.EU_WEST_1));

	@DynamicPropertySource
	static void ssmEndpoint(DynamicPropertyRegistry registry) {
		ssm.registerAsAwsSource(registry);
		registry.add("runboard.security.users[0].name", () -> "ops");
		registry.add("runboard.security.users[0].password", () -> "{noop}ops-secret");
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void sixtySimultaneousOpensOfOneFilteredLinkCostOneSsmCall() throws Exception {
		String link = "/invocations?status=Failed&document=AWS-RunPatchBaseline&before=2026-11-20T11:00:00Z";
		List<SignedInClient> channel = signIn(60);
		CountDownLatch gate = ssm.hold();
		double hitsBefore = cacheHits();

		List<Future<HttpResponse<String>>> opens = openTogether(channel, link);
		// Every other request has found the call in flight before SSM answers it, so
		// this proves single flight, not only a warm cache.
		awaitCacheHits(hitsBefore + channel.size() - 1);
		assertThat(ssm.calls("ListCommandInvocations")).hasSize(1);
		gate.countDown();

		List<List<String>> rows = new ArrayList<>();
		for (Future<HttpResponse<String>> open : opens) {
			HttpResponse<String> response = open.get(60, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(200);
			rows.add(SignedInClient.rows(response.body()));
		}
		assertThat(rows.get(0)).isNotEmpty();
		assertThat(rows).allSatisfy((seen) -> assertThat(seen).isEqualTo(rows.get(0)));
		assertThat(ssm.calls("ListCommandInvocations")).hasSize(1);
		assertThat(ssm.calls("ListCommandInvocations").get(0).body().get("Filters")).hasSize(3);
	}

	@Test
	void distinctFiltersAndPageTokensAreDistinctCallsAndRepeatsAreServedFromTheCache() {
		SignedInClient ops = SignedInClient.signIn(base(), "ops", "ops-secret");
		String failed = "/invocations?status=Failed&pageSize=5&before=2026-11-20T11:40:00Z";
		String succeeded = "/invocations?status=Success&pageSize=5&before=2026-11-20T11:40:00Z";
		String lighter = "/invocations?status=Failed&pageSize=5&before=2026-11-20T11:40:00Z&details=false";

		HttpResponse<String> first = ops.get(failed);
		String secondPage = SignedInClient.nextUrl(first.body()).orElseThrow();
		List<String> firstRows = SignedInClient.rows(first.body());
		List<String> secondRows = SignedInClient.rows(ops.htmx(secondPage).body());
		List<String> successRows = SignedInClient.rows(ops.get(succeeded).body());
		ops.get(lighter);

		assertThat(ssm.calls("ListCommandInvocations")).hasSize(4);
		assertThat(secondRows).isNotEmpty().doesNotContainAnyElementsOf(firstRows);
		assertThat(successRows).isNotEmpty().doesNotContainAnyElementsOf(firstRows);
		assertThat(ssm.calls("ListCommandInvocations").get(1).body().get("NextToken")).isNotNull();

		assertThat(SignedInClient.rows(ops.get(failed).body())).isEqualTo(firstRows);
		assertThat(SignedInClient.rows(ops.htmx(secondPage).body())).isEqualTo(secondRows);
		assertThat(SignedInClient.rows(ops.get(succeeded).body())).isEqualTo(successRows);
		ops.get(lighter);
		assertThat(ssm.calls("ListCommandInvocations")).as("calls after repeating each request").hasSize(4);
	}

	@Test
	void aFailedCallIsNotCachedTheNextRequestCallsAgain() {
		SignedInClient ops = SignedInClient.signIn(base(), "ops", "ops-secret");
		String link = "/invocations?status=TimedOut&before=2026-11-20T11:20:00Z";
		ssm.failNext(1, 400, "AccessDeniedException", "not authorized to perform ssm:ListCommandInvocations");

		assertThat(ops.get(link).statusCode()).isEqualTo(502);
		HttpResponse<String> again = ops.get(link);
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(SignedInClient.rows(again.body())).isNotEmpty();
		assertThat(ssm.calls("ListCommandInvocations")).hasSize(2);

		assertThat(ops.get(link).statusCode()).isEqualTo(200);
		assertThat(ssm.calls("ListCommandInvocations")).as("the success is kept").hasSize(2);
	}

	@Test
	void requestsWaitingForAFailingCallShareItsFailureAndTheNextRequestCallsAgain() throws Exception {
		String link = "/invocations?status=Cancelled&before=2026-11-20T10:40:00Z";
		List<SignedInClient> channel = signIn(10);
		ssm.failNext(1, 400, "AccessDeniedException", "not authorized to perform ssm:ListCommandInvocations");
		CountDownLatch gate = ssm.hold();
		double hitsBefore = cacheHits();

		List<Future<HttpResponse<String>>> opens = openTogether(channel, link);
		awaitCacheHits(hitsBefore + channel.size() - 1);
		gate.countDown();
		for (Future<HttpResponse<String>> open : opens) {
			HttpResponse<String> response = open.get(60, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(502);
			assertThat(response.body()).contains("ssm:ListCommandInvocations");
		}
		assertThat(ssm.calls("ListCommandInvocations")).hasSize(1);

		HttpResponse<String> again = channel.get(0).get(link);
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(SignedInClient.rows(again.body())).isNotEmpty();
		assertThat(ssm.calls("ListCommandInvocations")).hasSize(2);
	}

	private URI base() {
		return URI.create("http://localhost:" + this.port);
	}

	private List<SignedInClient> signIn(int people) {
		return IntStream.range(0, people).mapToObj((i) -> SignedInClient.signIn(base(), "ops", "ops-secret")).toList();
	}

	/** Every client asks for {@code link} at the same moment, each on its own thread. */
	private static List<Future<HttpResponse<String>>> openTogether(List<SignedInClient> clients, String link) {
		ExecutorService threads = Executors.newFixedThreadPool(clients.size());
		CyclicBarrier start = new CyclicBarrier(clients.size());
		List<Future<HttpResponse<String>>> opens = new ArrayList<>();
		for (SignedInClient client : clients) {
			opens.add(threads.submit(() -> {
				start.await(30, TimeUnit.SECONDS);
				return client.get(link);
			}));
		}
		threads.shutdown();
		return opens;
	}

	private double cacheHits() {
		Counter hits = this.meters.find("runboard.ssm.cache").tag("result", "hit").counter();
		return (hits != null) ? hits.count() : 0;
	}

	/** Waits, boundedly, until the cache has counted this many hits. */
	private void awaitCacheHits(double expected) throws InterruptedException {
		for (int i = 0; i < 600 && cacheHits() < expected; i++) {
			Thread.sleep(50);
		}
		assertThat(cacheHits()).as("requests that found the call in flight").isGreaterThanOrEqualTo(expected);
	}

}
