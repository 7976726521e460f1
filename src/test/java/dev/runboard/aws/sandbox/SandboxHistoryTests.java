package dev.runboard.aws.sandbox;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.runboard.aws.InvocationRecord;
import dev.runboard.aws.PastCommands.PastCommand;
import dev.runboard.aws.PluginOutput;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's past, which the history store starts with: 90 days before the week the
 * sandbox lists, on the same nodes, in the shapes the sandbox's own data has.
 */
class SandboxHistoryTests {

	private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

	private final SandboxClientFactory fleets = new SandboxClientFactory(Clock.fixed(NOW, ZoneOffset.UTC));

	private final List<PastCommand> past = new ArrayList<>();

	SandboxHistoryTests() {
		this.fleets.clients(null, "eu-west-1", 0);
		new SandboxHistory(this.fleets, Clock.fixed(NOW, ZoneOffset.UTC)).forEach(null, "eu-west-1", this.past::add);
	}

	@Test
	void itReachesNinetyDaysBackAndEndsBeforeTheOldestCommandTheSandboxLists() {
		List<CommandInvocation> listed = this.fleets.fleet(null, "eu-west-1").orElseThrow().invocationsAt(NOW);
		Instant oldestListed = listed.stream()
			.map(CommandInvocation::requestedDateTime)
			.min(Instant::compareTo)
			.orElseThrow();
		List<Instant> times = this.past.stream().map((command) -> command.command().command().requestedAt()).toList();
		assertThat(times).isSorted();
		// The first weekday from 90 days ago.
		assertThat(times.get(0)).isBetween(NOW.minus(Duration.ofDays(91)), NOW.minus(Duration.ofDays(86)));
		assertThat(times.get(times.size() - 1)).isBefore(oldestListed);
		Set<String> nodes = listed.stream().map(CommandInvocation::instanceId).collect(Collectors.toSet());
		assertThat(invocations()).allSatisfy((invocation) -> assertThat(nodes).contains(invocation.instanceId()));
	}

	@Test
	void everyTuesdayNightTheSecondPatchWaveFailsOnSomeNodesForThePatchNightsReasons() {
		List<PastCommand> waves = this.past.stream()
			.filter((command) -> "Patch night wave 2: install approved updates"
				.equals(command.command().command().comment()))
			.toList();
		assertThat(waves).hasSizeGreaterThanOrEqualTo(11)
			.allSatisfy(
					(wave) -> assertThat(wave.command().command().requestedAt().atOffset(ZoneOffset.UTC).getDayOfWeek())
						.isEqualTo(DayOfWeek.TUESDAY))
			.allSatisfy((wave) -> assertThat(wave.invocations()).hasSize(120));
		assertThat(waves.stream().flatMap((wave) -> wave.invocations().stream())).anySatisfy(
				(invocation) -> assertThat(invocation.plugins().get(1).output()).contains("No space left on device"));
	}

	@Test
	void commandsAreFinalWithCountsThatAddUpAndEachListedStreamWithinTheListsLimit() {
		assertThat(this.past).allSatisfy((command) -> {
			assertThat(command.command().running()).isFalse();
			assertThat(command.command().command().targetCount()).isEqualTo(command.invocations().size());
			assertThat(command.command().command().completedCount()).isEqualTo(command.invocations().size());
		});
		assertThat(invocations()).allSatisfy((invocation) -> {
			assertThat(invocation.running()).isFalse();
			assertThat(invocation.plugins()).allSatisfy((plugin) -> {
				PluginOutput listed = PluginOutput.parse(plugin.output());
				assertThat(listed.stdout().length()).isLessThanOrEqualTo(PluginOutput.LIST_LIMIT);
				assertThat(listed.stderr().length()).isLessThanOrEqualTo(PluginOutput.LIST_LIMIT);
			});
		});
		assertThat(invocations()).filteredOn(InvocationRecord::failing)
			.flatMap(InvocationRecord::plugins)
			.filteredOn(InvocationRecord.Plugin::outputTruncated)
			.allSatisfy((plugin) -> assertThat(plugin.whole()).isNotNull());
	}

	/**
	 * The past claims no rate control it did not honour: each command ran within its
	 * {@code MaxConcurrency} and {@code MaxErrors}.
	 */
	@Test
	void everyCommandRanWithinItsMaxConcurrencyAndMaxErrors() {
		List<String> violations = new ArrayList<>();
		for (PastCommand command : this.past) {
			List<RateControlled.Run> runs = command.invocations()
				.stream()
				.map((invocation) -> new RateControlled.Run(
						RateControlled
							.first(invocation.plugins().stream().map(InvocationRecord.Plugin::startedAt).toList()),
						RateControlled
							.last(invocation.plugins().stream().map(InvocationRecord.Plugin::finishedAt).toList()),
						RateControlled.error(invocation.status(), invocation.statusDetails())))
				.toList();
			violations.addAll(RateControlled.violations(
					command.command().command().comment() + " at " + command.command().command().requestedAt(),
					command.command().maxConcurrency(), command.command().maxErrors(), runs));
		}
		assertThat(violations).isEmpty();
	}

	private List<InvocationRecord> invocations() {
		return this.past.stream().flatMap((command) -> command.invocations().stream()).toList();
	}

}
