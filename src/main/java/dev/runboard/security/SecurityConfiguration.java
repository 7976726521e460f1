package dev.runboard.security;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.runboard.aws.SsmProperties;
import io.github.wimdeblauwe.htmx.spring.boot.security.HxRefreshHeaderAuthenticationEntryPoint;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.savedrequest.NullRequestCache;
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
			ObjectProvider<ClientRegistrationRepository> clientRegistrations, SignInTargets targets,
			SignInRedirects redirects, SignInCsrfTokens csrfTokens, ApplicationEventPublisher events, Clock clock)
			throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error", "/actuator/health",
					"/actuator/health/**")
			.permitAll()
			.anyRequest()
			.authenticated())
			.formLogin((form) -> form.loginPage("/login")
				.successHandler(redirects.landing())
				.failureHandler(failureHandler(redirects))
				.permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout"))
			.sessionManagement((sessions) -> sessions.sessionFixation((fixation) -> fixation.changeSessionId()))
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens))
			// Where to return after signing in travels in the login page's address
			// (SignInTargets): nothing is kept in a session for a signed-out request.
			.requestCache((cache) -> cache.requestCache(new NullRequestCache()))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint(redirects))
				.accessDeniedHandler(accessDenied(events)))
			.addFilterBefore(new SessionMaxAge(properties.session().maxAge(), clock), SecurityContextHolderFilter.class)
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
				.httpStrictTransportSecurity((hsts) -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000))
				.addHeaderWriter(new StaticHeadersWriter("X-Robots-Tag", "noindex")));
		ClientRegistrationRepository registrations = clientRegistrations.getIfAvailable();
		if (registrations != null) {
			http.oauth2Login((oauth) -> oauth.loginPage("/login")
				.authorizationEndpoint((authorization) -> authorization
					.authorizationRequestResolver(OidcSignInTarget.resolver(registrations, targets))
					.authorizationRequestRepository(OidcSignInTarget.repository()))
				.userInfoEndpoint((userInfo) -> userInfo.oidcUserService(new OidcUsers(properties)))
				.successHandler(redirects.landing())
				.failureHandler(oidcFailureHandler(redirects)));
		}
		return http.build();
	}

	/**
	 * Browsers go to the login page, with the page they asked for in its address. An htmx
	 * request whose session has expired must not get the login form swapped into the
	 * table: it gets 403 with {@code HX-Refresh}, so the browser reloads the page it
	 * shows, which takes it to the login page and, once signed in, back to that page.
	 */
	private static AuthenticationEntryPoint entryPoint(SignInRedirects redirects) {
		return DelegatingAuthenticationEntryPoint.builder()
			.addEntryPointFor(new HxRefreshHeaderAuthenticationEntryPoint(), HTMX)
			.defaultEntryPoint(redirects.entryPoint())
			.build();
	}

	/**
	 * A request Spring Security refused for a signed-in user (a form without a valid CSRF
	 * token) is published ({@link RequestRefused}), so that the feature it was for can
	 * audit it, and answered 403 as usual.
	 */
	private static AccessDeniedHandler accessDenied(ApplicationEventPublisher events) {
		AccessDeniedHandler denied = new AccessDeniedHandlerImpl();
		return (request, response, ex) -> {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			String reason = (ex instanceof CsrfException) ? "no valid CSRF token" : "access denied";
			events.publishEvent(
					new RequestRefused(request, (authentication != null) ? authentication.getName() : null, reason));
			denied.handle(request, response, ex);
		};
	}

	private static ExceptionMappingAuthenticationFailureHandler failureHandler(SignInRedirects redirects) {
		ExceptionMappingAuthenticationFailureHandler handler = new ExceptionMappingAuthenticationFailureHandler();
		handler.setDefaultFailureUrl("/login?error");
		handler.setExceptionMappings(Map.of(LockedException.class.getName(), "/login?locked"));
		handler.setRedirectStrategy(redirects.keepingTarget());
		// The login page says why from its address: a failed sign-in keeps nothing in a
		// session (with sessions in the store, a guesser would write a row per guess).
		handler.setAllowSessionCreation(false);
		return handler;
	}

	/**
	 * An OIDC sign-in refused for want of the required role gets a page that says so; any
	 * other failure the login page's usual error.
	 */
	private static AuthenticationFailureHandler oidcFailureHandler(SignInRedirects redirects) {
		SimpleUrlAuthenticationFailureHandler refused = new SimpleUrlAuthenticationFailureHandler("/login?refused");
		SimpleUrlAuthenticationFailureHandler failed = new SimpleUrlAuthenticationFailureHandler("/login?error");
		refused.setRedirectStrategy(redirects.keepingTarget());
		failed.setRedirectStrategy(redirects.keepingTarget());
		refused.setAllowSessionCreation(false);
		failed.setAllowSessionCreation(false);
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
	 * reveals no names). The lockout is the store's, shared by every replica, when
	 * sessions are kept there, else this replica's ({@link SignInLockout}).
	 */
	@Bean
	DaoAuthenticationProvider authenticationProvider(RunboardSecurityProperties properties, SsmProperties ssm,
			Environment environment, PasswordEncoder encoder, SignInLockout lockout, WarmUpUser warmUp) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(
				warmUp.and(localUsers(properties, ssm, environment))) {

			@Override
			public Authentication authenticate(Authentication authentication) {
				SignInLockout.Check check = lockout.reserve(authentication.getName());
				Authentication authenticated;
				try {
					authenticated = super.authenticate(authentication);
				}
				catch (BadCredentialsException ex) {
					check.failed();
					throw ex;
				}
				catch (RuntimeException ex) {
					check.released();
					throw ex;
				}
				check.succeeded();
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
