package dev.runboard.aws.sdk;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.runboard.aws.AccountProperties;
import dev.runboard.aws.AccountProperties.Account;
import dev.runboard.aws.OutputProperties;
import dev.runboard.aws.SsmProperties;

import org.springframework.util.StringUtils;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The real SDK clients of each account and region. The three clients of one source share
 * its credentials (the SDK's default chain, or for another account the role Runboard
 * assumes there, kept fresh by the SDK's assume-role provider), its region, the endpoint
 * overrides configured for that region, and the retry strategy, timeouts and connection
 * pool of {@code runboard.ssm.*}.
 */
class AwsClientFactory implements SdkClientFactory {

	private final SsmProperties ssm;

	private final OutputProperties output;

	private final AccountProperties accounts;

	/** Each account's role credentials, shared by every region read there. */
	private final Map<String, AwsCredentialsProvider> roles = new LinkedHashMap<>();

	private final List<SdkAutoCloseable> made = new ArrayList<>();

	AwsClientFactory(SsmProperties ssm, OutputProperties output, AccountProperties accounts) {
		this.ssm = ssm;
		this.output = output;
		this.accounts = accounts;
	}

	@Override
	public synchronized SdkClients clients(Account account, String region, int index) {
		AwsCredentialsProvider credentials = (account != null)
				? this.roles.computeIfAbsent(account.name(), (name) -> assumeRole(account, region)) : null;
		URI ssmEndpoint = (account != null && account.endpoint() != null) ? account.endpoint()
				: this.ssm.endpoint(region);
		SsmClient ssm = made(configure(SsmClient.builder(), region, credentials, ssmEndpoint).build());
		// The same timeouts as every client, and a retry strategy of its own: a second
		// override configuration would replace the first whole, timeouts included.
		SsmClient ssmWrites = made(
				configure(SsmClient.builder(), region, credentials, ssmEndpoint, throttlingOnly()).build());
		S3ClientBuilder s3 = configure(S3Client.builder(), region, credentials, this.output.s3Endpoint(region));
		if (this.output.s3Endpoint(region) != null) {
			// Emulators and VPC endpoints named by address take the bucket in the path.
			s3.forcePathStyle(true);
		}
		else {
			// An output bucket may live in another region than SSM: follow S3's redirect.
			s3.crossRegionAccessEnabled(true);
		}
		CloudWatchLogsClient logs = made(
				configure(CloudWatchLogsClient.builder(), region, credentials, this.output.logsEndpoint(region))
					.build());
		return new SdkClients(ssm, ssmWrites, made(s3.build()), logs);
	}

	private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, String region,
			AwsCredentialsProvider credentials, URI endpoint) {
		return configure(builder, region, credentials, endpoint, retryStrategy());
	}

	private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, String region,
			AwsCredentialsProvider credentials, URI endpoint, RetryStrategy retries) {
		builder.httpClientBuilder(ApacheHttpClient.builder().maxConnections(this.ssm.maxConnections()))
			.overrideConfiguration(ClientOverrideConfiguration.builder()
				.retryStrategy(retries)
				.apiCallAttemptTimeout(this.ssm.apiCallAttemptTimeout())
				.apiCallTimeout(this.ssm.apiCallTimeout())
				.build());
		if (region != null) {
			builder.region(Region.of(region));
		}
		if (credentials != null) {
			builder.credentialsProvider(credentials);
		}
		if (endpoint != null) {
			builder.endpointOverride(endpoint);
		}
		return builder;
	}

	private RetryStrategy retryStrategy() {
		RetryStrategy.Builder<?, ?> strategy = (this.ssm.retryMode() == SsmProperties.RetryMode.ADAPTIVE)
				? AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
				: AwsRetryStrategy.standardRetryStrategy().toBuilder();
		return strategy.maxAttempts(this.ssm.maxAttempts()).build();
	}

	/**
	 * Retries only a call that AWS refused as throttled, so it never ran: a call that
	 * timed out or broke may have sent a command, and sending it again would run it
	 * twice.
	 */
	private RetryStrategy throttlingOnly() {
		return StandardRetryStrategy.builder()
			.maxAttempts(this.ssm.maxAttempts())
			.retryOnException(AwsClientFactory::throttled)
			.treatAsThrottling(AwsClientFactory::throttled)
			.backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(20)))
			.throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofSeconds(1), Duration.ofSeconds(20)))
			.circuitBreakerEnabled(false)
			.useClientDefaults(false)
			.build();
	}

	private static boolean throttled(Throwable ex) {
		return ex instanceof AwsServiceException service && service.isThrottlingException();
	}

	/**
	 * The role of another account, assumed with Runboard's own credentials through STS in
	 * the first region read there; fetched lazily on the first call and renewed in the
	 * background before it expires.
	 */
	private AwsCredentialsProvider assumeRole(Account account, String region) {
		StsClientBuilder builder = StsClient.builder().httpClientBuilder(ApacheHttpClient.builder());
		if (region != null) {
			builder.region(Region.of(region));
		}
		if (this.accounts.stsEndpoint() != null) {
			builder.endpointOverride(this.accounts.stsEndpoint());
		}
		StsClient sts = made(builder.build());
		AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
			.roleArn(account.roleArn())
			.roleSessionName("runboard-" + account.name());
		if (StringUtils.hasText(account.externalId())) {
			request.externalId(account.externalId());
		}
		return made(StsAssumeRoleCredentialsProvider.builder()
			.stsClient(sts)
			.refreshRequest(request.build())
			.asyncCredentialUpdateEnabled(true)
			.build());
	}

	private <T extends SdkAutoCloseable> T made(T closeable) {
		this.made.add(closeable);
		return closeable;
	}

	@Override
	public synchronized void close() {
		for (int i = this.made.size() - 1; i >= 0; i--) {
			this.made.get(i).close();
		}
		this.made.clear();
	}

}
