package dev.runboard.aws.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CancelCommandRequest;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.CommandStatus;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.ListCommandsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandsResponse;
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
		// Ten percent at a time, stopped past 20% (24) errors: the errors of the nodes
		// still running when the 25th came in count too.
		assertThat(patch.stream().filter((invocation) -> invocation.statusAsString().equals("Failed")).count())
			.isBetween(25L, 24L + 12);
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
	void aPatchRunSentNowFailsForThePatchNightsReasonsEachWithExitOne() {
		Command sent = this.fleet.send(SendCommandRequest.builder()
			.documentName("AWS-RunPatchBaseline")
			.targets(Target.builder().key("tag:Patch Group").values("production-wave-2").build())
			.maxErrors("100%")
			.build(), START);
		List<CommandInvocation> failed = invocationsOf(sent.commandId(), START.plus(Duration.ofHours(1))).stream()
			.filter((invocation) -> invocation.statusDetails().equals("Failed"))
			.toList();
		assertThat(failed).isNotEmpty().allSatisfy((invocation) -> {
			CommandPlugin patchLinux = invocation.commandPlugins().get(1);
			assertThat(patchLinux.responseCode()).isEqualTo(1);
			assertThat(patchLinux.output()).containsPattern("yum lock held|No space left|Timeout was reached");
		});
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
		long unreachable = this.fleet.invocationsAt(START)
			.stream()
			.filter((invocation) -> nodes.contains(invocation.instanceId()))
			.filter((invocation) -> SandboxPatchNight.COMMENT.equals(invocation.comment()))
			.filter((invocation) -> invocation.statusDetails().equals("Undeliverable"))
			.count();
		assertThat(invocationsOf(sent.commandId(), START.plusSeconds(200)))
			.filteredOn((invocation) -> invocation.statusDetails().equals("Undeliverable"))
			.as("the nodes that could not be reached before")
			.hasSize((int) unreachable);
		assertThatExceptionOfType(InvalidInstanceIdException.class)
			.isThrownBy(() -> this.fleet.send(SendCommandRequest.builder()
				.documentName("AWS-RunShellScript")
				.instanceIds("i-0123456789abcdef0")
				.build(), START));
	}

	@Test
	void thePatchRunNeverHadMoreNodesRunningThanItsMaxConcurrencyAndStoppedPastItsMaxErrors() {
		List<CommandInvocation> patch = this.fleet.invocationsAt(START)
			.stream()
			.filter((invocation) -> SandboxPatchNight.COMMENT.equals(invocation.comment()))
			.toList();
		List<CommandPlugin> ran = patch.stream()
			.map((invocation) -> invocation.commandPlugins().get(1))
			.filter((plugin) -> plugin.responseStartDateTime() != null)
			.toList();
		assertThat(mostAtOnce(ran)).as("10% of 120 at a time").isBetween(2, 12);
		List<CommandInvocation> notRun = patch.stream()
			.filter((invocation) -> invocation.statusAsString().equals("Cancelled"))
			.toList();
		assertThat(notRun).as("the nodes it never reached").isNotEmpty().allSatisfy((invocation) -> {
			assertThat(invocation.statusDetails()).isEqualTo("Cancelled");
			assertThat(invocation.commandPlugins()).allSatisfy((plugin) -> {
				assertThat(plugin.responseStartDateTime()).isNull();
				assertThat(plugin.output()).isEmpty();
			});
		});
		assertThat(commandStatus(patch.get(0).commandId(), START)).isEqualTo("Failed");
	}

	@Test
	void aSentCommandRunsOnAtMostMaxConcurrencyNodesAtOnceAndStopsOnceItsErrorsExceedMaxErrors() {
		Target wave = Target.builder().key("tag:Patch Group").values("production-wave-2").build();
		Command paced = this.fleet.send(SendCommandRequest.builder()
			.documentName("AWS-RunShellScript")
			.targets(wave)
			.maxConcurrency("5")
			.maxErrors("100%")
			.build(), START);
		int most = 0;
		for (Instant at = START; at.isBefore(START.plus(Duration.ofHours(1))); at = at.plusSeconds(5)) {
			long running = invocationsOf(paced.commandId(), at).stream()
				.filter((invocation) -> invocation.statusAsString().equals("InProgress"))
				.count();
			most = Math.max(most, (int) running);
		}
		assertThat(most).as("5 at a time").isBetween(2, 5);
		assertThat(invocationsOf(paced.commandId(), START.plus(Duration.ofHours(1))))
			.as("every node ran: 100% of errors allowed")
			.hasSize(SandboxPatchNight.NODES)
			.noneMatch((invocation) -> invocation.statusAsString().equals("Cancelled"));

		Command strict = this.fleet.send(SendCommandRequest.builder()
			.documentName("AWS-RunPowerShellScript")
			.targets(wave)
			.maxConcurrency("10%")
			.maxErrors("2")
			.build(), START);
		List<CommandInvocation> after = invocationsOf(strict.commandId(), START.plus(Duration.ofHours(1)));
		assertThat(after).filteredOn((invocation) -> invocation.statusAsString().equals("Failed"))
			.as("a PowerShell script fails on every Linux node: the 3rd error stops it; those sent by then end")
			.hasSizeBetween(3, 2 + 12);
		assertThat(after).filteredOn((invocation) -> invocation.statusAsString().equals("Cancelled"))
			.hasSize(SandboxPatchNight.NODES - (int) after.stream()
				.filter((invocation) -> invocation.statusAsString().equals("Failed"))
				.count());
		assertThat(commandStatus(strict.commandId(), START.plus(Duration.ofHours(1)))).isEqualTo("Failed");
	}

	/**
	 * Every command the sandbox lists, its week of routine commands included, ran as its
	 * {@code MaxConcurrency} and {@code MaxErrors} say: the data never claims a rate
	 * control it did not honour.
	 */
	@Test
	void everyCommandTheSandboxListsRanWithinItsMaxConcurrencyAndMaxErrors() {
		Instant later = START.plus(Duration.ofHours(2));
		SandboxSsmClient ssm = new SandboxSsmClient(this.fleet, Clock.fixed(later, ZoneOffset.UTC));
		Map<String, Command> commands = new LinkedHashMap<>();
		String token = null;
		do {
			ListCommandsResponse page = ssm
				.listCommands(ListCommandsRequest.builder().maxResults(50).nextToken(token).build());
			page.commands().forEach((command) -> commands.put(command.commandId(), command));
			token = page.nextToken();
		}
		while (token != null);
		Map<String, List<RateControlled.Run>> runs = new LinkedHashMap<>();
		for (CommandInvocation invocation : this.fleet.invocationsAt(later)) {
			List<CommandPlugin> plugins = invocation.commandPlugins();
			runs.computeIfAbsent(invocation.commandId(), (id) -> new ArrayList<>())
				.add(new RateControlled.Run(
						RateControlled.first(plugins.stream().map(CommandPlugin::responseStartDateTime).toList()),
						RateControlled.last(plugins.stream().map(CommandPlugin::responseFinishDateTime).toList()),
						RateControlled.error(invocation.statusAsString(), invocation.statusDetails())));
		}
		List<String> violations = new ArrayList<>();
		runs.forEach((commandId, nodes) -> {
			Command command = commands.get(commandId);
			violations.addAll(
					RateControlled.violations(command.comment(), command.maxConcurrency(), command.maxErrors(), nodes));
		});
		assertThat(commands).as("the week's commands and the patch night").hasSizeGreaterThan(40);
		assertThat(violations).isEmpty();
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

	/** The most plugins running at one moment. */
	private static int mostAtOnce(List<CommandPlugin> plugins) {
		int most = 0;
		for (CommandPlugin plugin : plugins) {
			Instant at = plugin.responseStartDateTime();
			int running = (int) plugins.stream()
				.filter((other) -> !other.responseStartDateTime().isAfter(at)
						&& other.responseFinishDateTime().isAfter(at))
				.count();
			most = Math.max(most, running);
		}
		return most;
	}

	private String commandStatus(String commandId, Instant now) {
		SandboxSsmClient ssm = new SandboxSsmClient(this.fleet, Clock.fixed(now, ZoneOffset.UTC));
		return ssm.listCommands(ListCommandsRequest.builder().commandId(commandId).build())
			.commands()
			.get(0)
			.statusAsString();
	}

	private Set<String> statuses(Instant now) {
		return this.fleet.invocationsAt(now)
			.stream()
			.map(CommandInvocation::statusAsString)
			.collect(Collectors.toSet());
	}

}
