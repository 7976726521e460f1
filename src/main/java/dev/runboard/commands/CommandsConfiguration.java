package dev.runboard.commands;

import dev.runboard.security.ServedPaths;
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

	/**
	 * The view's scroll pages, a row refreshing itself, the command page's summary; the
	 * view, whose filter changes get its results alone.
	 */
	@Bean
	ServedPaths commandsPaths() {
		return ServedPaths
			.fragments(CommandsController.PATH + "/rows", CommandLinks.PAGE + "/row", CommandLinks.PAGE + "/summary")
			.renderedTwoWays(CommandsController.PATH);
	}

	@Bean
	RequestBinder<CommandKey> commandKeyBinder() {
		return CommandKey.binder();
	}

}
