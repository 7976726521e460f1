package dev.runboard.replicas;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.runboard.RunboardApplication;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.LocalOidc;
import dev.runboard.testing.LocalUsers;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runboard started as a deployment's replica starts, on a free port: the {@code aws}
 * source reading the given SSM endpoint, the store in the given database, local users
 * ({@code ops} with the output and operator roles, {@code reader} with the output role,
 * {@code slow} whose password takes a bcrypt hash to check) and the JVM's OIDC provider,
 * whose {@code ops-output} group gives the output role. Several started on one database
 * are several replicas of one deployment; a test stops one as a crash or a rolling deploy
 * does.
 */
final class Replicas {

	/** A bcrypt hash of the slow user's password, so that guesses overlap. */
	static final String SLOW_HASH = "{bcrypt}"
			+ new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(10)
				.encode(LocalUsers.password(LocalUsers.SLOW));

	/** The same on every replica, as the store's replicas need. */
	static final String CONFIRMATION_KEY = "replicas-share-this-confirmation-key";

	private Replicas() {
	}

	static ConfigurableApplicationContext start(FakeSsmServer ssm, String jdbcUrl, String... properties) {
		// Command-line arguments outrank the test JVM's runboard.history.enabled=false.
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--spring.jmx.enabled=false", "--runboard.ssm.source=aws", "--runboard.ssm.region=eu-west-1",
				"--runboard.ssm.endpoint=" + ssm.endpoint(), "--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=postgres", "--spring.datasource.hikari.maximum-pool-size=4",
				"--runboard.history.enabled=true", "--runboard.history.poll-interval=10m",
				"--logging.level.dev.runboard.history=WARN", "--runboard.actions.enabled=true",
				"--runboard.security.output-role=" + LocalUsers.OUTPUT_ROLE,
				"--runboard.security.operator-role=" + LocalUsers.OPERATOR_ROLE));
		user(arguments, 0, LocalUsers.OPS, "{noop}" + LocalUsers.password(LocalUsers.OPS), "USER",
				LocalUsers.OUTPUT_ROLE, LocalUsers.OPERATOR_ROLE);
		user(arguments, 1, LocalUsers.READER, "{noop}" + LocalUsers.password(LocalUsers.READER), "USER",
				LocalUsers.OUTPUT_ROLE);
		user(arguments, 2, LocalUsers.SLOW, SLOW_HASH, "USER");
		String registration = "--spring.security.oauth2.client.registration." + LocalOidc.REGISTRATION + ".";
		arguments.addAll(List.of("--runboard.security.oidc.role-mappings[ops-output]=" + LocalUsers.OUTPUT_ROLE,
				"--runboard.security.oidc.role-mappings[staff]=STAFF",
				"--runboard.security.oidc.mapped-roles-only=true", registration + "provider=" + LocalOidc.ISSUER,
				registration + "client-id=runboard", registration + "client-secret=runboard-secret",
				registration + "client-name=Corporate SSO", registration + "scope=openid,profile",
				"--spring.security.oauth2.client.provider." + LocalOidc.ISSUER + ".issuer-uri="
						+ LocalOidc.server().issuerUrl(LocalOidc.ISSUER)));
		if (Arrays.stream(properties)
			.noneMatch((property) -> property.startsWith("runboard.actions.confirmation-key"))) {
			arguments.add("--runboard.actions.confirmation-key=" + CONFIRMATION_KEY);
		}
		Arrays.stream(properties).map((property) -> "--" + property).forEach(arguments::add);
		return new SpringApplicationBuilder(RunboardApplication.class).run(arguments.toArray(String[]::new));
	}

	/** Where a replica answers, without the proxy. */
	static URI uri(ConfigurableApplicationContext replica) {
		return URI.create("http://localhost:" + ((WebServerApplicationContext) replica).getWebServer().getPort());
	}

	private static void user(List<String> arguments, int index, String name, String password, String... roles) {
		String prefix = "--runboard.security.users[" + index + "].";
		arguments.add(prefix + "name=" + name);
		arguments.add(prefix + "password=" + password);
		arguments.add(prefix + "roles=" + String.join(",", roles));
	}

}
