package dev.runboard.testing;

import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives every Spring context the tests start a PostgreSQL database of its own, made only
 * when the context asks for one: the first read of {@code spring.datasource.url} (which
 * Spring Boot's datasource makes) creates it on {@link TestPostgres}'s server, and starts
 * that server if nothing did before. A context that never reads it costs nothing.
 * Connection pools are small: contexts stay cached side by side, and each pool's
 * connections are a PostgreSQL process.
 * <p>
 * Registered in {@code META-INF/spring.factories}. Every test class gets the same
 * customizer, so it never splits Spring's context cache.
 */
class TestDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

	static final String URL = "spring.datasource.url";

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return new TestDatabase();
	}

	static final class TestDatabase implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
			context.getEnvironment().getPropertySources().addLast(new LazyDatabase());
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof TestDatabase;
		}

		@Override
		public int hashCode() {
			return TestDatabase.class.hashCode();
		}

	}

	/**
	 * The datasource properties of one context's database, which exists from the first
	 * read of its URL. Not enumerable, so that listing properties (the actuator's
	 * {@code env}, binding a prefix) never creates it.
	 */
	static final class LazyDatabase extends PropertySource<Object> {

		private static final Map<String, String> POOL = Map.of("spring.datasource.username", TestPostgres.USER,
				"spring.datasource.hikari.maximum-pool-size", "3", "spring.datasource.hikari.minimum-idle", "0");

		private volatile String url;

		LazyDatabase() {
			super("runboard-test-database");
		}

		@Override
		public Object getProperty(String name) {
			if (URL.equals(name)) {
				return url();
			}
			return POOL.get(name);
		}

		private synchronized String url() {
			if (this.url == null) {
				this.url = TestPostgres.freshDatabase();
			}
			return this.url;
		}

	}

}
