package dev.runboard.history;

import java.io.IOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The sandbox's store: a real PostgreSQL started with the application from binaries on
 * the classpath, unpacked under the temporary directory, its data in a fresh directory
 * there, removed when Runboard stops. Run as root, it runs PostgreSQL in a user namespace
 * ({@code unshare -U}), since PostgreSQL refuses root. Spring Boot's datasource connects
 * to it through the connection details given here, as it would to any database.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(HistoryActivation.Embedded.class)
class EmbeddedStoreConfiguration {

	private static final Log logger = LogFactory.getLog(EmbeddedStoreConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedStore() {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
			logger.info("The sandbox keeps its history in a PostgreSQL of its own on port " + postgres.getPort()
					+ ", started now and removed when Runboard stops");
			return postgres;
		}
		catch (IOException | RuntimeException | ExceptionInInitializerError ex) {
			throw new IllegalStateException("The sandbox keeps its history in a PostgreSQL it starts itself, and it "
					+ "could not start one here (" + ex.getMessage() + "). Run the sandbox without history "
					+ "(RUNBOARD_HISTORY_ENABLED=false), or give it a PostgreSQL 15 or later "
					+ "(SPRING_DATASOURCE_URL, …_USERNAME, …_PASSWORD).", ex);
		}
	}

	@Bean
	JdbcConnectionDetails embeddedStoreConnection(EmbeddedPostgres postgres) {
		String url = postgres.getJdbcUrl("postgres", "postgres");
		return new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return "postgres";
			}

			@Override
			public String getPassword() {
				return null;
			}

			@Override
			public String getJdbcUrl() {
				return url;
			}

		};
	}

}
