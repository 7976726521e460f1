package dev.runboard.web;

import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link RequestBinder}s every view shares.
 */
@Configuration(proxyBeanMethods = false)
class BinderConfiguration {

	/**
	 * The one account and region a single-source view reads: those the link names, each
	 * defaulting to the first configured.
	 */
	@Bean
	RequestBinder<Source> sourceBinder(Sources sources) {
		return RequestBinder.of(Source.class,
				(values) -> sources.one(sources.accountNamed(values.single("account"), false),
						sources.regionNamed(values.single("region"), false)));
	}

	/** The page token a scroll request carries. */
	@Bean
	RequestBinder<PageToken> pageTokenBinder() {
		return RequestBinder.of(PageToken.class, (values) -> PageToken.of(values.single("nextToken")));
	}

}
