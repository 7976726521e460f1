package dev.runboard.ssm;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import dev.runboard.ssm.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readiness check through the real SDK over HTTP against a local SSM endpoint.
 */
class SsmHealthIndicatorTests {

	static final FakeSsmServer ssm = new FakeSsmServer(
			new SandboxSsmClient((now) -> TestInvocations.generate(5, Instant.parse("2026-11-20T12:00:00Z")),
					Clock.systemUTC(), Region.EU_WEST_1));

	static final SsmProperties AWS = ssmProperties(
			Map.of("runboard.ssm.source", "aws", "runboard.ssm.endpoint", ssm.endpoint().toString()));

	static final SsmHealthProperties FIFTEEN_SECONDS = new SsmHealthProperties(Duration.ofSeconds(15),
			Duration.ofSeconds(3));

	final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T12:00:00Z"));

	SsmClient client;

	@BeforeEach
	void setUp() {
		ssm.reset();
		this.client = SsmClient.builder()
			.region(Region.EU_WEST_1)
			.endpointOverride(ssm.endpoint())
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.overrideConfiguration((config) -> config.retryStrategy(RetryMode.STANDARD))
			.build();
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@AfterAll
	static void stop() {
		ssm.close();
	}

	@Test
	void readyWhenOneItemWithoutDetailsCanBeListed() {
		Health health = indicator(AWS).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(ssm.calls()).singleElement().satisfies((call) -> {
			assertThat(call.operation()).isEqualTo("ListCommandInvocations");
			assertThat(call.body().get("MaxResults").asInt()).isEqualTo(1);
			assertThat(call.body().get("Details").asBoolean()).isFalse();
		});
	}

	@Test
	void probesWithinTheCacheTimeShareOneAwsCall() {
		SsmHealthIndicator indicator = indicator(AWS);
		indicator.health();
		this.clock.advance(Duration.ofSeconds(14));
		indicator.health();
		indicator.health();
		assertThat(ssm.calls()).hasSize(1);
		this.clock.advance(Duration.ofSeconds(1));
		indicator.health();
		assertThat(ssm.calls()).hasSize(2);
	}

	@Test
	void accessDeniedIsNotReadyAndNamesTheAction() {
		ssm.failNext(1, 400, "AccessDeniedException", "User is not authorized to perform: ssm:ListCommandInvocations");
		Health health = indicator(AWS).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "AccessDeniedException")
			.containsEntry("action", "ssm:ListCommandInvocations");
	}

	@Test
	void aFailureIsCachedTooAndRecoveryShowsAfterTheCacheTime() {
		SsmHealthIndicator indicator = indicator(AWS);
		ssm.failNext(1, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		this.clock.advance(Duration.ofSeconds(15));
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		assertThat(ssm.calls()).hasSize(2);
	}

	@Test
	void unreachableEndpointIsNotReady() {
		SsmClient unreachable = SsmClient.builder()
			.region(Region.EU_WEST_1)
			.endpointOverride(URI.create("http://127.0.0.1:9"))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build();
		try (unreachable) {
			Health health = new SsmHealthIndicator(unreachable, AWS, FIFTEEN_SECONDS, this.clock).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("error", "SdkClientException");
		}
	}

	@Test
	void throttlingStillCountsAsReadyBecauseSsmAnswered() {
		// As many failures as the standard retry mode (the application's) makes attempts.
		ssm.failNext(3, 400, "ThrottlingException", "Rate exceeded");
		Health health = indicator(AWS).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("throttled", true);
	}

	@Test
	void sandboxIsAlwaysReadyWithoutAnyCall() {
		SsmProperties sandbox = ssmProperties(Map.of());
		assertThat(indicator(sandbox).health().getStatus()).isEqualTo(Status.UP);
		assertThat(ssm.calls()).isEmpty();
	}

	/** Bound as the application binds them, defaults included. */
	static SsmProperties ssmProperties(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("runboard.ssm",
				SsmProperties.class);
	}

	private SsmHealthIndicator indicator(SsmProperties properties) {
		return new SsmHealthIndicator(this.client, properties, FIFTEEN_SECONDS, this.clock);
	}

	static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
