package dev.runboard.aws.sdk;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.LocalUsers;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.SignedInClient;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.web.server.LocalServerPort;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SSM metrics ({@link SsmMetricsTests}) at {@code /actuator/prometheus}, for
 * signed-in users only.
 */
@RunboardTest
class SsmMetricsEndpointTests {

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(30,
			Instant.parse("2026-11-20T12:00:00Z"));

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.listing(INVOCATIONS);

	@LocalServerPort
	int port;

	@Test
	void prometheusNeedsASignedInUserAndServesTheSsmMetrics() {
		SignedInClient ops = SignedInClient.signIn(base(), LocalUsers.OPS, LocalUsers.password(LocalUsers.OPS));
		assertThat(ops.get("/invocations?status=Cancelled").statusCode()).isEqualTo(200);
		assertThat(ops.get("/invocations?status=Cancelled").statusCode()).isEqualTo(200);

		HttpResponse<String> anonymous = SignedInClient.anonymous(base()).get("/actuator/prometheus");
		assertThat(anonymous.statusCode()).isEqualTo(302);
		assertThat(anonymous.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).startsWith("/login"));
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

}
