package dev.runboard.ssm;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.runboard.ssm.SsmSources.SsmSource;
import dev.runboard.ssm.sandbox.SandboxFleet;
import dev.runboard.ssm.sandbox.SandboxSsmClient;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * One {@link SsmClient} per configured account and region, built once and closed by
 * Spring on shutdown. The SDK's own retry strategy, timeouts and connection pool do the
 * resilience work; for another account, the SDK's assume-role provider keeps the
 * credentials fresh.
 */
@Configuration(proxyBeanMethods = false)
class SsmConfiguration {

	/** Seed of the sandbox data set: every start tells the same story. */
	private static final long SANDBOX_SEED = 20261120L;

	private static final String SANDBOX_REGION = "eu-west-1";

	@Bean(destroyMethod = "close")
	SsmSources ssmSources(SsmProperties properties, AccountProperties accountProperties, Clock clock,
			MeterRegistry meters) {
		List<SsmSource> sources = new ArrayList<>();
		List<AutoCloseable> clients = new ArrayList<>();
		List<String> regions = properties.regions().isEmpty() ? singleRegion(properties) : properties.regions();
		if (accountProperties.accounts().isEmpty()) {
			for (String region : regions) {
				SsmClient client = client(properties, region, properties.endpoint(region), null, sources.size(), clock);
				clients.add(client);
				sources.add(source(null, client, properties, meters));
			}
		}
		for (AccountProperties.Account account : accountProperties.accounts()) {
			List<String> accountRegions = account.regions().isEmpty() ? regions : account.regions();
			StsAssumeRoleCredentialsProvider credentials = null;
			if (!properties.sandbox()) {
				StsClient sts = sts(accountProperties, accountRegions.get(0));
				credentials = assumeRole(sts, account);
				clients.add(credentials);
				clients.add(sts);
			}
			for (String region : accountRegions) {
				URI endpoint = (account.endpoint() != null) ? account.endpoint() : properties.endpoint(region);
				SsmClient client = client(properties, region, endpoint, credentials, sources.size(), clock);
				clients.add(client);
				sources.add(source(account.name(), client, properties, meters));
			}
		}
		return new SsmSources(sources, clients);
	}

	/** The source of the views that read one region: the first configured. */
	@Bean
	SsmService ssmService(SsmSources sources) {
		return sources.primary().ssm();
	}

	@Bean
	MergedInvocations mergedInvocations(SsmSources sources) {
		return new MergedInvocations(sources);
	}

	private static List<String> singleRegion(SsmProperties properties) {
		if (properties.region() != null) {
			return List.of(properties.region());
		}
		// The SDK's default region chain decides; null asks it to.
		return properties.sandbox() ? List.of(SANDBOX_REGION) : Collections.singletonList(null);
	}

	private static SsmSource source(String account, SsmClient client, SsmProperties properties, MeterRegistry meters) {
		Region region = client.serviceClientConfiguration().region();
		String scope = (account != null) ? account + "/" + region.id() : region.id();
		return new SsmSource(account, region.id(),
				new SsmService(client, region, scope, properties.cacheTtl(), meters));
	}

	private static SsmClient client(SsmProperties properties, String region, URI endpoint,
			AwsCredentialsProvider credentials, int index, Clock clock) {
		if (properties.sandbox()) {
			// Each account and region tells its own story, the first the same as ever.
			Region sandboxRegion = Region.of((region != null) ? region : SANDBOX_REGION);
			return new SandboxSsmClient(SandboxFleet.generate(clock.instant(), SANDBOX_SEED + index, sandboxRegion),
					clock);
		}
		SsmClientBuilder builder = AwsClientSettings.apply(SsmClient.builder(), properties);
		if (region != null) {
			builder.region(Region.of(region));
		}
		if (credentials != null) {
			builder.credentialsProvider(credentials);
		}
		if (endpoint != null) {
			builder.endpointOverride(endpoint);
		}
		return builder.build();
	}

	private static StsClient sts(AccountProperties accounts, String region) {
		StsClientBuilder builder = StsClient.builder().httpClientBuilder(ApacheHttpClient.builder());
		if (region != null) {
			builder.region(Region.of(region));
		}
		if (accounts.stsEndpoint() != null) {
			builder.endpointOverride(accounts.stsEndpoint());
		}
		return builder.build();
	}

	private static StsAssumeRoleCredentialsProvider assumeRole(StsClient sts, AccountProperties.Account account) {
		AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
			.roleArn(account.roleArn())
			.roleSessionName("runboard-" + account.name());
		if (StringUtils.hasText(account.externalId())) {
			request.externalId(account.externalId());
		}
		// Fetches lazily on the first call and renews in the background before expiry.
		return StsAssumeRoleCredentialsProvider.builder()
			.stsClient(sts)
			.refreshRequest(request.build())
			.asyncCredentialUpdateEnabled(true)
			.build();
	}

}
