package dev.runboard.commands.actions;

import java.time.Duration;

import javax.sql.DataSource;

import dev.runboard.testing.TestPostgres;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger every replica shares, in the store, keeps the contract: the same tests as
 * the one of a replica's memory, against a real PostgreSQL.
 */
class StoreActionLedgerTests extends ActionLedgerContract {

	private static final DataSource store = migrated();

	private static DataSource migrated() {
		DataSource dataSource = TestPostgres.dataSource(TestPostgres.freshDatabase());
		Flyway.configure().dataSource(dataSource).load().migrate();
		return dataSource;
	}

	@Override
	protected ActionLedger ledger(Duration window) {
		JdbcClient jdbc = JdbcClient.create(store);
		jdbc.sql("TRUNCATE action, action_claim").update();
		return new StoreActionLedger(jdbc, new TransactionTemplate(new DataSourceTransactionManager(store)), window,
				() -> {
				});
	}

}
