package dev.runboard.aws.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CancelCommandRequest;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandStatus;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.Target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sandbox shows every status SSM reports, and something is always on the move.
 */
class SandboxFleetTests {

	static final Instant START = Instant.parse("2026-11-20T12:00:00Z");

	final SandboxFleet fleet = SandboxFleet.generate(START, 20261120L, Region.EU_WEST_1);

	@Test
	void everyResponseStatusAppearsRightAfterTheStart() {
		assertThat(statuses(START.plusSeconds(20))).contains("Pending", "InProgress", "Delayed", "Success", "Cancelled",
				"TimedOut", "Failed", "Cancelling");
	}

	@Test
	void hundredsOfInvocationsOverSeveralDocumentsAndNodes() {
		List<CommandInvocation> invocations = this.fleet.invocationsAt(START);
		assertThat(invocations).hasSizeGreaterThan(300);
		assertThat(invocations.stream().map(CommandInvocation::documentName).distinct()).hasSizeGreaterThan(5);
		assertThat(invocations.stream().map(CommandInvocation::instanceId).distinct()).hasSizeGreaterThan(10);
	}

	@Test
	void hoursLaterAScheduledCheckIsStillPendingRunningAndFinishing() {
		Instant later = START.plus(Duration.ofHours(3)).plusSeconds(20);
		assertThat(statuses(later)).contains("Pending", "Delayed", "InProgress", "Cancelling");

		Instant soon = later.plus(SandboxGenerator.SCHEDULE).minusSeconds(30);
		CommandInvocation running = this.fleet.invocationsAt(later)
			.stream()
			.filter((invocation) -> invocation.statusAsString().equals("InProgress"))
			.findFirst()
			.orElseThrow();
		assertThat(this.fleet.invocationsAt(soon)
			.stream()
			.filter((invocation) -> invocation.commandId().equals(running.commandId())
					&& invocation.instanceId().equals(running.instanceId()))
			.map(CommandInvocation::statusAsString)
			.findFirst()).hasValueSatisfying((status) -> assertThat(status).isIn("Success", "Failed"));
	}

	@Test
	void aScheduledCheckOlderThanAWeekIsForgotten() {
		Instant first = START.plusSeconds(20);
		String scheduled = this.fleet.invocationsAt(first)
			.stream()
			.filter((invocation) -> invocation.comment().startsWith("Scheduled health check"))
			.map(CommandInvocation::commandId)
			.findFirst()
			.orElseThrow();
		assertThat(this.fleet.sentCommand(scheduled, first)).isPresent();

		Instant weekLater = START.plus(Duration.ofDays(8));
		assertThat(this.fleet.invocationsAt(weekLater))
			.noneMatch((invocation) -> invocation.commandId().equals(scheduled));
		assertThat(this.fleet.sentCommand(scheduled, weekLater)).isEmpty();
	}

	@Test
	void invocationsStayNewestFirst() {
		List<Instant> requested = this.fleet.invocationsAt(START.plus(Duration.ofMinutes(42)))
			.stream()
			.map(CommandInvocation::requestedDateTime)
			.toList();
		assertThat(requested).isSortedAccordingTo((a, b) -> b.compareTo(a));
	}

	@Test
	void thePatchRunFailsOnAFewOfItsHundredAndTwentyNodesForFourReasons() {
		List<CommandInvocation> patch = this.fleet.invocationsAt(START)
			.stream()
			.filter((invocation) -> SandboxPatchNight.COMMENT.equals(invocation.comment()))
			.toList();
		assertThat(patch).hasSize(SandboxPatchNight.NODES);
		assertThat(patch.stream().filter((invocation) -> invocation.statusAsString().equals("Failed")))
			.hasSize(12 + 7 + 9 + 4);
		assertThat(patch.stream()
			.filter((invocation) -> invocation.statusAsString().equals("Failed"))
			.map((invocation) -> invocation.commandPlugins()
				.get(1)
				.output()
				.lines()
				.reduce((a, b) -> b)
				.orElse("")
				.replaceAll("\\d+", "0")
				.replaceAll(".*(yum lock|No space left|Timeout was reached).*", "$1"))
			.distinct()).containsExactlyInAnyOrder("yum lock", "No space left", "Timeout was reached", "");
		assertThat(this.fleet.sentCommand(patch.get(0).commandId(), START)).hasValueSatisfying((command) -> {
			assertThat(command.targets()).singleElement()
				.satisfies((target) -> assertThat(target.key()).isEqualTo("tag:Patch Group"));
			assertThat(command.maxConcurrency()).isEqualTo("10%");
			assertThat(command.parameters()).containsKeys("Operation", "RebootOption");
		});
	}

	@Test
	void aSentCommandIsPendingThenInProgressThenFinalOnTheNodesItsTargetsName() {
		Command sent = this.fleet.send(SendCommandRequest.builder()
			.documentName("AWS-RunShellScript")
			.parameters(Map.of("commands", List.of("uptime")))
			.targets(Target.builder().key("tag:Role").values("web").build())
			.comment("check uptime")
			.build(), START);

		assertThat(sent.status()).isEqualTo(CommandStatus.PENDING);
		List<CommandInvocation> atStart = invocationsOf(sent.commandId(), START);
		assertThat(atStart).hasSize(6)
			.allSatisfy((invocation) -> assertThat(invocation.instanceName()).startsWith("web-"))
			.allSatisfy((invocation) -> assertThat(invocation.statusAsString()).isEqualTo("Pending"));
		assertThat(invocationsOf(sent.commandId(), START.plusSeconds(11)))
			.allSatisfy((invocation) -> assertThat(invocation.statusAsString()).isEqualTo("InProgress"));
		assertThat(invocationsOf(sent.commandId(), START.plusSeconds(120)))
			.allSatisfy((invocation) -> assertThat(invocation.statusAsString()).isIn("Success", "Failed"));
		assertThat(this.fleet.invocationsAt(START).get(0).commandId()).as("the newest command")
			.isEqualTo(sent.commandId());
	}

	@Test
	void aSentCommandToNodeIdsRunsOnExactlyThoseAndAnUnknownNodeIsRefused() {
		List<String> nodes = this.fleet.invocationsAt(START)
			.stream()
			.filter((invocation) -> SandboxPatchNight.COMMENT.equals(invocation.comment()))
			.filter((invocation) -> invocation.statusAsString().equals("Failed"))
			.map(CommandInvocation::instanceId)
			.toList();
		Command sent = this.fleet
			.send(SendCommandRequest.builder().documentName("AWS-RunPatchBaseline").instanceIds(nodes).build(), START);

		assertThat(invocationsOf(sent.commandId(), START.plusSeconds(200))).extracting(CommandInvocation::instanceId)
			.containsExactlyInAnyOrderElementsOf(nodes);
		assertThat(invocationsOf(sent.commandId(), START.plusSeconds(200)))
			.filteredOn((invocation) -> invocation.statusDetails().equals("Undeliverable"))
			.as("the nodes that could not be reached before")
			.hasSize(4);
		assertThatExceptionOfType(InvalidInstanceIdException.class)
			.isThrownBy(() -> this.fleet.send(SendCommandRequest.builder()
				.documentName("AWS-RunShellScript")
				.instanceIds("i-0123456789abcdef0")
				.build(), START));
	}

	@Test
	void aCancelledInvocationIsCancellingThenCancelledAndAFinishedOneStaysAsItWas() {
		Command sent = this.fleet.send(SendCommandRequest.builder()
			.documentName("AWS-RunShellScript")
			.targets(Target.builder().key("tag:Role").values("web").build())
			.build(), START);
		Instant cancelAt = START.plusSeconds(20);

		this.fleet.cancel(CancelCommandRequest.builder().commandId(sent.commandId()).build(), cancelAt);

		assertThat(invocationsOf(sent.commandId(), cancelAt.plusSeconds(1)))
			.allSatisfy((invocation) -> assertThat(invocation.statusAsString()).isEqualTo("Cancelling"));
		assertThat(invocationsOf(sent.commandId(), cancelAt.plusSeconds(10)))
			.allSatisfy((invocation) -> assertThat(invocation.statusAsString()).isEqualTo("Cancelled"));
		Instant later = START.plusSeconds(300);
		List<String> before = invocationsOf(sent.commandId(), later).stream()
			.map(CommandInvocation::statusAsString)
			.toList();
		this.fleet.cancel(CancelCommandRequest.builder().commandId(sent.commandId()).build(), later);
		assertThat(invocationsOf(sent.commandId(), later.plusSeconds(10))).extracting(CommandInvocation::statusAsString)
			.isEqualTo(before);
	}

	private List<CommandInvocation> invocationsOf(String commandId, Instant now) {
		return this.fleet.invocationsAt(now)
			.stream()
			.filter((invocation) -> invocation.commandId().equals(commandId))
			.toList();
	}

	private Set<String> statuses(Instant now) {
		return this.fleet.invocationsAt(now)
			.stream()
			.map(CommandInvocation::statusAsString)
			.collect(Collectors.toSet());
	}

}
