package dev.runboard.aws.sandbox;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code sandbox} source, Runboard's default: built-in data in place of an AWS
 * account.
 */
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {

	@Bean
	@ConditionalOnProperty(name = "runboard.ssm.source", havingValue = "sandbox", matchIfMissing = true)
	SandboxClientFactory sandboxClientFactory(Clock clock) {
		return new SandboxClientFactory(clock);
	}

	/**
	 * What the sandbox's fleet ran before the week it lists, for an empty history store.
	 */
	@Bean
	@ConditionalOnProperty(name = "runboard.ssm.source", havingValue = "sandbox", matchIfMissing = true)
	SandboxHistory sandboxHistory(SandboxClientFactory fleets, Clock clock) {
		return new SandboxHistory(fleets, clock);
	}

}
