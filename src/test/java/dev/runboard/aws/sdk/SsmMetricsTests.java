package dev.runboard.aws.sdk;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.SignedInClient;
import dev.runboard.testing.TestInvocations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
 * What operators graph: every SSM call timed by operation and outcome, cache hits and
 * misses counted, and all of it at {@code /actuator/prometheus} for signed-in users only.
 * One attempt per call, so a throttled call fails without the SDK's back-off.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "runboard.ssm.cache-ttl=10s", "runboard.ssm.max-attempts=1" })
class SsmMetricsTests {

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(30,
			Instant.parse("2026-11-20T12:00:00Z"));

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
	void ssmCallsAreTimedByOperationAndOutcomeAndCacheHitsAndMissesCounted() {
		SignedInClient ops = SignedInClient.signIn(base(), "ops", "ops-secret");
		long successes = calls("ListCommandInvocations", "success");
		long errors = calls("ListCommandInvocations", "error");
		long throttled = calls("ListCommandInvocations", "throttled");
		long details = calls("GetCommandInvocation", "success");
		double hits = cache("hit");
		double misses = cache("miss");
		CommandInvocation failed = INVOCATIONS.get(1);

		assertThat(ops.get("/invocations?status=Failed").statusCode()).isEqualTo(200);
		assertThat(ops.get("/invocations?status=Failed").statusCode()).isEqualTo(200);
		ssm.failNext(1, 400, "AccessDeniedException", "not authorized");
		assertThat(ops.get("/invocations?status=Success").statusCode()).isEqualTo(502);
		ssm.failNext(1, 400, "ThrottlingException", "Rate exceeded");
		assertThat(ops.get("/invocations?status=TimedOut").statusCode()).isEqualTo(503);
		assertThat(ops.get("/invocations/" + failed.commandId() + "/" + failed.instanceId()).statusCode())
			.isEqualTo(200);

		assertThat(calls("ListCommandInvocations", "success") - successes).isEqualTo(2);
		assertThat(calls("ListCommandInvocations", "error") - errors).isEqualTo(1);
		assertThat(calls("ListCommandInvocations", "throttled") - throttled).isEqualTo(1);
		assertThat(calls("GetCommandInvocation", "success") - details).isEqualTo(1);
		assertThat(cache("hit") - hits).isEqualTo(1);
		assertThat(cache("miss") - misses).isEqualTo(5);
		assertThat(this.meters.get("runboard.ssm.requests")
			.tags("operation", "ListCommandInvocations", "outcome", "success")
			.timer()
			.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
	}

	@Test
	void prometheusNeedsASignedInUserAndServesTheSsmMetrics() {
		SignedInClient ops = SignedInClient.signIn(base(), "ops", "ops-secret");
		assertThat(ops.get("/invocations?status=Cancelled").statusCode()).isEqualTo(200);
		assertThat(ops.get("/invocations?status=Cancelled").statusCode()).isEqualTo(200);

		HttpResponse<String> anonymous = SignedInClient.anonymous(base()).get("/actuator/prometheus");
		assertThat(anonymous.statusCode()).isEqualTo(302);
		assertThat(anonymous.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
		assertThat(anonymous.body()).doesNotContain("runboard_ssm");

		HttpResponse<String> scrape = ops.get("/actuator/prometheus");
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).contains("runboard_ssm_requests_seconds_count{")
			.contains("operation=\"ListCommandInvocations\"")
			.contains("outcome=\"success\"")
			.contains("runboard_ssm_cache_total{")
			.contains("result=\"hit\"")
			.contains("result=\"miss\"")
			.contains("http_server_requests_seconds_count{");
	}

	private URI base() {
		return URI.create("http://localhost:" + this.port);
	}

	private long calls(String operation, String outcome) {
		Timer timer = this.meters.find("runboard.ssm.requests")
			.tags("operation", operation, "outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	private double cache(String result) {
		Counter counter = this.meters.find("runboard.ssm.cache").tag("result", result).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
