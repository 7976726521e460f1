package dev.runboard.aws.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

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

		Instant soon = later.plus(SandboxFleet.SCHEDULE).minusSeconds(30);
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
	void invocationsStayNewestFirst() {
		List<Instant> requested = this.fleet.invocationsAt(START.plus(Duration.ofMinutes(42)))
			.stream()
			.map(CommandInvocation::requestedDateTime)
			.toList();
		assertThat(requested).isSortedAccordingTo((a, b) -> b.compareTo(a));
	}

	private Set<String> statuses(Instant now) {
		return this.fleet.invocationsAt(now)
			.stream()
			.map(CommandInvocation::statusAsString)
			.collect(Collectors.toSet());
	}

}
