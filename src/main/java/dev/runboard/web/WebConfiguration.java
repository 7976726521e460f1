package dev.runboard.web;

import java.util.List;

import dev.runboard.security.ServedPaths;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	private final AuditLog auditLog;

	private final ObjectProvider<RequestBinder<?>> binders;

	private final ObjectProvider<ServedPaths> served;

	WebConfiguration(AuditLog auditLog, ObjectProvider<RequestBinder<?>> binders, ObjectProvider<ServedPaths> served) {
		this.auditLog = auditLog;
		this.binders = binders;
		this.served = served;
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new RequestBinders(this.binders.orderedStream().toList()));
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.auditLog)
			.excludePathPatterns("/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/actuator/**");
		// What answers a browser with the whole page and htmx with a part of it: a cache
		// must keep the two apart, whichever it saw first.
		List<String> renderedTwoWays = this.served.orderedStream()
			.flatMap((paths) -> paths.renderedTwoWays().stream())
			.toList();
		if (!renderedTwoWays.isEmpty()) {
			registry.addInterceptor(new HandlerInterceptor() {
				@Override
				public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
					if (!response.containsHeader(HttpHeaders.VARY)
							|| !response.getHeaders(HttpHeaders.VARY).contains("HX-Request")) {
						response.addHeader(HttpHeaders.VARY, "HX-Request");
					}
					return true;
				}
			}).addPathPatterns(renderedTwoWays);
		}
	}

	/**
	 * Keeps Spring Boot from installing its resource URL rewriting (it does so whenever
	 * the webjars locator is present). That rewriting looks every link a page renders up
	 * as a static resource on the classpath, and remembers only the hits: some 250 links
	 * per 50-row page cost tens of milliseconds of jar lookups. Runboard versions no
	 * static URLs, and the webjars resolver still serves
	 * {@code /webjars/htmx.org/dist/...} without the version in the path.
	 */
	@Bean
	FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
		FilterRegistrationBean<ResourceUrlEncodingFilter> registration = new FilterRegistrationBean<>(
				new ResourceUrlEncodingFilter());
		registration.setEnabled(false);
		return registration;
	}

}
