package dev.runboard.history;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Whether Runboard keeps history, decided once for every part that depends on it:
 * {@code runboard.history.enabled} when set; else on with a datasource
 * ({@code spring.datasource.url}) or in the sandbox (which starts its own PostgreSQL),
 * else off. Off, nothing of the store exists: no datasource, no Flyway, no recorder
 * ({@link HistoryOffFilter}).
 */
public final class HistoryActivation {

	private HistoryActivation() {
	}

	public static boolean enabled(Environment environment) {
		return Binder.get(environment)
			.bind("runboard.history.enabled", Boolean.class)
			.orElseGet(() -> datasource(environment) || sandbox(environment));
	}

	/**
	 * Whether the store is the sandbox's own PostgreSQL, started in-process: history on,
	 * in the sandbox, with no datasource configured.
	 */
	static boolean embedded(Environment environment) {
		return enabled(environment) && !datasource(environment) && sandbox(environment);
	}

	static boolean datasource(Environment environment) {
		return StringUtils.hasText(environment.getProperty("spring.datasource.url"));
	}

	private static boolean sandbox(Environment environment) {
		return !"aws".equalsIgnoreCase(environment.getProperty("runboard.ssm.source", "sandbox").strip());
	}

	/** Matches when history is on. */
	public static final class Enabled extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return enabled(context.getEnvironment()) ? ConditionOutcome.match("history is on")
					: ConditionOutcome.noMatch("history is off (runboard.history.enabled, spring.datasource.url)");
		}

	}

	/** Matches when history is on and its store is the sandbox's own PostgreSQL. */
	static final class Embedded extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return embedded(context.getEnvironment())
					? ConditionOutcome.match("history in the sandbox without a datasource")
					: ConditionOutcome.noMatch("history off, or a datasource configured, or not the sandbox");
		}

	}

}
