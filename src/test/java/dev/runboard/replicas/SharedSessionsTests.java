package dev.runboard.replicas;

import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.LocalOidc;
import dev.runboard.testing.LocalUsers;
import dev.runboard.testing.RoundRobinProxy;
import dev.runboard.testing.TestInvocations;
import dev.runboard.testing.TestPostgres;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas on one database behind a load balancer without affinity, each request to
 * the next replica in turn: whoever signed in on one is signed in on both, signing out on
 * one signs out on both, and what a session holds stays small.
 */
@ExtendWith(OutputCaptureExtension.class)
class SharedSessionsTests {

	static final CommandInvocation INVOCATION = TestInvocations.invocation("4c1f0e2b-7a10-4a3e-9d61-0b9a4d7e2c55",
			"i-0123456789abcdef0", "AWS-RunShellScript", Instant.parse("2026-11-20T10:00:00Z"), "Success",
			"patched 12 packages");

	@RegisterExtension
	static final FakeSsmServer ssm = new FakeSsmServer(
			new SandboxSsmClient((now) -> List.of(INVOCATION), Clock.systemUTC(), Region.EU_WEST_1));

	static String database;

	static ConfigurableApplicationContext a;

	static ConfigurableApplicationContext b;

	static RoundRobinProxy proxy;

	static JdbcClient store;

	@BeforeAll
	static void startTwoReplicas() {
		database = TestPostgres.freshDatabase();
		a = Replicas.start(ssm, database);
		b = Replicas.start(ssm, database);
		proxy = new RoundRobinProxy(Replicas.uri(a), Replicas.uri(b));
		store = JdbcClient.create(TestPostgres.dataSource(database));
	}

	@AfterAll
	static void stop() {
		proxy.close();
		b.close();
		a.close();
	}

	@Test
	void aUserSignedInOnOneReplicaBrowsesOnTheOther() {
		Browser browser = new Browser(proxy.uri());
		int before = proxy.routed().size();
		assertThat(browser.signIn(LocalUsers.OPS, LocalUsers.password(LocalUsers.OPS))).isEqualTo("/");
		for (int page = 0; page < 4; page++) {
			HttpResponse<String> invocations = browser.get("/invocations");
			assertThat(invocations.statusCode()).as("page %d", page).isEqualTo(200);
			assertThat(invocations.body()).contains("data-command-id=\"" + INVOCATION.commandId() + "\"");
		}
		assertThat(proxy.routed().subList(before, proxy.routed().size())).as("requests on each replica").contains(0, 1);
		assertThat(browser.cookies()).extracting(HttpCookie::getName).contains("SESSION").doesNotContain("JSESSIONID");
		assertThat(store.sql("SELECT count(*) FROM spring_session WHERE principal_name = ?")
			.param(LocalUsers.OPS)
			.query(Integer.class)
			.single()).isPositive();
	}

	@Test
	void signingOutOnOneReplicaSignsOutOnBoth() {
		Browser browser = new Browser(proxy.uri());
		assertThat(browser.signIn(LocalUsers.READER, LocalUsers.password(LocalUsers.READER))).isEqualTo("/");
		HttpResponse<String> page = browser.get("/invocations");
		assertThat(page.statusCode()).isEqualTo(200);

		HttpResponse<String> signedOut = browser.post("/logout", page.body(), Map.of());

		assertThat(signedOut.statusCode()).isEqualTo(302);
		assertThat(Browser.location(signedOut)).isEqualTo("/login?logout");
		for (int request = 0; request < 2; request++) {
			HttpResponse<String> after = browser.get("/invocations");
			assertThat(after.statusCode()).as("request %d after signing out", request).isEqualTo(302);
			assertThat(Browser.location(after)).startsWith("/login");
		}
	}

	@Test
	void anOperatorSignsAUserOutEverywhere(CapturedOutput output) {
		Browser laptop = new Browser(proxy.uri());
		Browser phone = new Browser(proxy.uri());
		assertThat(laptop.signIn("slow", LocalUsers.password("slow"))).isEqualTo("/");
		assertThat(phone.signIn("slow", LocalUsers.password("slow"))).isEqualTo("/");
		Browser operator = new Browser(proxy.uri());
		operator.signIn(LocalUsers.OPS, LocalUsers.password(LocalUsers.OPS));
		HttpResponse<String> activity = operator.get("/activity?user=slow");
		assertThat(activity.body()).contains("data-end-sessions");

		HttpResponse<String> ended = operator.post("/activity/sign-out", activity.body(), Map.of("user", "slow"));

		assertThat(ended.statusCode()).isEqualTo(303);
		assertThat(Browser.location(ended)).isEqualTo("/activity?user=slow&signedOut=2");
		assertThat(operator.get(Browser.location(ended)).body()).contains("data-signed-out");
		for (Browser browser : List.of(laptop, phone, laptop, phone)) {
			HttpResponse<String> page = browser.get("/invocations");
			assertThat(page.statusCode()).isEqualTo(302);
			assertThat(Browser.location(page)).startsWith("/login");
		}
		assertThat(operator.get("/invocations").statusCode()).as("the operator is still signed in").isEqualTo(200);
		assertThat(output).as("audited").contains("sessions-ended user=ops of=slow sessions=2");
	}

	@Test
	void anOidcUserSignedInOnOneReplicaIsTheSameUserWithTheSameRolesOnTheOther() {
		LocalOidc.server()
			.enqueueCallback(new DefaultOAuth2TokenCallback(LocalOidc.ISSUER, "alice", "JWT", null,
					Map.of("groups", List.of("staff", "ops-output"))));
		Browser browser = new Browser(proxy.uri());
		HttpResponse<String> response = browser.get("/oauth2/authorization/" + LocalOidc.REGISTRATION);
		int hops = 0;
		// The provider's redirects and the deployment's, each of the deployment's to the
		// next replica.
		while (response.statusCode() == 302 && hops++ < 10) {
			response = browser.get(response.headers().firstValue("Location").orElseThrow());
		}
		assertThat(response.statusCode()).as("the end of the sign-in").isEqualTo(200);
		for (int page = 0; page < 4; page++) {
			HttpResponse<String> invocations = browser.get("/invocations");
			assertThat(invocations.statusCode()).as("page %d", page).isEqualTo(200);
			assertThat(invocations.body()).as("output, which only the output role reads")
				.contains("patched 12 packages")
				.doesNotContain("data-output-hidden");
		}
	}

	@Test
	void aSessionHoldsOnlyWhoIsSignedInWhenAndTheFormsToken() {
		Browser browser = new Browser(proxy.uri());
		browser.signIn(LocalUsers.OPS, LocalUsers.password(LocalUsers.OPS));
		for (String path : List.of("/invocations", "/commands", "/invocations?status=Success",
				"/commands/" + INVOCATION.commandId())) {
			browser.get(path);
		}
		String session = browser.cookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals("SESSION"))
			.findFirst()
			.orElseThrow()
			.getValue();
		String id = new String(java.util.Base64.getDecoder().decode(session), java.nio.charset.StandardCharsets.UTF_8);
		Map<String, Integer> attributes = new java.util.TreeMap<>();
		store.sql("""
				SELECT a.attribute_name, octet_length(a.attribute_bytes) FROM spring_session_attributes a
				JOIN spring_session s ON s.primary_id = a.session_primary_id WHERE s.session_id = ?""")
			.param(id)
			.query((row, n) -> attributes.put(row.getString(1), row.getInt(2)))
			.list();
		assertThat(attributes.keySet()).containsExactlyInAnyOrder("SPRING_SECURITY_CONTEXT",
				"org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository.CSRF_TOKEN",
				"dev.runboard.security.SessionMaxAge.signedInAt");
		System.out.println("Session attributes after sign-in and four pages, in bytes: " + attributes);
		assertThat(attributes.values().stream().mapToInt(Integer::intValue).sum())
			.as("bytes in the session: %s", attributes)
			.isLessThan(4096);
	}

	@Test
	void failedSignInsKeepNoSessionInTheStore() {
		int sessions = store.sql("SELECT count(*) FROM spring_session").query(Integer.class).single();
		for (int guess = 0; guess < 3; guess++) {
			assertThat(new Browser(proxy.uri()).signIn("nobody-" + guess, "guess")).isEqualTo("/login?error");
		}
		assertThat(store.sql("SELECT count(*) FROM spring_session").query(Integer.class).single()).isEqualTo(sessions);
	}

}
