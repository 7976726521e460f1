package dev.runboard.notifications;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.CommandView;
import dev.runboard.aws.Source;
import dev.runboard.notifications.NotificationProperties.Rule;
import dev.runboard.notifications.NotificationProperties.Target;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.AbstractDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the command page offers for watching when the store does not answer: nothing, and
 * without asking the store again on every view (each ask waits for a connection).
 */
class WatchesTests {

	@Test
	void aStoreThatDoesNotAnswerTakesTheOfferOffAndIsNotAskedAgainOnEveryView() {
		AtomicInteger asked = new AtomicInteger();
		AbstractDataSource down = new AbstractDataSource() {

			@Override
			public Connection getConnection() throws SQLException {
				asked.incrementAndGet();
				throw new SQLException("Connection refused", "08001");
			}

			@Override
			public Connection getConnection(String username, String password) throws SQLException {
				return getConnection();
			}

		};
		NotificationRules rules = NotificationRules.of(new NotificationProperties(List.of(new Rule("tell-me", List.of(),
				"watched", null, null, new Target("slack", "https://hooks.slack.com/services/T/B/x", null, null)))));
		Watches watches = new Watches(rules, new Outbox(JdbcClient.create(down), Instant.now()));
		CommandDetail running = new CommandDetail(
				new CommandView("5eed0000-0000-0000-0000-000000000001", "AWS-RunShellScript", "1", null, Instant.now(),
						"InProgress", "InProgress", 3, 0, 0, 0),
				null, Map.of(), List.of(), List.of(), null, null, null, null, null, null, null, null, List.of());
		Source source = new Source(null, "eu-west-1", null);

		assertThat(watches.offered(running)).extracting(NotificationRule::name).containsExactly("tell-me");
		assertThat(watches.offer(source, running)).isNull();
		assertThat(watches.offer(source, running)).isNull();
		assertThat(watches.offer(source, running)).isNull();
		assertThat(asked).as("connections asked of the store").hasValue(1);
	}

}
