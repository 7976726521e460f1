package dev.runboard.replicas;

import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.LocalUsers;
import dev.runboard.testing.RoundRobinProxy;
import dev.runboard.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Replicas come and go while people are signed in: a rolling deploy stops one and starts
 * its successor, and the store itself can go away. With sessions in the store nobody
 * signs in again for either; a replica that cannot reach the store is taken out of the
 * load balancer by its readiness, and says why to whoever reaches it anyway.
 */
class ReplicaLifecycleTests {

	@RegisterExtension
	static final FakeSsmServer ssm = new FakeSsmServer(
			new SandboxSsmClient((now) -> List.of(), Clock.systemUTC(), Region.EU_WEST_1));

	private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

	private RoundRobinProxy proxy;

	private TestPostgres.PrivatePostgres privateStore;

	@AfterEach
	void stop() {
		if (this.proxy != null) {
			this.proxy.close();
		}
		this.replicas.forEach(ConfigurableApplicationContext::close);
		if (this.privateStore != null) {
			this.privateStore.close();
		}
	}

	@Test
	void aRollingDeploySignsNobodyOut() {
		String database = TestPostgres.freshDatabase();
		ConfigurableApplicationContext a = start(database);
		ConfigurableApplicationContext b = start(database);
		this.proxy = new RoundRobinProxy(Replicas.uri(a), Replicas.uri(b));
		Browser browser = new Browser(this.proxy.uri());
		assertThat(browser.signIn(LocalUsers.OPS, LocalUsers.password(LocalUsers.OPS))).isEqualTo("/");
		assertThat(browser.get("/invocations").statusCode()).isEqualTo(200);

		a.close();
		for (int page = 0; page < 3; page++) {
			assertThat(browser.get("/invocations").statusCode()).as("page %d with A stopped", page).isEqualTo(200);
		}
		ConfigurableApplicationContext successor = start(database);
		this.proxy.replace(0, Replicas.uri(successor));
		int before = this.proxy.routed().size();
		for (int page = 0; page < 4; page++) {
			assertThat(browser.get("/invocations").statusCode()).as("page %d with A's successor", page).isEqualTo(200);
		}
		assertThat(this.proxy.routed().subList(before, this.proxy.routed().size())).contains(0, 1);
	}

	@Test
	void whileTheStoreHoldingSessionsIsUnreachableReadinessIsDownAndPagesSaySo(@TempDir Path data) {
		this.privateStore = TestPostgres.privateServer(data);
		ConfigurableApplicationContext replica = start(this.privateStore.jdbcUrl());
		Browser browser = new Browser(Replicas.uri(replica));
		// Probes carry no cookie, as an orchestrator's do.
		Browser probe = new Browser(Replicas.uri(replica));
		assertThat(browser.signIn(LocalUsers.OPS, LocalUsers.password(LocalUsers.OPS))).isEqualTo("/");
		assertThat(probe.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

		this.privateStore.stop();

		await().atMost(Duration.ofSeconds(30)).until(() -> probe.get("/actuator/health/readiness").statusCode() == 503);
		assertThat(probe.get("/actuator/health/liveness").statusCode()).as("liveness never asks the store")
			.isEqualTo(200);
		HttpResponse<String> page = browser.get("/invocations");
		assertThat(page.statusCode()).isEqualTo(503);
		assertThat(page.body()).contains("keeps sessions in its store").doesNotContain("Exception");

		this.privateStore.start();

		await().atMost(Duration.ofSeconds(30)).until(() -> probe.get("/actuator/health/readiness").statusCode() == 200);
		assertThat(browser.get("/invocations").statusCode()).as("still signed in").isEqualTo(200);
	}

	@Test
	void sessionsNotSharedStayInMemoryAndSignInNeedsNoStore(@TempDir Path data) {
		this.privateStore = TestPostgres.privateServer(data);
		ConfigurableApplicationContext replica = start(this.privateStore.jdbcUrl(), "runboard.sessions.shared=false");
		this.privateStore.stop();
		Browser browser = new Browser(Replicas.uri(replica));

		assertThat(browser.signIn(LocalUsers.OPS, LocalUsers.password(LocalUsers.OPS))).isEqualTo("/");

		assertThat(browser.cookies()).extracting(HttpCookie::getName).contains("JSESSIONID").doesNotContain("SESSION");
		assertThat(browser.get("/invocations").statusCode()).isEqualTo(200);
		assertThat(new Browser(Replicas.uri(replica)).get("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	@Test
	void replicasThatShareAStoreAndActOnCommandsMustShareTheConfirmationKey() {
		String database = TestPostgres.freshDatabase();
		assertThatException().isThrownBy(() -> start(database, "runboard.actions.confirmation-key="))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("runboard.actions.confirmation-key"));
		start(database, "runboard.actions.confirmation-key=", "runboard.sessions.shared=false").close();
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		StringBuilder messages = new StringBuilder();
		while (cause != null) {
			messages.append(cause.getMessage()).append('\n');
			cause = cause.getCause();
		}
		return messages.toString();
	}

	@Test
	void expiredSessionsAreRemovedByOneReplicaOfTheDeployment() {
		String database = TestPostgres.freshDatabase();
		ConfigurableApplicationContext a = start(database);
		ConfigurableApplicationContext b = start(database);
		JdbcClient store = JdbcClient.create(TestPostgres.dataSource(database));
		store.sql("DELETE FROM lease WHERE name = ?").param(StoreCleanup.LEASE).update();
		store.sql("""
				INSERT INTO spring_session (primary_id, session_id, creation_time, last_access_time,
					max_inactive_interval, expiry_time, principal_name)
				VALUES ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002', 0, 0, 1800,
					1000, 'ops')""").update();

		boolean byA = a.getBean(StoreCleanup.class).cleanUp();
		boolean byB = b.getBean(StoreCleanup.class).cleanUp();

		assertThat(List.of(byA, byB)).as("cleaned up by A, by B").containsExactly(true, false);
		assertThat(store.sql("SELECT count(*) FROM spring_session WHERE principal_name = 'ops'")
			.query(Integer.class)
			.single()).isZero();
	}

	private ConfigurableApplicationContext start(String database, String... properties) {
		ConfigurableApplicationContext replica = Replicas.start(ssm, database, properties);
		this.replicas.add(replica);
		return replica;
	}

}
