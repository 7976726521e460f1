package dev.runboard.history;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Keeps Spring Boot's JDBC and Flyway auto-configurations out when history is off, so
 * that the {@code aws} source without a datasource starts as it did before Runboard had a
 * store: Boot would otherwise make a connection pool with no URL and fail. Registered in
 * {@code META-INF/spring.factories}; decides with {@link HistoryActivation}, the one
 * rule.
 */
class HistoryOffFilter implements AutoConfigurationImportFilter, EnvironmentAware {

	private static final String[] STORE_PACKAGES = { "org.springframework.boot.jdbc.autoconfigure.",
			"org.springframework.boot.flyway.autoconfigure." };

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
		boolean on = HistoryActivation.enabled(this.environment);
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < autoConfigurationClasses.length; i++) {
			matches[i] = on || !store(autoConfigurationClasses[i]);
		}
		return matches;
	}

	private static boolean store(String autoConfiguration) {
		if (autoConfiguration == null) {
			return false;
		}
		for (String prefix : STORE_PACKAGES) {
			if (autoConfiguration.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
