package dev.runboard.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Real PostgreSQL for the store's tests: one embedded server per test JVM with a fresh
 * database per test, and a server of its own for a test that takes the store away and
 * brings it back with its data.
 */
final class TestStores {

	private static final AtomicInteger databases = new AtomicInteger();

	private static EmbeddedPostgres shared;

	private TestStores() {
	}

	private static synchronized EmbeddedPostgres shared() {
		if (shared == null) {
			try {
				shared = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return shared;
	}

	/** A new, empty database on the shared server: its JDBC URL (user postgres). */
	static String newDatabase() {
		String name = "history_" + databases.incrementAndGet();
		try (Connection connection = shared().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return shared().getJdbcUrl("postgres", name);
	}

	/**
	 * A server of its own on a port fixed for its life, its data directory kept when it
	 * stops, as a database server that goes down and comes back.
	 */
	static final class Private implements AutoCloseable {

		private final Path data;

		private final int port;

		private EmbeddedPostgres server;

		Private(Path data) {
			this.data = data;
			try (ServerSocket socket = new ServerSocket(0)) {
				this.port = socket.getLocalPort();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		String url() {
			return "jdbc:postgresql://localhost:" + this.port + "/postgres?user=postgres";
		}

		void start() {
			try {
				this.server = EmbeddedPostgres.builder()
					.setDataDirectory(this.data)
					.setCleanDataDirectory(false)
					.setPort(this.port)
					.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		void stop() {
			try {
				this.server.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.server = null;
		}

		@Override
		public void close() {
			if (this.server != null) {
				stop();
			}
		}

	}

}
