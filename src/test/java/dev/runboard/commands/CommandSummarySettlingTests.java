package dev.runboard.commands;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.OutputInvocations;
import dev.runboard.testing.RunboardTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;
import software.amazon.awssdk.services.ssm.model.ListCommandsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandsResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSM's lists are eventually consistent: for a moment after a command turns final, its
 * invocations may still be listed as running. A summary read in that moment follows the
 * command until they are final too, and only then is kept for good.
 */
@RunboardTest
@WithMockUser(roles = { "USER" })
class CommandSummarySettlingTests {

	static final Instant NOW = Instant.parse("2026-11-27T04:00:00Z");

	static final String COMMAND = "0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7b10";

	static final String SENT = "0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7b11";

	static final CommandInvocation DONE = OutputInvocations.invocation(COMMAND, "i-0123456789abcdef0", NOW, "Success");

	/** What the lists say about the second node: running at first, then final. */
	static final AtomicReference<CommandInvocation> second = new AtomicReference<>(
			OutputInvocations.invocation(COMMAND, "i-0fedcba9876543210", NOW, "InProgress"));

	/** What the lists say about a command just sent: one node so far. */
	static final AtomicReference<List<CommandInvocation>> sent = new AtomicReference<>(
			List.of(OutputInvocations.invocation(SENT, "i-0123456789abcdef0", NOW, "Success")));

	/** What the command itself says: the lagging Success, or still running. */
	static final AtomicReference<String> commandStatus = new AtomicReference<>("Success");

	static final SsmClient SANDBOX = new SandboxSsmClient((now) -> concat(List.of(DONE, second.get()), sent.get()),
			Clock.fixed(NOW, ZoneOffset.UTC), Region.EU_WEST_1);

	/**
	 * The sandbox, but the command itself already says Success, as SSM may while lagging.
	 */
	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.local(new SsmClient() {

		@Override
		public ListCommandsResponse listCommands(ListCommandsRequest request) {
			ListCommandsResponse listed = SANDBOX.listCommands(request);
			return listed.toBuilder()
				.commands(listed.commands()
					.stream()
					.map((command) -> command.toBuilder()
						.status(commandStatus.get())
						.statusDetails(commandStatus.get())
						.completedCount(command.targetCount())
						.build())
					.toList())
				.build();
		}

		@Override
		public ListCommandInvocationsResponse listCommandInvocations(ListCommandInvocationsRequest request) {
			return SANDBOX.listCommandInvocations(request);
		}

		@Override
		public String serviceName() {
			return SANDBOX.serviceName();
		}

		@Override
		public void close() {
		}

	});

	@Autowired
	MockMvcTester mvc;

	@Test
	void aSummaryReadWhileTheListsLagFollowsTheCommandUntilTheyAreFinalThenIsKept() throws Exception {
		Document lagging = summary();
		assertThat(lagging.selectFirst("[data-command-status]").text()).isEqualTo("Success");
		assertThat(lagging.selectFirst("#summary").attr("hx-trigger")).as("still following").isEqualTo("every 1s");

		second.set(OutputInvocations.invocation(COMMAND, "i-0fedcba9876543210", NOW, "Failed"));
		// A summary read while the command runs is reused for one poll interval.
		Thread.sleep(1_100);
		ssm.reset();
		Document settled = summary();
		assertThat(ssm.calls("ListCommandInvocations")).as("read again").isNotEmpty();
		assertThat(settled.selectFirst("#summary").hasAttr("hx-trigger")).as("kept, no longer following").isFalse();
		assertThat(settled.select("[data-failure-group]")).hasSize(1);

		ssm.reset();
		summary();
		assertThat(ssm.calls("ListCommandInvocations")).as("read once final").isEmpty();
	}

	@Test
	void aSummaryReadWhileTheCommandRanIsNeverKeptForGood() throws Exception {
		commandStatus.set("InProgress");
		try {
			// Every node listed so far is final, but the command is still sending.
			Document running = summary(SENT);
			assertThat(running.select("[data-status-count]")).hasSize(1);
			assertThat(running.selectFirst("[data-status-count=Success]").attr("data-count")).isEqualTo("1");

			commandStatus.set("Success");
			sent.set(List.of(OutputInvocations.invocation(SENT, "i-0123456789abcdef0", NOW, "Success"),
					OutputInvocations.invocation(SENT, "i-0fedcba9876543210", NOW, "Failed")));
			ssm.reset();
			Document finished = summary(SENT);
			assertThat(ssm.calls("ListCommandInvocations")).as("read again once final").isNotEmpty();
			assertThat(finished.select("[data-failure-group]")).hasSize(1);

			ssm.reset();
			assertThat(summary(SENT).select("[data-failure-group]")).hasSize(1);
			assertThat(ssm.calls("ListCommandInvocations")).as("kept once final").isEmpty();
		}
		finally {
			commandStatus.set("Success");
		}
	}

	private static List<CommandInvocation> concat(List<CommandInvocation> first, List<CommandInvocation> second) {
		return Stream.concat(first.stream(), second.stream()).toList();
	}

	private Document summary() throws Exception {
		return summary(COMMAND);
	}

	private Document summary(String command) throws Exception {
		MvcTestResult result = this.mvc.get().uri("/commands/" + command + "/summary").exchange();
		assertThat(result).hasStatusOk();
		return Jsoup.parse(result.getResponse().getContentAsString());
	}

}
