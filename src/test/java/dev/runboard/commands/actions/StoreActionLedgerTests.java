package dev.runboard.commands.actions;

import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import dev.runboard.commands.actions.ActionLedger.Begin;
import dev.runboard.commands.actions.ActionLedger.Key;
import dev.runboard.testing.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

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

	/**
	 * A replica that stopped between sending and writing the outcome leaves its action in
	 * flight: once no action could still be sending, it reads as unknown, so an operator
	 * who checked the commands list can take it on, instead of the key being held for
	 * good.
	 */
	@Test
	void anActionLeftInFlightByAStoppedReplicaBecomesUnknownAndCanBeAcknowledged() {
		Key key = rerun("i-1");
		Begin first = this.ledger.begin(key, "demo", T0);
		Instant soon = T0.plus(Duration.ofMinutes(5));
		assertThat(this.ledger.begin(key, "other", soon)).isInstanceOf(Begin.AlreadyInFlight.class);
		assertThat(this.ledger.acknowledgeUnknown(key, "other", soon)).as("still in flight").isNull();

		Instant later = T0.plus(ActivityLog.IN_FLIGHT_AT_MOST).plusSeconds(1);
		Begin again = this.ledger.begin(key, "other", later);
		assertThat(again).isInstanceOf(Begin.UnknownOutcome.class);
		assertThat(again.entry().nonce()).isEqualTo(first.entry().nonce());
		assertThat(this.ledger.onCommand(SOURCE, COMMAND, later)).singleElement()
			.satisfies((entry) -> assertThat(entry.state()).isEqualTo(ActionLedger.State.UNKNOWN));
		assertThat(this.ledger.acknowledgeUnknown(key, "other", later)).isNotNull();
		assertThat(this.ledger.begin(key, "other", later)).isInstanceOf(Begin.Started.class);
	}

}
