package dev.runboard.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.SettableClock;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness, through the real SDK over HTTP against a local SSM endpoint: the probe
 * groups under {@code /actuator/health}, open without signing in, follow whether SSM
 * answers with the configured credentials; liveness never asks.
 */
@RunboardTest
class ReadinessTests {

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer
		.local(new SandboxSsmClient((now) -> TestInvocations.generate(5, Instant.parse("2026-11-20T12:00:00Z")),
				Clock.systemUTC(), Region.EU_WEST_1));

	/** The application's clock, which stands still until a test moves it. */
	@Autowired
	SettableClock clock;

	@Autowired
	MockMvcTester mvc;

	@Autowired
	ReadinessCheck readiness;

	@BeforeEach
	void reset() {
		// Past the cache time of any answer an earlier test left.
		this.clock.advance(Duration.ofHours(1));
	}

	@Test
	void readyWhenOneItemWithoutDetailsCanBeListed() {
		assertThat(this.mvc.get().uri("/actuator/health/readiness")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("UP");
		assertThat(ssm.calls()).singleElement().satisfies((call) -> {
			assertThat(call.operation()).isEqualTo("ListCommandInvocations");
			assertThat(call.body().get("MaxResults").asInt()).isEqualTo(1);
			assertThat(call.body().get("Details").asBoolean()).isFalse();
		});
	}

	@Test
	void probesWithinTheCacheTimeShareOneAwsCall() {
		this.readiness.health();
		this.clock.advance(Duration.ofSeconds(14));
		this.readiness.health();
		this.readiness.health();
		assertThat(ssm.calls()).hasSize(1);
		this.clock.advance(Duration.ofSeconds(1));
		this.readiness.health();
		assertThat(ssm.calls()).hasSize(2);
	}

	@Test
	void accessDeniedIsNotReadyAndNamesTheAction() {
		ssm.failNext(1, 400, "AccessDeniedException", "User is not authorized to perform: ssm:ListCommandInvocations");
		Health health = this.readiness.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "AccessDeniedException")
			.containsEntry("action", "ssm:ListCommandInvocations");
	}

	@Test
	void aFailureIsCachedTooAndRecoveryShowsAfterTheCacheTime() {
		ssm.failNext(1, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
		assertThat(this.readiness.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(this.readiness.health().getStatus()).isEqualTo(Status.DOWN);
		this.clock.advance(Duration.ofSeconds(15));
		assertThat(this.readiness.health().getStatus()).isEqualTo(Status.UP);
		assertThat(ssm.calls()).hasSize(2);
	}

	@Test
	void throttlingStillCountsAsReadyBecauseSsmAnswered() {
		// As many failures as the standard retry mode (the application's) makes attempts.
		ssm.failNext(3, 400, "ThrottlingException", "Rate exceeded");
		Health health = this.readiness.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("throttled", true);
	}

	@Test
	void readinessIsDownWhenTheRoleLacksThePermissionButLivenessStaysUp() {
		ssm.failNext(1, 400, "AccessDeniedException", "not authorized to perform: ssm:ListCommandInvocations");
		assertThat(this.mvc.get().uri("/actuator/health/readiness")).hasStatus(503)
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("DOWN");
		assertThat(this.mvc.get().uri("/actuator/health/liveness")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("UP");
		assertThat(ssm.calls()).as("liveness asked AWS nothing").hasSize(1);
	}

	@Test
	void probesRevealNoDetailsToAnonymousCallers() {
		ssm.failNext(1, 400, "AccessDeniedException", "not authorized to perform: ssm:ListCommandInvocations");
		assertThat(this.mvc.get().uri("/actuator/health/readiness")).hasStatus(503)
			.bodyText()
			.doesNotContain("AccessDenied")
			.doesNotContain("eu-west-1");
	}

	@Test
	void anEndpointThatCannotBeReachedIsNotReady() {
		ssm.hangUp();
		Health health = this.readiness.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "SdkClientException");
	}

}
