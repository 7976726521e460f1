package dev.runboard.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.runboard.aws.SsmProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Who may act: with single sign-on, only mapped groups may give the operator role while
 * actions are on (a warning in the log was not a guard: Runboard refuses to start), and
 * an OIDC user acts only with a recent enough sign-in.
 */
class OperatorAccessTests {

	static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");

	@Test
	void actionsWithOidcAndUnmappedGroupsAsRolesRefuseToStart() {
		assertThatIllegalStateException()
			.isThrownBy(() -> operatorAccess(new MockEnvironment().withProperty("runboard.actions.enabled", "true")
				.withProperty("runboard.security.oidc.mapped-roles-only", "false"), oidc()))
			.withMessageContaining("runboard.security.oidc.mapped-roles-only")
			.withMessageContaining("role-mappings");
	}

	@Test
	void mappedRolesOnlyByDefaultOrNoOidcOrNoActionsStart() {
		assertThat(operatorAccess(new MockEnvironment().withProperty("runboard.actions.enabled", "true"), oidc())
			.enabled()).isTrue();
		operatorAccess(new MockEnvironment().withProperty("runboard.actions.enabled", "true")
			.withProperty("runboard.security.oidc.mapped-roles-only", "false"), none());
		operatorAccess(new MockEnvironment().withProperty("runboard.ssm.source", "aws")
			.withProperty("runboard.security.oidc.mapped-roles-only", "false"), oidc());
	}

	/**
	 * An OIDC user whose ID token is older than {@code reauthenticate-after} is asked to
	 * sign in again before acting, so that the roles they act with are the provider's
	 * now.
	 */
	@Test
	void anOidcUserWithAnOldSignInMustSignInAgainToAct() {
		OperatorAccess access = operatorAccess(new MockEnvironment(), none());
		try {
			signedInWithOidc(NOW.minus(Duration.ofMinutes(59)));
			assertThat(access.staleSignIn()).isNull();
			signedInWithOidc(NOW.minus(Duration.ofMinutes(61)));
			assertThat(access.staleSignIn()).contains("sign out and in again").contains("1 h");

			SecurityContextHolder.getContext()
				.setAuthentication(new TestingAuthenticationToken("ops", "ops", "ROLE_USER", "ROLE_OPERATOR"));
			assertThat(access.staleSignIn()).as("a local user's roles are Runboard's own").isNull();
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	private static void signedInWithOidc(Instant issuedAt) {
		OidcIdToken token = new OidcIdToken("token", issuedAt, issuedAt.plus(Duration.ofHours(8)),
				Map.of("sub", "erin"));
		List<GrantedAuthority> roles = List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"));
		SecurityContextHolder.getContext()
			.setAuthentication(new TestingAuthenticationToken(new DefaultOidcUser(roles, token), "n/a", roles));
	}

	@Test
	void withTheAwsSourceActionsAreOffUnlessEnabledSoEvenAnOperatorMayNotAct() {
		SecurityContextHolder.getContext()
			.setAuthentication(new TestingAuthenticationToken("ops", "ops", "ROLE_USER", "ROLE_OPERATOR"));
		try {
			OperatorAccess aws = operatorAccess(new MockEnvironment().withProperty("runboard.ssm.source", "aws"),
					none());
			assertThat(aws.enabled()).as("off with the aws source unless enabled").isFalse();
			assertThat(aws.allowed()).isFalse();

			assertThat(operatorAccess(new MockEnvironment(), none()).allowed()).as("the sandbox's default").isTrue();
			assertThat(operatorAccess(new MockEnvironment().withProperty("runboard.ssm.source", "aws")
				.withProperty("runboard.actions.enabled", "true"), none()).allowed()).isTrue();
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	private static OperatorAccess operatorAccess(MockEnvironment environment,
			ObjectProvider<ClientRegistrationRepository> oidc) {
		Binder binder = Binder.get(environment);
		return new OperatorAccess(binder.bindOrCreate("runboard.actions", ActionsProperties.class),
				binder.bindOrCreate("runboard.ssm", SsmProperties.class),
				binder.bindOrCreate("runboard.security", RunboardSecurityProperties.class), oidc,
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static ObjectProvider<ClientRegistrationRepository> oidc() {
		ClientRegistration registration = ClientRegistration.withRegistrationId("sso")
			.clientId("runboard")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.authorizationUri("https://login.example.com/authorize")
			.tokenUri("https://login.example.com/token")
			.build();
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("clientRegistrations", new InMemoryClientRegistrationRepository(registration));
		return beans.getBeanProvider(ClientRegistrationRepository.class);
	}

	private static ObjectProvider<ClientRegistrationRepository> none() {
		return new StaticListableBeanFactory().getBeanProvider(ClientRegistrationRepository.class);
	}

}
