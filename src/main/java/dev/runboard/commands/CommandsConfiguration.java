package dev.runboard.commands;

import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.security.NamedViews;
import dev.runboard.security.ServedPaths;
import dev.runboard.web.RequestBinder;
import dev.runboard.web.RequestBinder.Values;

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

	/**
	 * The commands view and the command page, named from their links alone, as their
	 * handlers' binders read them.
	 */
	@Bean
	NamedViews commandsViews(RequestBinder<CommandFilter> filters, RequestBinder<CommandScope> scopes,
			RequestBinder<CommandKey> keys, RequestBinder<Source> sources, CommandTitles titles) {
		return NamedViews.of(CommandsController.PATH, (parameters, variables) -> {
			Values values = new Values(parameters, variables);
			CommandFilter filter = filters.bindAccepted(values);
			return (filter != null) ? titles.list(filter, scopes.bindAccepted(values)) : null;
		}).and(CommandLinks.PAGE, (parameters, variables) -> {
			Values values = new Values(parameters, variables);
			CommandKey key = keys.bindAccepted(values);
			return (key != null) ? titles.command(key, sources.bindAccepted(values)) : null;
		});
	}

	@Bean
	RequestBinder<CommandScope> commandScopeBinder(Sources sources) {
		return CommandScope.binder(sources);
	}

	@Bean
	RequestBinder<CommandKey> commandKeyBinder() {
		return CommandKey.binder();
	}

}
