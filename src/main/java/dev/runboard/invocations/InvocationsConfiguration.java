package dev.runboard.invocations;

import dev.runboard.aws.OutputRequest;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.invocations.OutputRequests.PluginStream;
import dev.runboard.security.NamedViews;
import dev.runboard.security.ServedPaths;
import dev.runboard.web.RequestBinder;
import dev.runboard.web.RequestBinder.Values;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the invocations views bind what their links say into the records their handlers
 * take.
 */
@Configuration(proxyBeanMethods = false)
class InvocationsConfiguration {

	/**
	 * @throws IllegalStateException when the configured accounts and regions alone are
	 * more streams than a view may read: the unfiltered table could never be shown
	 */
	@Bean
	RequestBinder<InvocationFilter> invocationFilterBinder(Sources sources, InvocationsProperties properties) {
		if (sources.all().size() > properties.maxStreams()) {
			throw new IllegalStateException("Runboard reads " + sources.all().size() + " accounts and regions, but "
					+ "runboard.invocations.max-streams allows a view to read " + properties.maxStreams() + ": the "
					+ "table of every invocation could not be shown. Raise runboard.invocations.max-streams "
					+ "(RUNBOARD_INVOCATIONS_MAX_STREAMS) to at least " + sources.all().size() + ".");
		}
		return InvocationFilter.binder(sources, properties.maxStreams());
	}

	@Bean
	RequestBinder<HistoryFilter> historyFilterBinder(Sources sources) {
		return HistoryFilter.binder(sources);
	}

	/**
	 * The table's and history's scroll pages, a row refreshing itself, a chunk of output;
	 * the table, history and the detail page, whose htmx requests get a part of them.
	 */
	@Bean
	ServedPaths invocationsPaths() {
		return ServedPaths
			.fragments(InvocationsController.PATH + "/rows", HistoryController.ROWS, InvocationLinks.DETAIL + "/row",
					InvocationLinks.DETAIL + "/output")
			.renderedTwoWays(InvocationsController.PATH, HistoryController.PATH, InvocationLinks.DETAIL);
	}

	/**
	 * The table, history and the detail page, named from their links alone, as their
	 * handlers' binders read them.
	 */
	@Bean
	NamedViews invocationsViews(RequestBinder<InvocationFilter> filters, RequestBinder<HistoryFilter> histories,
			RequestBinder<InvocationKey> keys, RequestBinder<Source> sources, InvocationTitles titles) {
		return NamedViews.of(InvocationsController.PATH, (parameters, variables) -> {
			InvocationFilter filter = filters.bindAccepted(new Values(parameters, variables));
			return (filter != null) ? titles.list(filter) : null;
		}).and(HistoryController.PATH, (parameters, variables) -> {
			HistoryFilter filter = histories.bindAccepted(new Values(parameters, variables));
			return (filter != null) ? titles.history(filter) : null;
		}).and(InvocationLinks.DETAIL, (parameters, variables) -> {
			Values values = new Values(parameters, variables);
			InvocationKey key = keys.bindAccepted(values);
			return (key != null) ? titles.detail(key, sources.bindAccepted(values)) : null;
		});
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
