package dev.runboard.ssm;

import java.time.Clock;
import java.time.Duration;

import dev.runboard.ssm.sandbox.SandboxFleet;
import dev.runboard.ssm.sandbox.SandboxSsmClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;

/**
 * One {@link SsmClient} for the configured source, closed by Spring on shutdown.
 */
@Configuration(proxyBeanMethods = false)
class SsmConfiguration {

	/** Seed of the sandbox data set: every start tells the same story. */
	private static final long SANDBOX_SEED = 20261120L;

	@Bean
	SsmClient ssmClient(SsmProperties properties, Clock clock) {
		if (properties.sandbox()) {
			Region region = Region.of((properties.region() != null) ? properties.region() : "eu-west-1");
			return new SandboxSsmClient(SandboxFleet.generate(clock.instant(), SANDBOX_SEED, region), clock);
		}
		SsmClientBuilder builder = SsmClient.builder()
			.overrideConfiguration(ClientOverrideConfiguration.builder()
				.retryStrategy(RetryMode.STANDARD)
				.apiCallAttemptTimeout(Duration.ofSeconds(5))
				.apiCallTimeout(Duration.ofSeconds(20))
				.build());
		if (properties.region() != null) {
			builder.region(Region.of(properties.region()));
		}
		if (properties.endpoint() != null) {
			builder.endpointOverride(properties.endpoint());
		}
		return builder.build();
	}

	@Bean
	SsmService ssmService(SsmClient ssmClient) {
		return new SsmService(ssmClient, ssmClient.serviceClientConfiguration().region());
	}

}
