package dev.runboard.ssm;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * What every AWS client Runboard builds shares with the {@code SsmClient}: the region,
 * the SDK's retry strategy, timeouts and connection pool from {@link SsmProperties}.
 * Credentials always come from the SDK's default chain.
 */
public final class AwsClientSettings {

	private AwsClientSettings() {
	}

	/**
	 * The builder with the shared settings applied; the endpoint is left to the caller.
	 */
	public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B apply(B builder,
			SsmProperties properties) {
		builder.httpClientBuilder(ApacheHttpClient.builder().maxConnections(properties.maxConnections()))
			.overrideConfiguration(ClientOverrideConfiguration.builder()
				.retryStrategy(retryStrategy(properties))
				.apiCallAttemptTimeout(properties.apiCallAttemptTimeout())
				.apiCallTimeout(properties.apiCallTimeout())
				.build());
		if (properties.region() != null) {
			builder.region(Region.of(properties.region()));
		}
		return builder;
	}

	private static RetryStrategy retryStrategy(SsmProperties properties) {
		RetryStrategy.Builder<?, ?> strategy = (properties.retryMode() == SsmProperties.RetryMode.ADAPTIVE)
				? AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
				: AwsRetryStrategy.standardRetryStrategy().toBuilder();
		return strategy.maxAttempts(properties.maxAttempts()).build();
	}

}
