package dev.runboard.invocations;

import dev.runboard.aws.OutputRequest;
import dev.runboard.aws.Sources;
import dev.runboard.invocations.OutputRequests.PluginStream;
import dev.runboard.web.RequestBinder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the invocations views bind what their links say into the records their handlers
 * take.
 */
@Configuration(proxyBeanMethods = false)
class InvocationsConfiguration {

	@Bean
	RequestBinder<InvocationFilter> invocationFilterBinder(Sources sources) {
		return InvocationFilter.binder(sources);
	}

	@Bean
	RequestBinder<InvocationKey> invocationKeyBinder() {
		return InvocationKey.binder();
	}

	@Bean
	RequestBinder<OutputRequest> outputRequestBinder() {
		return OutputRequests.binder();
	}

	@Bean
	RequestBinder<PluginStream> pluginStreamBinder() {
		return OutputRequests.pluginStreamBinder();
	}

}
