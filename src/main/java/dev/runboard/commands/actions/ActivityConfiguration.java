package dev.runboard.commands.actions;

import dev.runboard.security.NamedViews;
import dev.runboard.security.ServedPaths;
import dev.runboard.web.RequestBinder;
import dev.runboard.web.RequestBinder.Values;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How {@code /activity} binds its filter and its scroll position, which of its addresses
 * is a fragment, and how a link to it is named.
 */
@Configuration(proxyBeanMethods = false)
class ActivityConfiguration {

	@Bean
	RequestBinder<ActivityFilter> activityFilterBinder() {
		return ActivityFilter.binder();
	}

	@Bean
	RequestBinder<ActivityFilter.Cursor> activityCursorBinder() {
		return ActivityFilter.Cursor.binder();
	}

	/** A page of the log, for its infinite scroll. */
	@Bean
	ServedPaths activityPaths() {
		return ServedPaths.fragments(ActivityController.ROWS);
	}

	@Bean
	NamedViews activityViews(RequestBinder<ActivityFilter> filters) {
		return NamedViews.of(ActivityController.PATH, (parameters, variables) -> {
			ActivityFilter filter = filters.bindAccepted(new Values(parameters, variables));
			return (filter != null) ? ActivityController.name(filter) : null;
		});
	}

}
