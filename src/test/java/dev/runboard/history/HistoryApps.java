package dev.runboard.history;

import java.util.ArrayList;
import java.util.List;

import dev.runboard.RunboardApplication;
import dev.runboard.testing.FakeSsmServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runboard started as a deployment starts it, on a free port, reading the local SSM
 * endpoint as its {@code aws} source and keeping history in the given database: a replica
 * a test can start, stop (as a crash or a rolling deploy does) and start again.
 */
public final class HistoryApps {

	private HistoryApps() {
	}

	public static ConfigurableApplicationContext start(FakeSsmServer ssm, String jdbcUrl, String... properties) {
		// Command-line arguments outrank the test JVM's runboard.history.enabled=false.
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--spring.jmx.enabled=false", "--runboard.ssm.source=aws", "--runboard.ssm.region=eu-west-1",
				"--runboard.ssm.endpoint=" + ssm.endpoint(), "--runboard.security.users[0].name=ops",
				"--runboard.security.users[0].password={noop}ops", "--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=postgres", "--runboard.history.enabled=true",
				"--runboard.history.poll-interval=200ms", "--runboard.history.max-calls-per-minute=6000",
				"--logging.level.dev.runboard.history=WARN"));
		for (String property : properties) {
			// A property given replaces the default: a name given twice would be read as
			// a list.
			String name = "--" + property.substring(0, property.indexOf('=') + 1);
			arguments.removeIf((argument) -> argument.startsWith(name));
			arguments.add("--" + property);
		}
		return new SpringApplicationBuilder(RunboardApplication.class).run(arguments.toArray(String[]::new));
	}

}
