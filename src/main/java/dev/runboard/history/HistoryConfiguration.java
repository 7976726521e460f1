package dev.runboard.history;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.runboard.aws.PastCommands;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The history store and its recorder, when history is on ({@link HistoryActivation}). The
 * datasource is Spring Boot's, from {@code spring.datasource.*} or, in the sandbox, from
 * the PostgreSQL it starts ({@link EmbeddedStoreConfiguration}); Flyway is Boot's too,
 * with its migration deferred ({@link StoreSchema}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(HistoryActivation.Enabled.class)
class HistoryConfiguration {

	/**
	 * Spring Boot's migration at startup, replaced by nothing: Runboard starts while the
	 * store is down, and {@link StoreSchema} migrates once it answers.
	 */
	@Bean
	FlywayMigrationStrategy deferredMigration() {
		return (flyway) -> {
		};
	}

	@Bean
	StoreSchema storeSchema(Flyway flyway, Partitions partitions, HistoryProperties properties, Clock clock) {
		return new StoreSchema(flyway, partitions, properties, clock);
	}

	@Bean
	Partitions partitions(JdbcClient jdbc, TransactionOperations transactions) {
		return new Partitions(jdbc, transactions);
	}

	@Bean
	HistoryStore historyStore(JdbcClient jdbc, NamedParameterJdbcOperations batch,
			ObjectProvider<FailureSignatures> signatures) {
		return new HistoryStore(jdbc, batch, signatures.getIfAvailable());
	}

	@Bean
	SignatureRefresh signatureRefresh(JdbcClient jdbc, TransactionOperations transactions,
			ObjectProvider<FailureSignatures> signatures) {
		return new SignatureRefresh(jdbc, transactions, signatures.getIfAvailable());
	}

	@Bean
	Leases leases(JdbcClient jdbc) {
		return new Leases(jdbc, replica());
	}

	@Bean
	SharedStore sharedStore(JdbcClient jdbc, StoreSchema schema, Leases leases) {
		return new SharedStore(jdbc, schema, leases);
	}

	@Bean
	Retention retention(JdbcClient jdbc, Partitions partitions, TransactionOperations transactions) {
		return new Retention(jdbc, partitions, transactions);
	}

	@Bean
	HistoryRepository historyRepository(JdbcClient jdbc, StoreSchema schema,
			ObjectProvider<FailureSignatures> signatures, TransactionOperations transactions) {
		return new HistoryRepository(jdbc, schema, signatures.getIfAvailable(), transactions);
	}

	@Bean
	RecorderReport recorderReport(HistoryRepository repository, HistoryJobs jobs, Clock clock) {
		return new RecorderReport(repository, jobs, clock);
	}

	@Bean
	HistoryJobs historyJobs(Sources sources, HistoryStore store, Partitions partitions, Leases leases,
			TransactionOperations transactions, StoreSchema schema, Retention retention, SignatureRefresh signatures,
			HistoryProperties properties, MeterRegistry meters, Clock clock, ObjectProvider<PastCommands> past,
			ObjectProvider<FinalCommandListener> listeners) {
		List<FinalCommandListener> finalCommandListeners = listeners.orderedStream().toList();
		Map<Recorder, RecorderMetrics> recorders = new LinkedHashMap<>();
		for (Source source : sources.all()) {
			RecorderMetrics metrics = new RecorderMetrics(meters, source.account(), source.region(), clock);
			recorders.put(new Recorder(source, store, partitions, leases, transactions,
					new CallBudget(properties.maxCallsPerMinute()), metrics, properties, clock, past.getIfAvailable(),
					finalCommandListeners), metrics);
		}
		return new HistoryJobs(recorders, schema, retention, signatures, leases, properties, clock);
	}

	/** This replica, as leases name it: the host, and what tells two processes apart. */
	private static String replica() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown-host";
		}
		return host + "/" + UUID.randomUUID();
	}

}
