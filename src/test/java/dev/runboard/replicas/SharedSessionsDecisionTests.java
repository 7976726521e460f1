package dev.runboard.replicas;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When sessions are kept in the store: with a datasource someone configured, unless
 * {@code runboard.sessions.shared=false}; never without a store.
 */
class SharedSessionsDecisionTests {

	private static MockEnvironment aws() {
		return new MockEnvironment().withProperty("runboard.ssm.source", "aws");
	}

	private static MockEnvironment awsWithDatasource() {
		return aws().withProperty("spring.datasource.url", "jdbc:postgresql://db/runboard");
	}

	@Test
	void sessionsAreSharedWithADatasource() {
		assertThat(SharedSessions.inStore(awsWithDatasource())).isTrue();
	}

	@Test
	void sharedFalseKeepsThemInMemoryWithADatasource() {
		assertThat(SharedSessions.inStore(awsWithDatasource().withProperty("runboard.sessions.shared", "false")))
			.isFalse();
	}

	@Test
	void withoutAStoreTheyStayInMemoryWhateverIsAsked() {
		assertThat(SharedSessions.inStore(aws())).isFalse();
		assertThat(SharedSessions.inStore(aws().withProperty("runboard.sessions.shared", "true"))).isFalse();
		assertThat(SharedSessions.inStore(awsWithDatasource().withProperty("runboard.history.enabled", "false")))
			.as("a datasource, history off: no datasource at all")
			.isFalse();
	}

	@Test
	void theSandboxsOwnStoreKeepsThemInMemoryUnlessAsked() {
		assertThat(SharedSessions.inStore(new MockEnvironment())).isFalse();
		assertThat(SharedSessions.inStore(new MockEnvironment().withProperty("runboard.sessions.shared", "true")))
			.isTrue();
	}

	@Test
	void theAutoConfigurationOfSessionsInTheStoreIsLeftOutUnlessTheyAreShared() {
		String[] candidates = { "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration",
				"org.springframework.boot.session.autoconfigure.SessionAutoConfiguration" };
		SharedSessionsFilter filter = new SharedSessionsFilter();
		filter.setEnvironment(awsWithDatasource().withProperty("runboard.sessions.shared", "false"));
		assertThat(filter.match(candidates, null)).containsExactly(false, true);
		filter.setEnvironment(awsWithDatasource());
		assertThat(filter.match(candidates, null)).containsExactly(true, true);
	}

}
