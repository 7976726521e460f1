package dev.runboard.commands.actions;

import java.time.Clock;

import dev.runboard.history.HistoryActivation;
import dev.runboard.history.HistoryProperties;
import dev.runboard.history.SharedStore;
import dev.runboard.security.ActionsProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * With a store, actions are done once across every replica and kept as the activity log:
 * the store's ledger takes the place of the replica's own ({@link ActionsConfiguration}),
 * and {@code /activity} reads what it wrote.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(HistoryActivation.Enabled.class)
class ActionsStoreConfiguration {

	@Bean
	@Primary
	StoreActionLedger storeActionLedger(JdbcClient jdbc, TransactionOperations transactions,
			ActionsProperties properties, SharedStore store) {
		return new StoreActionLedger(jdbc, transactions, properties.duplicateWindow(), store::ensureReady);
	}

	@Bean
	ActivityLog activityLog(JdbcClient jdbc, SharedStore store) {
		return new ActivityLog(jdbc, store::ensureReady);
	}

	@Bean
	ActivityRetention activityRetention(ActivityLog log, SharedStore store, HistoryProperties history, Clock clock) {
		return new ActivityRetention(log, store, history.retention(), clock);
	}

}
