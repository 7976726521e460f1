package dev.runboard.security;

import java.util.List;
import java.util.Map;

import dev.runboard.aws.SsmProperties;
import io.github.wimdeblauwe.htmx.spring.boot.security.HxRefreshHeaderAuthenticationEntryPoint;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every page needs a signed-in user; only the login page, static assets and the health
 * endpoints are open. Local users sign in with a form, and an OIDC provider is offered
 * when one is configured.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Requests htmx makes: they ask for a part of a page, never a page. */
	static final RequestMatcher HTMX = new RequestHeaderRequestMatcher("HX-Request", "true");

	/**
	 * Pages load scripts and styles only from Runboard itself: no inline script or style,
	 * no eval, no framing, no plugins.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
			+ "form-action 'self'";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, RunboardSecurityProperties properties,
			ObjectProvider<ClientRegistrationRepository> clientRegistrations, List<ServedPaths> served)
			throws Exception {
		HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
		// Return to the link as it was shared, without a "continue" marker appended.
		requestCache.setMatchingRequestParameterName(null);
		// After signing in, return to the page, never to a fragment, whether an htmx
		// request asked for it or a browser opened its address.
		RequestMatcher fragments = fragments(served);
		requestCache.setRequestMatcher((request) -> "GET".equals(request.getMethod()) && !HTMX.matches(request)
				&& !fragments.matches(request));
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error", "/actuator/health",
					"/actuator/health/**")
			.permitAll()
			.anyRequest()
			.authenticated())
			.formLogin((form) -> form.loginPage("/login").failureHandler(failureHandler()).permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout"))
			.sessionManagement((sessions) -> sessions.sessionFixation((fixation) -> fixation.changeSessionId()))
			.requestCache((cache) -> cache.requestCache(requestCache))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint()))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
				.httpStrictTransportSecurity((hsts) -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)));
		if (clientRegistrations.getIfAvailable() != null) {
			http.oauth2Login((oauth) -> oauth.loginPage("/login")
				.userInfoEndpoint((userInfo) -> userInfo.oidcUserService(new OidcUsers(properties.oidc())))
				.failureHandler(oidcFailureHandler()));
		}
		return http.build();
	}

	/** The fragments every feature declares it serves. */
	private static RequestMatcher fragments(List<ServedPaths> served) {
		List<RequestMatcher> matchers = served.stream()
			.flatMap((paths) -> paths.fragments().stream())
			.map((path) -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(path))
			.toList();
		return matchers.isEmpty() ? (request) -> false : new OrRequestMatcher(matchers);
	}

	/**
	 * Browsers go to the login page. An htmx request whose session has expired must not
	 * get the login form swapped into the table: it gets 403 with {@code HX-Refresh}, so
	 * the browser reloads the page it shows, which takes it to the login page and, once
	 * signed in, back to that page.
	 */
	private static AuthenticationEntryPoint entryPoint() {
		return DelegatingAuthenticationEntryPoint.builder()
			.addEntryPointFor(new HxRefreshHeaderAuthenticationEntryPoint(), HTMX)
			.defaultEntryPoint(new LoginUrlAuthenticationEntryPoint("/login"))
			.build();
	}

	private static ExceptionMappingAuthenticationFailureHandler failureHandler() {
		ExceptionMappingAuthenticationFailureHandler handler = new ExceptionMappingAuthenticationFailureHandler();
		handler.setDefaultFailureUrl("/login?error");
		handler.setExceptionMappings(Map.of(LockedException.class.getName(), "/login?locked"));
		return handler;
	}

	/**
	 * An OIDC sign-in refused for want of the required role gets a page that says so; any
	 * other failure the login page's usual error.
	 */
	private static AuthenticationFailureHandler oidcFailureHandler() {
		AuthenticationFailureHandler refused = new SimpleUrlAuthenticationFailureHandler("/login?refused");
		AuthenticationFailureHandler failed = new SimpleUrlAuthenticationFailureHandler("/login?error");
		return (request, response, ex) -> {
			boolean roleMissing = ex instanceof OAuth2AuthenticationException oauth
					&& OidcUsers.ROLE_REQUIRED.equals(oauth.getError().getErrorCode());
			(roleMissing ? refused : failed).onAuthenticationFailure(request, response, ex);
		};
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/**
	 * Reserves a password check for the user name before looking it up, so a name is
	 * checked at most {@code max-failures} times per window however many sign-ins arrive
	 * at once; a locked name is refused even with the right password until the lock
	 * expires, and a locked name that does not exist is refused the same way (the answer
	 * reveals no names).
	 */
	@Bean
	DaoAuthenticationProvider authenticationProvider(RunboardSecurityProperties properties, SsmProperties ssm,
			Environment environment, PasswordEncoder encoder, LoginAttempts attempts, WarmUpUser warmUp) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(
				warmUp.and(localUsers(properties, ssm, environment))) {

			@Override
			public Authentication authenticate(Authentication authentication) {
				LoginAttempts.Attempt attempt = attempts.reserve(authentication.getName());
				Authentication authenticated;
				try {
					authenticated = super.authenticate(authentication);
				}
				catch (BadCredentialsException ex) {
					attempts.failed(attempt);
					throw ex;
				}
				catch (RuntimeException ex) {
					attempts.released(attempt);
					throw ex;
				}
				attempts.succeeded(attempt);
				return authenticated;
			}

		};
		provider.setPasswordEncoder(encoder);
		return provider;
	}

	/**
	 * The local users. Outside the sandbox there is no default user, and without local
	 * users or an OIDC client nobody could sign in: refuse to start.
	 */
	static InMemoryUserDetailsManager localUsers(RunboardSecurityProperties properties, SsmProperties ssm,
			Environment environment) {
		List<UserDetails> users = properties.users()
			.stream()
			.map((user) -> User.withUsername(user.name())
				.password(user.password())
				.roles(user.roles().toArray(String[]::new))
				.build())
			.toList();
		if (users.isEmpty() && ssm.sandbox()) {
			// The sandbox's user may try everything, actions included.
			users = List
				.of(User.withUsername("demo").password("{noop}demo").roles("USER", properties.operatorRole()).build());
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

	static boolean oidcConfigured(Environment environment) {
		return !Binder.get(environment)
			.bind("spring.security.oauth2.client.registration", Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of())
			.isEmpty();
	}

}
