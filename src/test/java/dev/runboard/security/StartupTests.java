package dev.runboard.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.runboard.RunboardApplication;
import dev.runboard.aws.SsmProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Secure defaults at start-up: no default password outside the sandbox, and no start at
 * all when nobody could sign in. Each test starts the whole application as a deployment
 * would, on a free port.
 */
class StartupTests {

	@Test
	void awsSourceWithoutLocalUserOrOidcClientRefusesToStartAndSaysWhatToSet() {
		assertThatException().isThrownBy(() -> start("runboard.ssm.source=aws"))
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("runboard.security.users[0].name")
			.withMessageContaining("runboard.security.users[0].password")
			.withMessageContaining("RUNBOARD_SECURITY_USERS_0_NAME")
			.withMessageContaining("spring.security.oauth2.client.registration")
			.withMessageContaining("no default password");
	}

	/**
	 * With actions on and OIDC signing in, groups without a mapping must not become
	 * roles: Runboard says so and does not start.
	 */
	@Test
	void actionsWithUnmappedOidcGroupsAsRolesRefuseToStart() {
		String registration = "spring.security.oauth2.client.registration.google.";
		assertThatException()
			.isThrownBy(() -> start("runboard.ssm.source=aws", registration + "client-id=runboard",
					registration + "client-secret=not-a-real-secret", "runboard.actions.enabled=true",
					"runboard.security.oidc.mapped-roles-only=false"))
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("runboard.security.oidc.mapped-roles-only")
			.withMessageContaining("runboard.security.oidc.role-mappings");
	}

	/**
	 * The same deployment, leaving {@code mapped-roles-only} at its default: it starts,
	 * so the refusal above is the property's doing.
	 */
	@Test
	void actionsWithOidcStartWhenOnlyMappedGroupsBecomeRolesAsByDefault() {
		String registration = "spring.security.oauth2.client.registration.google.";
		try (ConfigurableApplicationContext context = start("runboard.ssm.source=aws",
				registration + "client-id=runboard", registration + "client-secret=not-a-real-secret",
				"runboard.actions.enabled=true")) {
			assertThat(context.getBean(RunboardSecurityProperties.class).oidc().mappedRolesOnly()).isTrue();
			assertThat(context.getBean(OperatorAccess.class).enabled()).isTrue();
		}
	}

	@Test
	void localUserPasswordWithoutItsAlgorithmRefusesToStart() {
		assertThatException()
			.isThrownBy(() -> start("runboard.ssm.source=aws", "runboard.security.users[0].name=ops",
					"runboard.security.users[0].password=plain-text"))
			.havingRootCause()
			.withMessageContaining("runboard.security.users[0].password")
			.withMessageContaining("{bcrypt}");
	}

	@Test
	void awsSourceStartsWithALocalUserAndHasNoDemoUser() {
		try (ConfigurableApplicationContext context = start("runboard.ssm.source=aws",
				"runboard.security.users[0].name=ops", "runboard.security.users[0].password={noop}a-long-passphrase")) {
			assertThat(context.getBean(SsmProperties.class).sandbox()).isFalse();
			AuthenticationManager authentication = authenticationManager(context);
			assertThatException()
				.isThrownBy(() -> authentication
					.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("demo", "demo")))
				.isInstanceOf(BadCredentialsException.class);
			assertThat(authentication
				.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("ops", "a-long-passphrase"))
				.isAuthenticated()).isTrue();
		}
	}

	@Test
	void awsSourceStartsWithOnlyAnOidcClient() {
		String registration = "spring.security.oauth2.client.registration.corp.";
		String provider = "spring.security.oauth2.client.provider.corp.";
		try (ConfigurableApplicationContext context = start("runboard.ssm.source=aws",
				registration + "client-id=runboard", registration + "client-secret=secret",
				registration + "scope=openid", registration + "authorization-grant-type=authorization_code",
				registration + "redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
				provider + "authorization-uri=https://sso.example.com/authorize",
				provider + "token-uri=https://sso.example.com/token",
				provider + "jwk-set-uri=https://sso.example.com/jwks")) {
			assertThat(context.getBean(SsmProperties.class).sandbox()).isFalse();
			assertThat(context.isRunning()).isTrue();
		}
	}

	/**
	 * The container image's documented setup: a well-known provider needs no more than
	 * its client's ID and secret, and the login page offers it.
	 */
	@Test
	void awsSourceStartsWithAWellKnownOidcProviderByItsClientAloneAndServesTheLoginPage() throws Exception {
		String registration = "spring.security.oauth2.client.registration.google.";
		try (ConfigurableApplicationContext context = start("runboard.ssm.source=aws",
				registration + "client-id=runboard", registration + "client-secret=not-a-real-secret")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> login = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(login.statusCode()).isEqualTo(200);
			assertThat(login.body()).contains("/oauth2/authorization/google");
		}
	}

	@Test
	void sandboxStartsWithTheDemoUser() {
		try (ConfigurableApplicationContext context = start("runboard.ssm.source=sandbox")) {
			assertThat(context.getBean(SsmProperties.class).sandbox()).isTrue();
			assertThat(authenticationManager(context)
				.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("demo", "demo"))
				.isAuthenticated()).isTrue();
		}
	}

	private static AuthenticationManager authenticationManager(ConfigurableApplicationContext context) {
		try {
			return context.getBean(AuthenticationConfiguration.class).getAuthenticationManager();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		// Command-line arguments, as a deployment passes them, outrank
		// application.properties.
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--runboard.ssm.region=eu-west-1", "--spring.jmx.enabled=false"));
		Arrays.stream(properties).map((property) -> "--" + property).forEach(arguments::add);
		return new SpringApplicationBuilder(RunboardApplication.class).run(arguments.toArray(String[]::new));
	}

}
