package dev.runboard.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	private final AuditLog auditLog;

	WebConfiguration(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.auditLog)
			.excludePathPatterns("/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/actuator/**");
	}

	/**
	 * Keeps Spring Boot from installing its resource URL rewriting (it does so whenever the
	 * webjars locator is present). That rewriting looks every link a page renders up as a
	 * static resource on the classpath, and remembers only the hits: some 250 links per
	 * 50-row page cost tens of milliseconds of jar lookups. Runboard versions no static
	 * URLs, and the webjars resolver still serves {@code /webjars/htmx.org/dist/...}
	 * without the version in the path.
	 */
	@Bean
	FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
		FilterRegistrationBean<ResourceUrlEncodingFilter> registration = new FilterRegistrationBean<>(
				new ResourceUrlEncodingFilter());
		registration.setEnabled(false);
		return registration;
	}

}
