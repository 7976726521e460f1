package dev.runboard.aws.sdk;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.NewCommand;
import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code SendCommand} through the write client as the application builds it, against a
 * local endpoint that counts the requests it receives: the client keeps the timeouts of
 * every client, and never sends a command again once the request may have reached SSM (it
 * is not idempotent and takes no client token). What failed says whether SSM may have
 * acted, so that the action is recorded as of unknown outcome.
 */
class SsmWritesTests {

	static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");

	static final SandboxData DATA = new SandboxData() {

		@Override
		public List<CommandInvocation> invocationsAt(Instant now) {
			return List.of();
		}

		@Override
		public Command send(SendCommandRequest request, Instant now) {
			return Command.builder()
				.commandId(UUID.randomUUID().toString())
				.documentName(request.documentName())
				.status("Pending")
				.build();
		}

	};

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer
		.local(new SandboxSsmClient(DATA, Clock.fixed(NOW, ZoneOffset.UTC), Region.EU_WEST_1));

	static final NewCommand COMMAND = new NewCommand("AWS-RunShellScript", "1", Map.of("commands", List.of("uptime")),
			List.of(), List.of("i-00000000000000001"), "1", "0", 600,
			"Rerun of 0b9a4d7e-2c55-4a3e-9d61-000000000001 by ops #k3f9", null, null, null, null, null);

	/**
	 * SSM answers after the attempt timeout: the send fails as one that may have acted,
	 * once, without waiting for that late answer. Built with a second override
	 * configuration, the write client had no timeout at all and waited.
	 */
	@Test
	void aSendThatSsmAnswersAfterTheTimeoutFailsOnceAsMayHaveActed() throws Exception {
		CountDownLatch late = ssm.hold((body) -> body.has("DocumentName"));
		ExecutorService thread = Executors.newSingleThreadExecutor();
		try (TestSources sources = TestSources.aws("runboard.ssm.api-call-attempt-timeout=1s",
				"runboard.ssm.api-call-timeout=2s")) {
			Future<String> send = thread.submit(() -> sources.runCommand().send(COMMAND));

			Throwable failed = null;
			try {
				send.get(20, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				failed = ex.getCause();
			}
			assertThat(failed).as("the send failed before SSM answered")
				.isInstanceOfSatisfying(AwsFailure.class, (failure) -> {
					assertThat(failure.kind()).isEqualTo(AwsFailure.Kind.UNREACHABLE);
					assertThat(failure.mayHaveActed()).isTrue();
				});
			late.countDown();
			assertThat(ssm.calls("SendCommand")).as("requests received").hasSize(1);
		}
		finally {
			late.countDown();
			thread.shutdownNow();
		}
	}

	@Test
	void aServerErrorIsNotRetriedAndMayHaveActed() {
		ssm.failNext("SendCommand", 1, 503, "ServiceUnavailable", "Service is unavailable");
		try (TestSources sources = TestSources.aws()) {
			assertThatExceptionOfType(AwsFailure.class).isThrownBy(() -> sources.runCommand().send(COMMAND))
				.satisfies((failure) -> assertThat(failure.mayHaveActed()).isTrue());
		}
		assertThat(ssm.calls("SendCommand")).hasSize(1);
	}

	@Test
	void aConnectionLostAfterTheRequestWentIsNotRetriedAndMayHaveActed() {
		ssm.hangUpOn("SendCommand");
		try (TestSources sources = TestSources.aws()) {
			assertThatExceptionOfType(AwsFailure.class).isThrownBy(() -> sources.runCommand().send(COMMAND))
				.satisfies((failure) -> assertThat(failure.mayHaveActed()).isTrue());
		}
		assertThat(ssm.calls("SendCommand")).hasSize(1);
	}

	@Test
	void throttlingIsRetriedSinceSsmRefusedTheRequestsAndARefusalNeverActed() {
		ssm.failNext("SendCommand", 2, 400, "ThrottlingException", "Rate exceeded");
		try (TestSources sources = TestSources.aws()) {
			assertThat(sources.runCommand().send(COMMAND)).hasSize(36);
		}
		assertThat(ssm.calls("SendCommand")).hasSize(3);

		ssm.reset();
		ssm.failNext("SendCommand", 1, 400, "AccessDeniedException", "not authorized");
		try (TestSources sources = TestSources.aws()) {
			assertThatExceptionOfType(AwsFailure.class).isThrownBy(() -> sources.runCommand().send(COMMAND))
				.satisfies((failure) -> assertThat(failure.mayHaveActed()).isFalse());
		}
	}

	@Test
	void anEndpointThatRefusesTheConnectionNeverActed() throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		try (TestSources sources = TestSources.aws("runboard.ssm.endpoint=http://127.0.0.1:" + closed)) {
			assertThatExceptionOfType(AwsFailure.class).isThrownBy(() -> sources.runCommand().send(COMMAND))
				.satisfies((failure) -> {
					assertThat(failure.kind()).isEqualTo(AwsFailure.Kind.UNREACHABLE);
					assertThat(failure.mayHaveActed()).isFalse();
				});
		}
	}

}
