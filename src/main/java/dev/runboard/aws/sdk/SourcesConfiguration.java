package dev.runboard.aws.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;

import dev.runboard.aws.AccountProperties;
import dev.runboard.aws.AccountProperties.Account;
import dev.runboard.aws.OutputProperties;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.aws.SsmProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every account and region Runboard reads, each a {@link Source} whose calls go through
 * its own SDK clients, built once at startup by the {@link SdkClientFactory} the
 * configured source calls for, and closed by Spring on shutdown.
 */
@Configuration(proxyBeanMethods = false)
class SourcesConfiguration {

	/** The region of the sandbox when none is configured. */
	static final String SANDBOX_REGION = "eu-west-1";

	@Bean(destroyMethod = "close")
	@ConditionalOnProperty(name = "runboard.ssm.source", havingValue = "aws")
	SdkClientFactory awsClientFactory(SsmProperties ssm, OutputProperties output, AccountProperties accounts) {
		return new AwsClientFactory(ssm, output, accounts);
	}

	/** How long a page read ahead is kept for the scroll that will ask for it. */
	static final Duration READ_AHEAD_EXPIRY = Duration.ofSeconds(30);

	@Bean
	Sources sources(SdkClientFactory factory, SsmProperties ssm, AccountProperties accountProperties,
			OutputProperties output, MeterRegistry meters,
			@Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor executor) {
		List<Source> sources = new ArrayList<>();
		List<String> regions = ssm.regions().isEmpty() ? singleRegion(ssm) : ssm.regions();
		List<Account> accounts = accountProperties.accounts().isEmpty() ? Collections.singletonList(null)
				: accountProperties.accounts();
		// One store of each kind for every source, bounded by weight: bounds per source
		// would multiply by accounts × regions.
		long maxBytes = ssm.cacheMaxSize().toBytes();
		KeptAnswers cache = ssm.cacheTtl().isZero() ? null : new KeptAnswers(ssm.cacheTtl(), maxBytes);
		KeptAnswers readAhead = ssm.prefetch() ? new KeptAnswers(READ_AHEAD_EXPIRY, maxBytes) : null;
		for (Account account : accounts) {
			List<String> accountRegions = (account == null || account.regions().isEmpty()) ? regions
					: account.regions();
			for (String region : accountRegions) {
				SdkClients clients = factory.clients(account, region, sources.size());
				String name = (account != null) ? account.name() : null;
				String regionId = clients.ssm().serviceClientConfiguration().region().id();
				String where = Source.label(name, regionId);
				sources.add(new Source(name, regionId,
						new SdkRunCommand(clients, where,
								new AwsCalls(where, cache, readAhead(readAhead, where, ssm, executor, meters), meters),
								WholeOutputReader.Limits.of(output))));
			}
		}
		return new Sources(sources);
	}

	/**
	 * Reads ahead on the application's task executor (virtual threads where Spring Boot
	 * runs on them), at most a quarter of the SSM connection pool at once, so that
	 * user-facing calls always find a connection.
	 */
	private static ReadAhead readAhead(KeptAnswers answers, String where, SsmProperties ssm, Executor executor,
			MeterRegistry meters) {
		return (answers != null)
				? new ReadAhead(answers, where, Math.max(1, ssm.maxConnections() / 4), executor, meters) : null;
	}

	private static List<String> singleRegion(SsmProperties properties) {
		if (properties.region() != null) {
			return List.of(properties.region());
		}
		// The SDK's default region chain decides; null asks it to.
		return properties.sandbox() ? List.of(SANDBOX_REGION) : Collections.singletonList(null);
	}

}
