package dev.runboard.security;

import java.util.List;
import java.util.Map;

import dev.runboard.ssm.SsmProperties;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every page needs a signed-in user; only the login page, static assets and the health
 * endpoint are open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final RequestMatcher HTMX = (request) -> "true".equals(request.getHeader("HX-Request"));

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
		// After signing in, return to the page, never to a fragment an htmx request asked for.
		requestCache.setRequestMatcher((request) -> "GET".equals(request.getMethod()) && !HTMX.matches(request)
				&& !request.getRequestURI().endsWith("/rows"));
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error",
					"/actuator/health", "/actuator/health/**")
			.permitAll()
			.anyRequest()
			.authenticated())
			.formLogin((form) -> form.loginPage("/login").permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout"))
			.requestCache((cache) -> cache.requestCache(requestCache))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint()));
		return http.build();
	}

	/**
	 * Browsers go to the login page. An htmx request whose session has expired must not
	 * get the login form swapped into the table: it gets 401, and {@code HX-Redirect}
	 * sends the whole browser to the login page.
	 */
	private static AuthenticationEntryPoint entryPoint() {
		AuthenticationEntryPoint loginPage = new LoginUrlAuthenticationEntryPoint("/login");
		return (request, response, ex) -> {
			if (HTMX.matches(request)) {
				response.setHeader("HX-Redirect", request.getContextPath() + "/login");
				response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			}
			else {
				loginPage.commence(request, response, ex);
			}
		};
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	InMemoryUserDetailsManager userDetailsService(RunboardSecurityProperties properties, SsmProperties ssm,
			Environment environment) {
		List<UserDetails> users = properties.users()
			.stream()
			.map((user) -> User.withUsername(user.name())
				.password(user.password())
				.roles(user.roles().toArray(String[]::new))
				.build())
			.toList();
		if (users.isEmpty() && ssm.sandbox()) {
			users = List.of(User.withUsername("demo").password("{noop}demo").roles("USER").build());
		}
		if (users.isEmpty() && !oidcConfigured(environment)) {
			throw new IllegalStateException("Runboard will not start without a way to sign in. Set a local user "
					+ "(runboard.security.users[0].name and runboard.security.users[0].password, e.g. "
					+ "RUNBOARD_SECURITY_USERS_0_NAME and RUNBOARD_SECURITY_USERS_0_PASSWORD='{bcrypt}...') or an "
					+ "OIDC client (spring.security.oauth2.client.registration.<id>.*). There is no default "
					+ "password outside the sandbox.");
		}
		return new InMemoryUserDetailsManager(users);
	}

	private static boolean oidcConfigured(Environment environment) {
		return !Binder.get(environment)
			.bind("spring.security.oauth2.client.registration", Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of())
			.isEmpty();
	}

}
