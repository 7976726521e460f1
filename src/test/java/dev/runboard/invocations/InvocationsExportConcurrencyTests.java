package dev.runboard.invocations;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.SignedInClient;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exports of several people at once, over real HTTP. Long exports do not hold up short
 * ones (each is written on a thread of its own, never queued behind others); one person
 * has at most {@code runboard.export.max-concurrent-per-user} exports written at once
 * (429 beyond), everyone together at most {@code runboard.export.max-concurrent} (503
 * beyond), and a refused export costs no call to SSM.
 * <p>
 * Exports used to share Spring's default executor of eight threads: with eight long
 * exports running, another person's small one waited for one of them to finish. Here SSM
 * holds the long ones' second pages until the test lets them go, and the SDK waits for
 * its answers as long as it takes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "runboard.export.max-concurrent=9", "runboard.export.max-concurrent-per-user=2",
				"runboard.ssm.api-call-timeout=2m", "runboard.ssm.api-call-attempt-timeout=2m" })
class InvocationsExportConcurrencyTests {

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(1_000,
			Instant.parse("2026-11-20T12:00:00Z"));

	/** 200 failed invocations: four pages, of which the second is held. */
	static final String LONG = "/invocations.csv?status=Failed&details=false";

	/** The four invocations of one command: one page. */
	static final String SHORT = "/invocations.csv?details=false&commandId=" + INVOCATIONS.get(0).commandId();

	@RegisterExtension
	static final FakeSsmServer ssm = new FakeSsmServer(
			new SandboxSsmClient((now) -> INVOCATIONS, Clock.systemUTC(), Region.EU_WEST_1));

	static final List<String> USERS = List.of("ann", "ben", "cat", "dan", "eve", "fay");

	@DynamicPropertySource
	static void ssmEndpoint(DynamicPropertyRegistry registry) {
		ssm.registerAsAwsSource(registry);
		for (int i = 0; i < USERS.size(); i++) {
			String name = USERS.get(i);
			registry.add("runboard.security.users[" + i + "].name", () -> name);
			registry.add("runboard.security.users[" + i + "].password", () -> "{noop}" + name + "-secret");
		}
	}

	@LocalServerPort
	int port;

	@Test
	void longExportsHoldUpNoOtherExportAndEachPersonAndEveryoneHaveALimit() throws Exception {
		List<SignedInClient> people = USERS.stream()
			.map((name) -> SignedInClient.signIn(URI.create("http://localhost:" + this.port), name, name + "-secret"))
			.toList();
		ssm.reset();
		CountDownLatch gate = ssm.hold((body) -> body.has("NextToken"));
		ExecutorService browsers = Executors.newCachedThreadPool();
		try {
			// Four people start two long exports each: eight exports wait for SSM's
			// second page.
			List<CompletableFuture<List<String>>> running = new ArrayList<>();
			for (SignedInClient person : people.subList(0, 4)) {
				for (int export = 0; export < 2; export++) {
					running.add(CompletableFuture.supplyAsync(() -> lines(person.stream(LONG)), browsers));
				}
			}
			awaitHeldCalls(8);

			List<String> shortExport = CompletableFuture.supplyAsync(() -> lines(people.get(4).stream(SHORT)), browsers)
				.get(20, TimeUnit.SECONDS);
			assertThat(shortExport).as("another person's short export, while eight long ones run").hasSize(1 + 4);

			int calls = ssm.calls().size();
			HttpResponse<String> third = people.get(0).get(LONG);
			assertThat(third.statusCode()).as("a third export of one person").isEqualTo(429);
			assertThat(third.body()).contains("runboard.export.max-concurrent-per-user");
			assertThat(third.headers().firstValue("Retry-After")).isPresent();

			running.add(CompletableFuture.supplyAsync(() -> lines(people.get(4).stream(LONG)), browsers));
			awaitHeldCalls(9);
			HttpResponse<String> tenth = people.get(5).get(LONG);
			assertThat(tenth.statusCode()).as("a tenth export of everyone's").isEqualTo(503);
			assertThat(tenth.body()).contains("runboard.export.max-concurrent");
			assertThat(tenth.headers().firstValue("Retry-After")).isPresent();
			assertThat(ssm.calls()).as("refused exports ask SSM nothing").hasSize(calls + 1 + 1);

			gate.countDown();
			for (CompletableFuture<List<String>> export : running) {
				assertThat(export.get(60, TimeUnit.SECONDS)).hasSize(1 + 200).noneMatch((line) -> line.startsWith("#"));
			}
			assertThat(lines(people.get(0).stream(SHORT))).as("slots are given back").hasSize(1 + 4);
		}
		finally {
			gate.countDown();
			browsers.shutdownNow();
		}
	}

	private static void awaitHeldCalls(int count) {
		await("exports waiting for their second page").atMost(Duration.ofSeconds(20))
			.until(() -> ssm.calls().stream().filter((call) -> call.body().has("NextToken")).count() == count);
	}

	private static List<String> lines(HttpResponse<InputStream> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			return reader.lines().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
