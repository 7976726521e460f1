package dev.runboard.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.runboard.testing.RunboardTest.Setup;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * What makes a {@link RunboardTest} context: the properties of its {@link Setup}, the
 * same for every class of that setup, so Spring's test-context cache builds each setup
 * once per JVM; and a {@link SettableClock} as the application's {@code Clock}, standing
 * at the moment the context started until a test moves it; in the {@code aws} setup,
 * Tomcat's asynchronous timeout cut to half a second. Registered in
 * {@code META-INF/spring.factories}.
 */
class RunboardTestContextCustomizerFactory implements ContextCustomizerFactory {

	/** Hashed once per JVM: a hash as slow as this takes a noticeable moment. */
	private static final Supplier<String> SLOW_HASH = SingletonSupplier
		.of(() -> "{bcrypt}" + new BCryptPasswordEncoder(11).encode(LocalUsers.password(LocalUsers.SLOW)));

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		RunboardTest test = TestContextAnnotationUtils.findMergedAnnotation(testClass, RunboardTest.class);
		return (test != null) ? new SetupCustomizer(test.value()) : null;
	}

	/** The properties of each setup. */
	static Map<String, Object> properties(Setup setup) {
		Map<String, Object> properties = new LinkedHashMap<>();
		// Nothing calls AWS unless a test asks (the surefire and failsafe settings say
		// the
		// same for tests that start the application themselves).
		properties.put("runboard.warm-up.enabled", "false");
		properties.put("runboard.ssm.prefetch", Boolean.toString(setup == Setup.READING_AHEAD));
		properties.put("runboard.ssm.cache-ttl", "0");
		properties.put("runboard.ui.poll-interval", "1s");
		if (setup == Setup.SANDBOX) {
			properties.put("runboard.ssm.source", "sandbox");
			properties.put("server.servlet.context-path", "/runboard");
			properties.put("runboard.ssm.regions[0]", "eu-west-1");
			properties.put("runboard.ssm.regions[1]", "us-east-1");
			return properties;
		}
		properties.put("runboard.ssm.source", "aws");
		properties.put("runboard.ssm.region", "eu-west-1");
		properties.put("runboard.ssm.endpoint", FakeSsmServer.shared().endpoint().toString());
		// Tests hold answers back to make requests overlap.
		properties.put("runboard.ssm.api-call-attempt-timeout", "1m");
		properties.put("runboard.ssm.api-call-timeout", "2m");
		properties.put("runboard.output.s3-endpoint", FakeS3Server.shared().endpoint().toString());
		properties.put("runboard.output.logs-endpoint", FakeLogsServer.shared().endpoint().toString());
		// Whole output in many small reads.
		properties.put("runboard.output.max-bytes", "4096B");
		properties.put("runboard.output.log-events-limit", "40");
		properties.put("runboard.sts-endpoint", FakeStsServer.local().endpoint().toString());
		properties.put("runboard.commands.summary-max-pages", "2");
		// Exports that end within seconds, for their own limit or the container's.
		properties.put("runboard.export.time-limit", "5s");
		properties.put("runboard.export.max-concurrent", "3");
		properties.put("runboard.export.max-concurrent-per-user", "2");
		properties.put("runboard.actions.enabled", "true");
		properties.put("runboard.security.output-role", LocalUsers.OUTPUT_ROLE);
		properties.put("runboard.security.operator-role", LocalUsers.OPERATOR_ROLE);
		user(properties, 0, LocalUsers.OPS, "USER", LocalUsers.OUTPUT_ROLE, LocalUsers.OPERATOR_ROLE);
		user(properties, 1, LocalUsers.OPERATOR, "USER", LocalUsers.OPERATOR_ROLE);
		user(properties, 2, LocalUsers.READER, "USER", LocalUsers.OUTPUT_ROLE);
		user(properties, 3, LocalUsers.SLOW, "USER", LocalUsers.OUTPUT_ROLE);
		properties.put("runboard.security.users[3].password", SLOW_HASH.get());
		oidc(properties);
		return properties;
	}

	private static void user(Map<String, Object> properties, int index, String name, String... roles) {
		String prefix = "runboard.security.users[" + index + "].";
		properties.put(prefix + "name", name);
		properties.put(prefix + "password", "{noop}" + LocalUsers.password(name));
		properties.put(prefix + "roles", String.join(",", roles));
	}

	/**
	 * Sign-in through the JVM's provider: only its mapped groups give roles, and only its
	 * users in {@code staff} may sign in at all.
	 */
	private static void oidc(Map<String, Object> properties) {
		properties.put("runboard.security.oidc.role-mappings[ops-output]", LocalUsers.OUTPUT_ROLE);
		properties.put("runboard.security.oidc.role-mappings[staff]", "STAFF");
		properties.put("runboard.security.oidc.mapped-roles-only", "true");
		properties.put("runboard.security.oidc.required-role", "STAFF");
		String registration = "spring.security.oauth2.client.registration." + LocalOidc.REGISTRATION + ".";
		properties.put(registration + "provider", LocalOidc.ISSUER);
		properties.put(registration + "client-id", "runboard");
		properties.put(registration + "client-secret", "runboard-secret");
		properties.put(registration + "client-name", "Corporate SSO");
		properties.put(registration + "scope", "openid,profile");
		properties.put("spring.security.oauth2.client.provider." + LocalOidc.ISSUER + ".issuer-uri",
				LocalOidc.server().issuerUrl(LocalOidc.ISSUER).toString());
	}

	/** Equal for every class of one setup: the context cache's key. */
	record SetupCustomizer(Setup setup) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
			MutablePropertySources sources = context.getEnvironment().getPropertySources();
			MapPropertySource setup = new MapPropertySource("runboard-test-" + this.setup.name().toLowerCase(),
					properties(this.setup));
			// Below what a test states itself, above system properties and the
			// application's own properties.
			if (sources.contains(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME)) {
				sources.addBefore(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, setup);
			}
			else {
				sources.addFirst(setup);
			}
			((AbstractApplicationContext) context).addBeanFactoryPostProcessor(SetupCustomizer::standingClock);
			if (this.setup != Setup.SANDBOX) {
				((BeanDefinitionRegistry) context.getBeanFactory()).registerBeanDefinition("shortAsyncTimeout",
						new RootBeanDefinition(WebServerFactoryCustomizer.class, SetupCustomizer::shortAsyncTimeout));
			}
		}

		/**
		 * The container's own timeout of asynchronous requests, half a second where
		 * Tomcat's default is 30: an export must end by its own limits, never be cut off
		 * by the container's.
		 */
		private static WebServerFactoryCustomizer<TomcatServletWebServerFactory> shortAsyncTimeout() {
			return (factory) -> factory.addConnectorCustomizers((connector) -> connector.setAsyncTimeout(500));
		}

		/**
		 * Replaces the application's system clock with one that stands still: a test
		 * moves it to make a lock expire or a cached answer go stale, never waits for it.
		 */
		private static void standingClock(ConfigurableListableBeanFactory beans) {
			BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beans;
			if (registry.containsBeanDefinition("clock")) {
				registry.removeBeanDefinition("clock");
			}
			SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
			registry.registerBeanDefinition("clock", new RootBeanDefinition(SettableClock.class, () -> clock));
		}

	}

}
