package dev.runboard.history;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import dev.runboard.aws.InvocationRecord;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention drops history older than its cutoff: whole months by dropping their
 * partitions, and the rows before the cutoff in its own month and among strays; Runboard
 * runs it by itself, with {@code runboard.history.retention}.
 */
class RetentionTests {

	private final TestFleet fleet = new TestFleet();

	private ConfigurableApplicationContext app;

	@AfterEach
	void stop() {
		this.app.close();
		this.fleet.ssm.close();
	}

	@Test
	void historyOlderThanTheCutoffIsDroppedWholeMonthsAtATime() {
		this.app = HistoryApps.start(this.fleet.ssm, TestStores.newDatabase());
		await().until(() -> this.app.getBean(StoreSchema.class).ready());
		HistoryStore store = this.app.getBean(HistoryStore.class);
		Partitions partitions = this.app.getBean(Partitions.class);
		JdbcClient jdbc = this.app.getBean(JdbcClient.class);
		short source = store.sourceId(new HistoryStore.SourceKey(null, "eu-west-1"));
		partitions.ensure(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-04-01T00:00:00Z"));
		List<Instant> times = List.of(Instant.parse("2023-06-10T10:00:00Z"), Instant.parse("2024-01-15T10:00:00Z"),
				Instant.parse("2024-02-20T10:00:00Z"), Instant.parse("2024-03-05T10:00:00Z"),
				Instant.parse("2024-03-25T10:00:00Z"));
		this.app.getBean(TransactionOperations.class).executeWithoutResult((status) -> {
			for (int i = 0; i < times.size(); i++) {
				store.upsertInvocations(source, List.of(invocation(i, times.get(i))));
			}
		});
		assertThat(jdbc.sql("SELECT count(*) FROM invocation_default").query(Integer.class).single())
			.as("the one of June 2023, a month without a partition")
			.isEqualTo(1);

		List<YearMonth> dropped = this.app.getBean(Retention.class)
			.dropBefore(Instant.parse("2024-03-10T00:00:00Z"), Instant.now());

		assertThat(dropped).contains(YearMonth.of(2024, 1), YearMonth.of(2024, 2));
		assertThat(partitions.months("invocation")).doesNotContain(YearMonth.of(2024, 1), YearMonth.of(2024, 2))
			.contains(YearMonth.of(2024, 3));
		assertThat(partitions.months("invocation_plugin")).doesNotContain(YearMonth.of(2024, 1), YearMonth.of(2024, 2));
		assertThat(jdbc.sql("SELECT requested_at FROM invocation")
			.query((rs, row) -> rs.getTimestamp(1).toInstant())
			.list()).containsExactly(times.get(4));
		assertThat(jdbc.sql("SELECT count(*) FROM invocation_plugin").query(Integer.class).single()).isEqualTo(1);
	}

	@Test
	void runboardDropsWhatIsOlderThanItsRetentionOnItsOwn() {
		String database = TestStores.newDatabase();
		SimpleDriverDataSource store = new SimpleDriverDataSource(new org.postgresql.Driver(), database);
		Flyway.configure().dataSource(store).load().migrate();
		JdbcClient jdbc = JdbcClient.create(store);
		jdbc.sql("INSERT INTO source (account, region) VALUES (NULL, 'eu-west-1')").update();
		Instant now = Instant.now();
		for (int days : List.of(45, 10)) {
			String id = new UUID(0x4e7eL, days).toString();
			Timestamp requested = Timestamp.from(now.minus(Duration.ofDays(days)));
			jdbc.sql("""
					INSERT INTO command (command_id, source_id, requested_at, document_name, status, target_count,
						completed_count, error_count, delivery_timed_out_count, final, settled)
					VALUES (?, 1, ?, 'AWS-RunShellScript', 'Success', 1, 1, 0, 0, true, true)""")
				.params(id, requested)
				.update();
			jdbc.sql("""
					INSERT INTO invocation (command_id, instance_id, source_id, requested_at, document_name, status,
						status_details, final)
					VALUES (?, 'i-0123456789abcdef0', 1, ?, 'AWS-RunShellScript', 'Success', 'Success', true)""")
				.params(id, requested)
				.update();
		}

		this.app = HistoryApps.start(this.fleet.ssm, database, "runboard.history.retention=30d");

		await().atMost(Duration.ofSeconds(60))
			.until(() -> jdbc.sql("SELECT count(*) FROM invocation").query(Integer.class).single() == 1);
		assertThat(jdbc.sql("SELECT command_id FROM command").query(String.class).list())
			.containsExactly(new UUID(0x4e7eL, 10).toString());
	}

	private static InvocationRecord invocation(int number, Instant requestedAt) {
		return new InvocationRecord(new UUID(0x4e7eL, number).toString(), "i-0123456789abcdef0", "web-01", "old",
				"AWS-RunShellScript", "1", requestedAt, "Success", "Success", null, null, null, null, false, null,
				List.of(new InvocationRecord.Plugin("aws:runShellScript", "Success", "Success", 0, requestedAt,
						requestedAt.plusSeconds(3), "ok", null, null, null, null, null, null)));
	}

}
