package dev.runboard.replicas;

import dev.runboard.history.HistoryActivation;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether sessions are kept in the store, decided once for every part that depends on it:
 * with a store that is a configured datasource ({@code spring.datasource.url}, history
 * on), unless {@code runboard.sessions.shared=false} keeps them in memory for a single
 * replica that should not depend on the store to sign in. The sandbox's own PostgreSQL
 * lives and dies with its one process, so its sessions stay in memory unless asked. Then
 * the store is required for signing in and for every page, and readiness includes it
 * ({@link SessionStoreHealth}).
 */
public final class SharedSessions {

	private SharedSessions() {
	}

	static boolean inStore(Environment environment) {
		if (!HistoryActivation.enabled(environment)) {
			return false;
		}
		return Binder.get(environment)
			.bind("runboard.sessions.shared", Boolean.class)
			.orElseGet(() -> HistoryActivation.datasource(environment));
	}

	/** Matches when sessions are kept in the store. */
	static final class InStore extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return inStore(context.getEnvironment()) ? ConditionOutcome.match("sessions are kept in the store")
					: ConditionOutcome
						.noMatch("sessions stay in memory (runboard.sessions.shared, spring.datasource.url)");
		}

	}

}
