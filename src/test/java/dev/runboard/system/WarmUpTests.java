package dev.runboard.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.runboard.RunboardApplication;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Warm before ready: a starting instance renders its busiest pages, signed in over
 * loopback, before its readiness probe answers UP; liveness is UP meanwhile, so the
 * platform neither routes users to a cold instance nor restarts a warming one.
 */
class WarmUpTests {

	final FakeSsmServer ssm = new FakeSsmServer(
			new SandboxSsmClient((now) -> TestInvocations.generate(120, Instant.parse("2026-11-20T12:00:00Z")),
					Clock.systemUTC(), Region.EU_WEST_1));

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	ConfigurableApplicationContext app;

	@AfterEach
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
		this.ssm.close();
	}

	@Test
	void readinessWaitsForTheWarmUpWhileLivenessIsUp() throws Exception {
		int port = freePort();
		CountDownLatch gate = this.ssm.hold();
		CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture
			.supplyAsync(() -> new SpringApplicationBuilder(RunboardApplication.class).run("--server.port=" + port,
					"--runboard.warm-up.enabled=true", "--runboard.warm-up.rounds=3", "--runboard.ssm.source=aws",
					"--runboard.ssm.region=eu-west-1", "--runboard.ssm.endpoint=" + this.ssm.endpoint(),
					"--runboard.ssm.health.timeout=1s", "--runboard.ssm.health.cache-ttl=0s",
					"--runboard.security.users[0].name=ops", "--runboard.security.users[0].password={noop}ops"));

		await("live", () -> status(port, "/actuator/health/liveness") == 200);
		await("the warm-up asks SSM for the invocations page",
				() -> this.ssm.calls("ListCommandInvocations")
					.stream()
					.anyMatch((call) -> call.body().path("MaxResults").asInt() == 50));
		assertThat(status(port, "/actuator/health/readiness")).as("ready while warming up").isEqualTo(503);
		assertThat(starting).isNotDone();

		gate.countDown();
		this.app = starting.get(60, TimeUnit.SECONDS);

		assertThat(status(port, "/actuator/health/readiness")).isEqualTo(200);
		assertThat(this.ssm.calls("ListCommandInvocations")).as("a scroll page")
			.anyMatch((call) -> call.body().has("NextToken"));
		assertThat(this.ssm.calls("ListCommands")).as("the commands view").isNotEmpty();
	}

	@Test
	void aWarmUpThatFailsStillLetsTheInstanceBecomeReady() throws Exception {
		int port = freePort();
		this.ssm.failNext(1_000, 400, "AccessDeniedException", "not authorized to perform ssm:ListCommandInvocations");
		this.app = new SpringApplicationBuilder(RunboardApplication.class).run("--server.port=" + port,
				"--runboard.warm-up.enabled=true", "--runboard.ssm.source=aws", "--runboard.ssm.region=eu-west-1",
				"--runboard.ssm.endpoint=" + this.ssm.endpoint(), "--runboard.security.users[0].name=ops",
				"--runboard.security.users[0].password={noop}ops");
		this.ssm.reset();

		await("ready once SSM answers", () -> status(port, "/actuator/health/readiness") == 200);
		assertThat(this.ssm.calls()).as("only the readiness check's calls after the start")
			.allSatisfy((call) -> assertThat(call.body().path("MaxResults").asInt()).isEqualTo(1));
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void withMoreRegionsThanTheProblemsViewMayMergeTheWarmUpFiltersByOneStatus(CapturedOutput output) throws Exception {
		int port = freePort();
		List<String> regions = List.of("eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "us-east-1");
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + port, "--runboard.warm-up.enabled=true",
				"--runboard.warm-up.rounds=2", "--runboard.ssm.source=aws",
				"--runboard.ssm.regions=" + String.join(",", regions), "--runboard.ssm.endpoint=" + this.ssm.endpoint(),
				"--runboard.security.users[0].name=ops", "--runboard.security.users[0].password={noop}ops"));
		this.app = new SpringApplicationBuilder(RunboardApplication.class).run(arguments.toArray(String[]::new));

		assertThat(output.getOut()).contains("Warmed up in").doesNotContain("Warm-up ended early");
		assertThat(this.ssm.calls("ListCommandInvocations")).as("the Failed view, in every region")
			.anyMatch((call) -> call.body().path("Filters").path(0).path("value").asString("").equals("Failed"));
	}

	private int status(int port, String path) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				fail("Timed out waiting until " + what);
			}
			Thread.sleep(100);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
