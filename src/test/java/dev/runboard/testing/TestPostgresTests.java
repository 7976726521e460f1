package dev.runboard.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.EnumerablePropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database fixture the store's tests stand on: a database per Spring context, made
 * from the template only when the context reads its URL; fresh databases that share
 * nothing; and a private server that keeps its data across a restart.
 */
class TestPostgresTests {

	@Test
	void eachContextGetsADatabaseOfItsOwnOnlyWhenItAsksForOne() throws SQLException {
		GenericApplicationContext first = customized();
		GenericApplicationContext second = customized();
		assertThat(first.getEnvironment().getPropertySources().stream())
			.noneMatch((source) -> source instanceof EnumerablePropertySource<?> enumerable
					&& List.of(enumerable.getPropertyNames()).contains(TestDatabaseContextCustomizerFactory.URL));
		List<String> before = TestPostgres.started() ? databases() : List.of();

		String url = first.getEnvironment().getProperty("spring.datasource.url");
		String otherUrl = second.getEnvironment().getProperty("spring.datasource.url");

		assertThat(url).startsWith("jdbc:postgresql://localhost:").isNotEqualTo(otherUrl);
		assertThat(first.getEnvironment().getProperty("spring.datasource.url")).as("asked again").isEqualTo(url);
		assertThat(databases()).hasSize(before.size() + 2);
		assertThat(first.getEnvironment().getProperty("spring.datasource.hikari.maximum-pool-size")).isEqualTo("3");
		execute(url, "CREATE TABLE only_here (id int)");
		assertThat(tables(url)).containsExactly("only_here");
		assertThat(tables(otherUrl)).isEmpty();
	}

	@Test
	void freshDatabasesAreCopiesOfTheTemplateAndShareNothing() throws SQLException {
		String first = TestPostgres.freshDatabase();
		String second = TestPostgres.freshDatabase();

		execute(first, "CREATE TABLE invocations (id text PRIMARY KEY)");
		execute(first, "INSERT INTO invocations VALUES ('a')");

		assertThat(tables(first)).containsExactly("invocations");
		assertThat(tables(second)).isEmpty();
		assertThat(query(first,
				"SELECT datname FROM pg_database WHERE datistemplate AND datname = '" + TestPostgres.TEMPLATE + "'"))
			.containsExactly(TestPostgres.TEMPLATE);
	}

	@Test
	void aPrivateServerKeepsItsDataAndPortAcrossARestart(@TempDir Path data) throws SQLException {
		try (TestPostgres.PrivatePostgres server = TestPostgres.privateServer(data.resolve("pgdata"))) {
			String url = server.jdbcUrl();
			execute(url, "CREATE TABLE positions (stream text PRIMARY KEY, token text)");
			execute(url, "INSERT INTO positions VALUES ('eu-west-1', 'AAAA')");

			server.stop();
			assertThat(server.running()).isFalse();
			assertThat(data.resolve("pgdata/PG_VERSION")).exists();
			server.start();

			assertThat(server.jdbcUrl()).isEqualTo(url);
			assertThat(query(url, "SELECT token FROM positions")).containsExactly("AAAA");
		}
	}

	private static GenericApplicationContext customized() {
		GenericApplicationContext context = new GenericApplicationContext();
		new TestDatabaseContextCustomizerFactory().createContextCustomizer(TestPostgresTests.class, List.of())
			.customizeContext(context, null);
		return context;
	}

	private static List<String> databases() throws SQLException {
		return query(TestPostgres.server().getJdbcUrl(TestPostgres.USER, "postgres"),
				"SELECT datname FROM pg_database WHERE datname LIKE 'runboard\\_%' AND NOT datistemplate");
	}

	private static List<String> tables(String url) throws SQLException {
		return query(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
	}

	private static void execute(String url, String sql) {
		TestPostgres.execute(TestPostgres.dataSource(url), sql);
	}

	private static List<String> query(String url, String sql) throws SQLException {
		DataSource dataSource = TestPostgres.dataSource(url);
		List<String> rows = new ArrayList<>();
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			while (result.next()) {
				rows.add(result.getString(1));
			}
		}
		return rows;
	}

}
