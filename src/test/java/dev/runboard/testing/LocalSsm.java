package dev.runboard.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.aws.sandbox.SandboxFleet;
import dev.runboard.aws.sandbox.SandboxSsmClient;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CancelCommandRequest;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;

/**
 * The sandbox's fleet behind the tests' local SSM endpoint, in a process of its own: an
 * SSM endpoint that several {@code java -jar} replicas with the {@code aws} source can
 * share, to try a deployment on one machine ({@code runboard.ssm.endpoint} set to the
 * address it prints). It prints each {@code SendCommand} it receives, as it receives it,
 * and answers it after {@code SEND_DELAY} (default 3 s), so that a form submitted twice
 * reaches the replicas while the first send is still at SSM.
 * <p>
 * Run from the test classes: {@code java -cp target/test-classes:target/classes:<test
 * class path> -Daws.accessKeyId=test dev.runboard.testing.LocalSsm}.
 */
public final class LocalSsm {

	private LocalSsm() {
	}

	public static void main(String[] args) throws InterruptedException {
		Duration delay = Duration.parse("PT" + System.getenv().getOrDefault("SEND_DELAY", "3s"));
		SandboxFleet fleet = SandboxFleet.generate(Instant.now(), 42, Region.EU_WEST_1);
		AtomicInteger sends = new AtomicInteger();
		SandboxData printing = new SandboxData() {

			@Override
			public List<CommandInvocation> invocationsAt(Instant now) {
				return fleet.invocationsAt(now);
			}

			@Override
			public Optional<Command> sentCommand(String commandId, Instant now) {
				return fleet.sentCommand(commandId, now);
			}

			@Override
			public Optional<FullOutput> fullOutput(String commandId, String instanceId, String pluginName,
					Instant now) {
				return fleet.fullOutput(commandId, instanceId, pluginName, now);
			}

			@Override
			public Command send(SendCommandRequest request, Instant now) {
				System.out.println("SendCommand #" + sends.incrementAndGet() + " received at " + now + ": "
						+ request.documentName() + " comment=" + request.comment());
				sleep(delay);
				Command sent = fleet.send(request, now);
				System.out.println("SendCommand answered: " + sent.commandId());
				return sent;
			}

			@Override
			public void cancel(CancelCommandRequest request, Instant now) {
				System.out.println("CancelCommand received: " + request.commandId());
				fleet.cancel(request, now);
			}

		};
		FakeSsmServer server = new FakeSsmServer(new SandboxSsmClient(printing, Clock.systemUTC(), Region.EU_WEST_1));
		System.out.println("SSM endpoint: " + server.endpoint());
		Thread.currentThread().join();
	}

	private static void sleep(Duration delay) {
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
