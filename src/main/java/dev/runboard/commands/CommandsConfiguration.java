package dev.runboard.commands;

import dev.runboard.web.RequestBinder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the commands views bind what their links say into the records their handlers take.
 */
@Configuration(proxyBeanMethods = false)
class CommandsConfiguration {

	@Bean
	RequestBinder<CommandFilter> commandFilterBinder() {
		return CommandFilter.binder();
	}

	@Bean
	RequestBinder<CommandKey> commandKeyBinder() {
		return CommandKey.binder();
	}

}
