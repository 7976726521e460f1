package dev.runboard.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import dev.runboard.RunboardApplication;
import dev.runboard.aws.Source;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When history is on, and what exists when it is off: SPEC's defaults, decided with the
 * test JVM's own {@code runboard.history.enabled=false} taken away, so the application
 * decides as a deployment's would.
 */
class HistoryWiringTests {

	@Test
	void historyIsOnWithADatasourceOrInTheSandboxUnlessSaidOtherwise() {
		assertThat(HistoryActivation.enabled(new MockEnvironment())).as("the sandbox, the default source").isTrue();
		assertThat(HistoryActivation.embedded(new MockEnvironment())).isTrue();
		assertThat(HistoryActivation.enabled(new MockEnvironment().withProperty("runboard.ssm.source", "aws")))
			.as("aws without a datasource")
			.isFalse();
		MockEnvironment awsWithDatasource = new MockEnvironment().withProperty("runboard.ssm.source", "aws")
			.withProperty("spring.datasource.url", "jdbc:postgresql://db/runboard");
		assertThat(HistoryActivation.enabled(awsWithDatasource)).isTrue();
		assertThat(HistoryActivation.embedded(awsWithDatasource)).isFalse();
		assertThat(HistoryActivation.enabled(awsWithDatasource.withProperty("runboard.history.enabled", "false")))
			.isFalse();
		assertThat(HistoryActivation.enabled(new MockEnvironment().withProperty("runboard.ssm.source", "sandbox")
			.withProperty("runboard.history.enabled", "false"))).isFalse();
	}

	@Test
	void theAwsSourceWithoutADatasourceStartsWithNoStoreAtAll() throws Exception {
		try (ConfigurableApplicationContext app = startAsDeployed("runboard.ssm.source=aws",
				"runboard.security.users[0].name=ops", "runboard.security.users[0].password={noop}ops")) {
			assertThat(app.getBeanNamesForType(DataSource.class)).isEmpty();
			assertThat(app.getBeanNamesForType(Flyway.class)).isEmpty();
			assertThat(app.getBeanNamesForType(HistoryJobs.class)).isEmpty();
			assertThat(app.getBeanNamesForType(HistoryRepository.class)).isEmpty();
		}
	}

	@Test
	void theSandboxKeepsHistoryInAPostgreSqlOfItsOwnWithNinetyDaysBeforeWhatSsmHolds() throws Exception {
		try (ConfigurableApplicationContext app = startAsDeployed("runboard.history.poll-interval=500ms",
				"runboard.history.max-calls-per-minute=6000")) {
			assertThat(app.getBeanNamesForType(EmbeddedPostgres.class)).hasSize(1);
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			await().atMost(Duration.ofMinutes(2))
				.ignoreExceptions()
				.until(() -> jdbc.sql("SELECT count(*) FROM recorder WHERE backfill_next IS NULL")
					.query(Integer.class)
					.single() == 1);
			HistoryRepository repository = app.getBean(HistoryRepository.class);
			List<Source> sandbox = List.of(new Source(null, "eu-west-1", null));
			HistoryPage newest = repository
				.page(new HistoryQuery(null, null, List.of(), null, null, null, sandbox, 50, true), null);
			assertThat(newest.rows()).hasSize(50);
			assertThat(repository.recordedUntil(sandbox)).isPresent();
			Instant twoMonthsAgo = Instant.now().minus(Duration.ofDays(60));
			HistoryPage old = repository.page(new HistoryQuery(null, null, List.of(HistoryQuery.PROBLEMS), null, null,
					twoMonthsAgo, sandbox, 50, true), null);
			assertThat(old.rows()).as("failures of two months ago, which SSM no longer holds").isNotEmpty();
			assertThat(jdbc.sql("SELECT min(requested_at) FROM invocation")
				.query((rs, row) -> rs.getTimestamp(1).toInstant())
				.single()).isBefore(Instant.now().minus(Duration.ofDays(85)));
		}
	}

	/**
	 * Runboard started with these properties as command-line arguments, and without the
	 * test JVM's system property that turns history off.
	 */
	private static ConfigurableApplicationContext startAsDeployed(String... properties) throws Exception {
		Map<String, String> withoutHistoryOff = new HashMap<>();
		withoutHistoryOff.put("runboard.history.enabled", null);
		return TestPropertyValues.of(withoutHistoryOff)
			.applyToSystemProperties((Callable<ConfigurableApplicationContext>) () -> {
				assertThat(System.getProperty("runboard.history.enabled")).isNull();
				List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
						"--runboard.ssm.region=eu-west-1", "--spring.jmx.enabled=false"));
				Arrays.stream(properties).map((property) -> "--" + property).forEach(arguments::add);
				return new SpringApplicationBuilder(RunboardApplication.class).run(arguments.toArray(String[]::new));
			});
	}

}
