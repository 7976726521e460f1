package dev.runboard.system;

import java.util.Map;

import dev.runboard.security.RunboardSecurityProperties;
import dev.runboard.aws.SsmProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The startup line tells an operator what the instance reads and who may sign in, and
 * never a secret. Configuration is bound from properties, as the application binds it.
 */
class StartupReportTests {

	@Test
	void awsSourceStatesRegionEndpointAndSignInButNoSecret() {
		MockEnvironment environment = new MockEnvironment().withProperty("runboard.ssm.source", "aws")
			.withProperty("runboard.ssm.region", "eu-central-1")
			.withProperty("runboard.ssm.endpoint",
					"https://runboard:p4ss@vpce-0abc.ssm.eu-central-1.vpce.amazonaws.com/?X-Amz-Security-Token=t0k3n")
			.withProperty("runboard.security.users[0].name", "ops")
			.withProperty("runboard.security.users[0].password", "{noop}hunter2")
			.withProperty("runboard.security.users[1].name", "sre")
			.withProperty("runboard.security.users[1].password", "{bcrypt}$2a$10$abcdefghijklmnopqrstuv")
			.withProperty("spring.security.oauth2.client.registration.okta.client-id", "0oa1runboard")
			.withProperty("spring.security.oauth2.client.registration.okta.client-secret", "s3cr3t-client-secret");
		String message = report(environment, "eu-central-1").message();
		assertThat(message).contains("source=aws", "region=eu-central-1",
				"endpoint=https://vpce-0abc.ssm.eu-central-1.vpce.amazonaws.com/", "sign-in: 2 local users",
				"OIDC clients: okta (client-id 0oa1runboard)");
		assertThat(message).doesNotContain("hunter2", "$2a$10$", "p4ss", "t0k3n", "s3cr3t");
	}

	@Test
	void oidcClientsSetThroughEnvironmentVariablesAreNamed() {
		MockEnvironment environment = new MockEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("RUNBOARD_SSM_SOURCE", "aws", "RUNBOARD_SSM_REGION", "eu-west-1",
							"SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_SSO_CLIENT_ID", "runboard-prod",
							"SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_SSO_CLIENT_SECRET", "env-secret")));
		String message = report(environment, "eu-west-1").message();
		assertThat(message).contains("sign-in: no local users", "OIDC clients: sso (client-id runboard-prod)")
			.contains("endpoint=the SDK's default for the region")
			.doesNotContain("env-secret");
	}

	@Test
	void aRegionFromTheSdkChainIsSaidToComeFromIt() {
		MockEnvironment environment = new MockEnvironment().withProperty("runboard.ssm.source", "aws");
		assertThat(report(environment, "us-east-1").message())
			.contains("region=us-east-1 (from the SDK's default region chain)")
			.contains("OIDC clients: none");
	}

	@Test
	void sandboxSaysItIsNotAnAwsAccount() {
		assertThat(report(new MockEnvironment(), "eu-west-1").message()).contains(
				"source=sandbox (built-in data set, not an AWS account)", "region=eu-west-1",
				"endpoint=none (in memory)", "sign-in: the sandbox's demo user");
	}

	private static StartupReport report(MockEnvironment environment, String region) {
		Binder binder = Binder.get(environment);
		return new StartupReport(binder.bindOrCreate("runboard.ssm", SsmProperties.class), region,
				binder.bindOrCreate("runboard.security", RunboardSecurityProperties.class), environment);
	}

}
