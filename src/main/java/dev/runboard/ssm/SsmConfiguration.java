package dev.runboard.ssm;

import java.time.Clock;

import dev.runboard.ssm.sandbox.SandboxFleet;
import dev.runboard.ssm.sandbox.SandboxSsmClient;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;

/**
 * One {@link SsmClient} for the configured source, closed by Spring on shutdown. The
 * SDK's own retry strategy, timeouts and connection pool do the resilience work.
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
		SsmClientBuilder builder = AwsClientSettings.apply(SsmClient.builder(), properties);
		if (properties.endpoint() != null) {
			builder.endpointOverride(properties.endpoint());
		}
		return builder.build();
	}

	@Bean
	SsmService ssmService(SsmClient ssmClient, SsmProperties properties, MeterRegistry meters) {
		return new SsmService(ssmClient, ssmClient.serviceClientConfiguration().region(), properties.cacheTtl(),
				meters);
	}

}
