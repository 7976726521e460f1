package dev.runboard.security;

import dev.runboard.RunboardApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Outside the sandbox there is no default password: Runboard refuses to start without a
 * way to sign in, and says what to set.
 */
class SecurityStartupTests {

	@Test
	void awsSourceWithoutLocalUserOrOidcClientRefusesToStartNamingTheProperty() {
		assertThatException().isThrownBy(() -> start("--runboard.ssm.source=aws"))
			.havingRootCause()
			.withMessageContaining("runboard.security.users")
			.withMessageContaining("no default password");
	}

	@Test
	void localUserWithoutEncodedPasswordRefusesToStart() {
		assertThatException()
			.isThrownBy(() -> start("--runboard.ssm.source=aws", "--runboard.security.users[0].name=ops",
					"--runboard.security.users[0].password=plaintext"))
			.havingRootCause()
			.withMessageContaining("runboard.security.users[0].password")
			.withMessageContaining("{bcrypt}");
	}

	/**
	 * Starts the whole application as a deployment would, with command line arguments,
	 * which win over application.properties; closes it should it start after all.
	 */
	private static void start(String... args) {
		String[] common = { "--server.port=0", "--runboard.ssm.region=eu-west-1",
				"--runboard.ssm.endpoint=http://127.0.0.1:9", "--spring.main.banner-mode=off" };
		String[] all = new String[common.length + args.length];
		System.arraycopy(common, 0, all, 0, common.length);
		System.arraycopy(args, 0, all, common.length, args.length);
		new SpringApplicationBuilder(RunboardApplication.class).run(all).close();
	}

}
