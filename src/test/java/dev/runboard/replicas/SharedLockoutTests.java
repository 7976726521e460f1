package dev.runboard.replicas;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.LocalUsers;
import dev.runboard.testing.RoundRobinProxy;
import dev.runboard.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in lockout counts per user name for the whole deployment: guesses spread over
 * two replicas get {@code max-failures} (10) password checks in all, not 10 per replica,
 * and a name locked through one replica is locked on the other.
 */
class SharedLockoutTests {

	@RegisterExtension
	static final FakeSsmServer ssm = new FakeSsmServer(
			new SandboxSsmClient((now) -> List.of(), Clock.systemUTC(), Region.EU_WEST_1));

	static ConfigurableApplicationContext a;

	static ConfigurableApplicationContext b;

	static RoundRobinProxy proxy;

	static JdbcClient store;

	/** Wrong passwords checked, on either replica, per user name. */
	static final PasswordChecks checks = new PasswordChecks();

	@BeforeAll
	static void startTwoReplicas() {
		String database = TestPostgres.freshDatabase();
		a = Replicas.start(ssm, database);
		b = Replicas.start(ssm, database);
		a.addApplicationListener(checks);
		b.addApplicationListener(checks);
		proxy = new RoundRobinProxy(Replicas.uri(a), Replicas.uri(b));
		store = JdbcClient.create(TestPostgres.dataSource(database));
	}

	@AfterAll
	static void stop() {
		proxy.close();
		b.close();
		a.close();
	}

	/**
	 * Thirty guesses sent at the same moment, spread over both replicas by the load
	 * balancer (each replica would allow ten of its own), then the right password.
	 */
	@Test
	void thirtyGuessesOverTwoReplicasCheckAtMostTenPasswordsAndTheRightOneAfterIsRefused() throws Exception {
		int guesses = 30;
		ExecutorService burst = Executors.newFixedThreadPool(guesses);
		try {
			CyclicBarrier together = new CyclicBarrier(guesses);
			int before = proxy.routed().size();
			List<Future<String>> answers = new ArrayList<>();
			for (int guess = 0; guess < guesses; guess++) {
				String password = "guess-" + guess;
				answers.add(burst.submit(() -> {
					Browser browser = new Browser(proxy.uri());
					String loginPage = browser.loginPage();
					together.await(1, TimeUnit.MINUTES);
					return browser.signIn(loginPage, LocalUsers.SLOW, password);
				}));
			}
			for (Future<String> answer : answers) {
				assertThat(answer.get(2, TimeUnit.MINUTES)).isIn("/login?error", "/login?locked");
			}
			assertThat(proxy.routed().subList(before, proxy.routed().size())).as("sign-ins on each replica")
				.contains(0, 1);
		}
		finally {
			burst.shutdownNow();
		}
		assertThat(checks.failed(LocalUsers.SLOW)).as("wrong passwords checked on both replicas").isBetween(1, 10);
		System.out.println(
				"Of " + guesses + " guesses over two replicas, passwords checked: " + checks.failed(LocalUsers.SLOW));

		assertThat(new Browser(proxy.uri()).signIn(LocalUsers.SLOW, LocalUsers.password(LocalUsers.SLOW)))
			.as("the right password after the burst")
			.isEqualTo("/login?locked");
		assertThat(checks.failed(LocalUsers.SLOW)).isBetween(1, 10);
	}

	@Test
	void aNameLockedThroughOneReplicaIsLockedOnTheOther() {
		Browser onA = new Browser(Replicas.uri(a));
		for (int guess = 0; guess < 10; guess++) {
			assertThat(onA.signIn(LocalUsers.READER, "guess-" + guess)).isEqualTo("/login?error");
		}
		assertThat(new Browser(Replicas.uri(b)).signIn(LocalUsers.READER, LocalUsers.password(LocalUsers.READER)))
			.isEqualTo("/login?locked");
	}

	@Test
	void theLockEndsByTheStoresClock() {
		Browser onA = new Browser(Replicas.uri(a));
		for (int guess = 0; guess < 10; guess++) {
			onA.signIn(LocalUsers.OPS, "guess-" + guess);
		}
		Browser onB = new Browser(Replicas.uri(b));
		assertThat(onB.signIn(LocalUsers.OPS, LocalUsers.password(LocalUsers.OPS))).isEqualTo("/login?locked");

		store.sql("UPDATE sign_in_lockout SET locked_until = now() - interval '1 second' WHERE name = ?")
			.param(LocalUsers.OPS)
			.update();

		assertThat(onB.signIn(LocalUsers.OPS, LocalUsers.password(LocalUsers.OPS))).isEqualTo("/");
	}

	@Test
	void failuresOfAWindowThatEndedDoNotCount() {
		String name = "mallory";
		for (int guess = 0; guess < 9; guess++) {
			assertThat(new Browser(proxy.uri()).signIn(name, "guess-" + guess)).isEqualTo("/login?error");
		}
		store.sql("UPDATE sign_in_lockout SET window_start = window_start - interval '6 minutes' WHERE name = ?")
			.param(name)
			.update();
		for (int guess = 0; guess < 9; guess++) {
			assertThat(new Browser(proxy.uri()).signIn(name, "again-" + guess)).isEqualTo("/login?error");
		}
		assertThat(store.sql("SELECT failures FROM sign_in_lockout WHERE name = ?")
			.param(name)
			.query(Integer.class)
			.single()).isEqualTo(9);
	}

	@Test
	void userNameCaseDoesNotDodgeTheSharedLock() {
		for (int guess = 0; guess < 10; guess++) {
			new Browser(proxy.uri()).signIn((guess % 2 == 0) ? "Eve" : "EVE", "guess-" + guess);
		}
		assertThat(new Browser(proxy.uri()).signIn("eve", "anything")).isEqualTo("/login?locked");
	}

	/** Counts the wrong passwords checked, as Spring Security reports them. */
	static final class PasswordChecks implements ApplicationListener<AuthenticationFailureBadCredentialsEvent> {

		private final java.util.Map<String, AtomicInteger> failed = new java.util.concurrent.ConcurrentHashMap<>();

		@Override
		public void onApplicationEvent(AuthenticationFailureBadCredentialsEvent event) {
			this.failed.computeIfAbsent(event.getAuthentication().getName(), (name) -> new AtomicInteger())
				.incrementAndGet();
		}

		int failed(String username) {
			return this.failed.getOrDefault(username, new AtomicInteger()).get();
		}

	}

}
