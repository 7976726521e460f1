package dev.runboard.invocations.export;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.LocalUsers;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.SignedInClient;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.web.server.LocalServerPort;

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
@RunboardTest
class InvocationsExportConcurrencyTests {

	/** {@code runboard.export.max-concurrent} of the {@code aws} setup. */
	static final int MAX_CONCURRENT = 3;

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(1_000,
			Instant.parse("2026-11-20T12:00:00Z"));

	/** 200 failed invocations: four pages, of which the second is held. */
	static final String LONG = "/invocations.csv?status=Failed&details=false";

	/** The four invocations of one command: one page. */
	static final String SHORT = "/invocations.csv?details=false&commandId=" + INVOCATIONS.get(0).commandId();

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.listing(INVOCATIONS);

	@LocalServerPort
	int port;

	@Test
	void longExportsHoldUpNoOtherExportAndEachPersonAndEveryoneHaveALimit() throws Exception {
		SignedInClient ops = signIn(LocalUsers.OPS);
		SignedInClient operator = signIn(LocalUsers.OPERATOR);
		SignedInClient reader = signIn(LocalUsers.READER);
		ssm.reset();
		CountDownLatch gate = ssm.hold((body) -> body.has("NextToken"));
		ExecutorService browsers = Executors.newCachedThreadPool();
		try {
			// One person starts two long exports: both wait for SSM's second page.
			List<CompletableFuture<List<String>>> running = new ArrayList<>();
			for (int export = 0; export < 2; export++) {
				running.add(CompletableFuture.supplyAsync(() -> lines(ops.stream(LONG)), browsers));
			}
			awaitHeldCalls(2);

			List<String> shortExport = CompletableFuture.supplyAsync(() -> lines(reader.stream(SHORT)), browsers)
				.get(20, TimeUnit.SECONDS);
			assertThat(shortExport).as("another person's short export, while two long ones run").hasSize(1 + 4);

			int calls = ssm.calls().size();
			HttpResponse<String> third = ops.get(LONG);
			assertThat(third.statusCode()).as("a third export of one person").isEqualTo(429);
			assertThat(third.body()).contains("runboard.export.max-concurrent-per-user");
			assertThat(third.headers().firstValue("Retry-After")).isPresent();

			running.add(CompletableFuture.supplyAsync(() -> lines(operator.stream(LONG)), browsers));
			awaitHeldCalls(MAX_CONCURRENT);
			HttpResponse<String> beyond = reader.get(LONG);
			assertThat(beyond.statusCode()).as("an export beyond everyone's limit").isEqualTo(503);
			assertThat(beyond.body()).contains("runboard.export.max-concurrent");
			assertThat(beyond.headers().firstValue("Retry-After")).isPresent();
			assertThat(ssm.calls()).as("refused exports ask SSM nothing").hasSize(calls + 1 + 1);

			gate.countDown();
			for (CompletableFuture<List<String>> export : running) {
				assertThat(export.get(60, TimeUnit.SECONDS)).hasSize(1 + 200).noneMatch((line) -> line.startsWith("#"));
			}
			assertThat(lines(ops.stream(SHORT))).as("slots are given back").hasSize(1 + 4);
		}
		finally {
			gate.countDown();
			browsers.shutdownNow();
		}
	}

	private SignedInClient signIn(String user) {
		return SignedInClient.signIn(URI.create("http://localhost:" + this.port), user, LocalUsers.password(user));
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
