package dev.runboard.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

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

}
