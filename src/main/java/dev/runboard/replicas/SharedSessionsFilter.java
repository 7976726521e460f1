package dev.runboard.replicas;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Keeps Spring Boot's Spring Session JDBC auto-configuration out unless sessions are kept
 * in the store ({@link SharedSessions}): with a datasource it would otherwise take every
 * session into the store, {@code runboard.sessions.shared=false} or not. Registered in
 * {@code META-INF/spring.factories}.
 */
class SharedSessionsFilter implements AutoConfigurationImportFilter, EnvironmentAware {

	private static final String SESSIONS_IN_JDBC = "org.springframework.boot.session.jdbc.autoconfigure.";

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
		boolean inStore = SharedSessions.inStore(this.environment);
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < autoConfigurationClasses.length; i++) {
			String candidate = autoConfigurationClasses[i];
			matches[i] = inStore || candidate == null || !candidate.startsWith(SESSIONS_IN_JDBC);
		}
		return matches;
	}

}
