package dev.runboard.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

/**
 * A slice of the application for controllers, binders and {@code web/ErrorAdvice}: Spring
 * MVC, Thymeleaf, htmx and Spring Security as the application configures them, with
 * Runboard's own beans, but no web server, actuator or metrics export. Behind the
 * controllers are the real {@code SdkRunCommand}s over the sandbox's client factory
 * ({@code aws/sandbox/SandboxClientFactory}), so a slice test renders what the
 * application would from the built-in data set, never from a hand-written
 * {@code RunCommand}.
 * <p>
 * Every slice test shares one context: the defaults of a deployment on the sandbox, but
 * actions off, as they are by default for the {@code aws} source. Requests go through
 * {@code MockMvcTester}; {@code @WithMockUser} says who asks.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@WebMvcTest(
		properties = { "runboard.ssm.source=sandbox", "runboard.actions.enabled=false",
				"runboard.warm-up.enabled=false" },
		includeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION,
				classes = { Component.class, ConfigurationProperties.class }))
@Import(RunboardWebTest.Infrastructure.class)
public @interface RunboardWebTest {

	/**
	 * What the whole application gets from auto-configuration that a web slice leaves
	 * out: a registry for the calls' meters.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	class Infrastructure {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
