package dev.runboard.security;

import dev.runboard.aws.SsmProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actions with single sign-on: when any group named like the operator role gives it, the
 * log says so at start, since anyone the identity provider puts in such a group may send
 * commands.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperatorAccessTests {

	static final String WARNING = "an OIDC user whose groups include one named OPERATOR may cancel and send commands";

	@Test
	void actionsWithOidcAndUnmappedRolesAreWarnedAbout(CapturedOutput output) {
		operatorAccess(new MockEnvironment().withProperty("runboard.actions.enabled", "true"), oidc());
		assertThat(output.getOut()).contains(WARNING).contains("mapped-roles-only");
	}

	@Test
	void mappedRolesOnlyOrNoOidcOrNoActionsSayNothing(CapturedOutput output) {
		operatorAccess(new MockEnvironment().withProperty("runboard.actions.enabled", "true")
			.withProperty("runboard.security.oidc.mapped-roles-only", "true"), oidc());
		operatorAccess(new MockEnvironment().withProperty("runboard.actions.enabled", "true"), none());
		operatorAccess(new MockEnvironment().withProperty("runboard.ssm.source", "aws"), oidc());
		assertThat(output.getOut()).doesNotContain(WARNING);
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
				binder.bindOrCreate("runboard.security", RunboardSecurityProperties.class), oidc);
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
