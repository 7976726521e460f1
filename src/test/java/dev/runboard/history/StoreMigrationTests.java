package dev.runboard.history;

import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's migrations: they run from an empty database, and a store holding data at V1
 * keeps it through every later migration. A migration that changes tables adds its own
 * rows and checks here.
 */
class StoreMigrationTests {

	@Test
	void migrationsRunFromAnEmptyDatabase() {
		SimpleDriverDataSource dataSource = dataSource();
		var result = Flyway.configure().dataSource(dataSource).load().migrate();
		assertThat(result.success).isTrue();
		assertThat(JdbcClient.create(dataSource)
			.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
			.query(String.class)
			.list()).contains("source", "command", "invocation", "invocation_default", "invocation_plugin",
					"invocation_plugin_default", "recorder", "lease", "spring_session", "spring_session_attributes",
					"sign_in_lockout", "action", "action_claim", "notification_rule", "notification_outbox",
					"notification_watch");
	}

	@Test
	void historyRecordedAtV1IsKeptByEveryLaterMigration() {
		SimpleDriverDataSource dataSource = dataSource();
		Flyway.configure().dataSource(dataSource).target("1").load().migrate();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		jdbc.sql("INSERT INTO source (account, region) VALUES (NULL, 'eu-west-1')").update();
		jdbc.sql("""
				INSERT INTO command (command_id, source_id, requested_at, document_name, status, target_count,
					completed_count, error_count, delivery_timed_out_count, final, settled)
				VALUES ('5eed0000-0000-0000-0000-000000000001', 1, '2026-11-20T03:00:00Z', 'AWS-RunShellScript',
					'Failed', 1, 1, 1, 0, true, true)""").update();
		jdbc.sql("""
				INSERT INTO invocation (command_id, instance_id, source_id, requested_at, document_name, status,
					status_details, final)
				VALUES ('5eed0000-0000-0000-0000-000000000001', 'i-0123456789abcdef0', 1, '2026-11-20T03:00:00Z',
					'AWS-RunShellScript', 'Failed', 'Failed', true)""").update();
		jdbc.sql("""
				INSERT INTO invocation_plugin (command_id, instance_id, source_id, requested_at, position, name,
					status, output, output_truncated, whole_stdout, whole_stderr, whole_truncated, whole_read_at)
				VALUES ('5eed0000-0000-0000-0000-000000000001', 'i-0123456789abcdef0', 1, '2026-11-20T03:00:00Z', 0,
					'aws:runShellScript', 'Failed', 'No space left on device', false, 'all of it', 'disk full',
					false, now())""").update();

		var result = Flyway.configure().dataSource(dataSource).load().migrate();

		assertThat(result.success).isTrue();
		assertThat(jdbc
			.sql("SELECT i.status, p.output, p.whole_stdout FROM invocation i JOIN invocation_plugin p "
					+ "USING (command_id, instance_id, source_id, requested_at)")
			.query((rs, row) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
			.single()).containsExactly("Failed", "No space left on device", "all of it");
		assertThat(jdbc.sql("SELECT settled FROM command").query(Boolean.class).single()).isTrue();
		// V6: what search reads of the output, for history kept before it: the whole
		// output
		// where it was read.
		assertThat(jdbc.sql("SELECT output_text, words_all @@ plainto_tsquery('simple', 'disk'), "
				+ "words_meta @@ plainto_tsquery('simple', 'disk'), words_meta @@ plainto_tsquery('simple', 'RunShellScript') "
				+ "FROM invocation")
			.query((rs, row) -> List.of(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4)))
			.single()).containsExactly("all of it\ndisk full", true, false, true);
	}

	private static SimpleDriverDataSource dataSource() {
		return new SimpleDriverDataSource(new org.postgresql.Driver(), TestStores.newDatabase());
	}

}
