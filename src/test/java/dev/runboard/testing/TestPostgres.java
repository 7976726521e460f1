package dev.runboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The tests' PostgreSQL: one real server per test JVM (zonky's embedded PostgreSQL, the
 * binaries from Maven Central), started the first time a test asks for a database and
 * stopped when the JVM exits. Each Spring context that asks for a datasource gets a
 * database of its own ({@link TestDatabaseContextCustomizerFactory}), and a test may ask
 * for a {@link #freshDatabase() fresh one} or for a {@link #privateServer(Path) server of
 * its own} that it can stop and start again on the same data.
 * <p>
 * Every database is made with {@code CREATE DATABASE … TEMPLATE runboard_template}, a
 * file copy that costs milliseconds, so whatever the template holds each database holds
 * from its first connection.
 * <p>
 * PostgreSQL refuses to run as root, and builds here run as root. zonky handles it: when
 * the JVM's user is root and {@code unshare -U} (util-linux) works, it starts
 * {@code initdb}, {@code postgres} and {@code pg_ctl} in a user namespace of their own,
 * where they run as the overflow user ({@code nobody}) and the files root made look like
 * theirs. Nothing is configured for it; it needs only a kernel that allows user
 * namespaces, as Debian's does.
 */
public final class TestPostgres {

	/** The database every other database is copied from. */
	public static final String TEMPLATE = "runboard_template";

	/** The superuser zonky's {@code initdb} makes; it signs in without a password. */
	public static final String USER = "postgres";

	/**
	 * Where the servers write their own log: the test output stays readable, and a server
	 * that fails to start says why here.
	 */
	static final Path LOG = Path.of(System.getProperty("basedir", "."), "target", "test-postgres.log");

	private static final AtomicInteger databases = new AtomicInteger();

	private static volatile EmbeddedPostgres server;

	private TestPostgres() {
	}

	/**
	 * A database of its own, new and copied from the template, on the JVM's server.
	 * @return its JDBC URL
	 */
	public static String freshDatabase() {
		String name = "runboard_" + databases.incrementAndGet();
		execute(server().getPostgresDatabase(), "CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
		return server().getJdbcUrl(USER, name);
	}

	/** A connection pool to the database of {@code jdbcUrl}, for a test's own SQL. */
	public static DataSource dataSource(String jdbcUrl) {
		org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
		dataSource.setUrl(jdbcUrl);
		return dataSource;
	}

	/**
	 * Whether the JVM's server runs: it starts only when a test or a context asks for a
	 * database.
	 */
	public static boolean started() {
		return server != null;
	}

	/**
	 * A server of the caller's own on {@code dataDirectory}, started; the caller stops
	 * it, and may start it again on the same data and port. A directory that already
	 * holds a database is used as it is.
	 */
	public static PrivatePostgres privateServer(Path dataDirectory) {
		return new PrivatePostgres(dataDirectory);
	}

	static EmbeddedPostgres server() {
		EmbeddedPostgres started = server;
		if (started == null) {
			synchronized (TestPostgres.class) {
				started = server;
				if (started == null) {
					started = start(builder());
					execute(started.getPostgresDatabase(), "CREATE DATABASE " + TEMPLATE + " IS_TEMPLATE true");
					server = started;
				}
			}
		}
		return started;
	}

	/**
	 * Settings for a server whose data may be lost: nothing is flushed to disk, as the
	 * data directory lives no longer than the test.
	 */
	static EmbeddedPostgres.Builder builder() {
		ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(LOG.toFile());
		return EmbeddedPostgres.builder()
			.setOutputRedirector(log)
			.setErrorRedirector(log)
			.setPGStartupWait(Duration.ofSeconds(30))
			.setServerConfig("fsync", "off")
			.setServerConfig("full_page_writes", "off")
			.setServerConfig("max_connections", "100")
			.setServerConfig("shared_buffers", "32MB");
	}

	static EmbeddedPostgres start(EmbeddedPostgres.Builder builder) {
		try {
			return builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not start", ex);
		}
	}

	static void execute(DataSource dataSource, String sql) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * A PostgreSQL server of one test's own, on a data directory the test chose: stopping
	 * it keeps the data, and starting it again serves the same data on the same port, as
	 * a database restarted under a running application would.
	 */
	public static final class PrivatePostgres implements AutoCloseable {

		private final Path dataDirectory;

		private EmbeddedPostgres running;

		private int port;

		private PrivatePostgres(Path dataDirectory) {
			this.dataDirectory = dataDirectory;
			start();
		}

		/** Starts the server on its data directory, on the port it had before if any. */
		public synchronized void start() {
			if (this.running != null) {
				return;
			}
			EmbeddedPostgres.Builder builder = builder().setDataDirectory(this.dataDirectory)
				.setCleanDataDirectory(false);
			if (this.port != 0) {
				builder.setPort(this.port);
			}
			this.running = TestPostgres.start(builder);
			this.port = this.running.getPort();
		}

		/** Stops the server; its data directory stays as it is. */
		public synchronized void stop() {
			if (this.running == null) {
				return;
			}
			try {
				this.running.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			finally {
				this.running = null;
			}
		}

		public boolean running() {
			return this.running != null;
		}

		public Path dataDirectory() {
			return this.dataDirectory;
		}

		/** The JDBC URL of its {@code postgres} database, the same across restarts. */
		public String jdbcUrl() {
			return "jdbc:postgresql://localhost:" + this.port + "/postgres?user=" + USER;
		}

		@Override
		public void close() {
			stop();
		}

	}

}
