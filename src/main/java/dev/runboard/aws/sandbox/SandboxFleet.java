package dev.runboard.aws.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.runboard.aws.sandbox.SandboxGenerator.History;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CancelCommandRequest;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.InvalidCommandIdException;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;

/**
 * The sandbox fleet as it lives: the history it was generated with
 * ({@link SandboxGenerator}), the scheduled health checks run since, the commands sent to
 * it and the cancellations asked of it, served in the SDK's shapes
 * ({@link SandboxSdkMapping}) as of any moment.
 */
public final class SandboxFleet implements SandboxData {

	private final List<SandboxInvocation> invocations;

	private final SandboxSdkMapping sdk;

	/** Invocations that can no longer change, converted once. */
	private final Map<SandboxInvocation, CommandInvocation> settled = new ConcurrentHashMap<>();

	/** The most scheduled runs kept: a week's worth. */
	private static final int SCHEDULED_RUNS_KEPT = 7 * 24 * 12;

	private final Instant start;

	private final long seed;

	private final List<SandboxNode> scheduleTargets;

	/** Scheduled runs by their number since the start, built when first seen. */
	private final Map<Long, List<SandboxInvocation>> scheduledRuns = new ConcurrentHashMap<>();

	/** Every command sent, by ID: what {@code ListCommands} says it was sent with. */
	private final Map<String, SandboxCommand> commands = new ConcurrentHashMap<>();

	/** Every node, by ID. */
	private final Map<String, SandboxNode> nodes = new LinkedHashMap<>();

	/** The invocations of commands sent while the sandbox runs, newest first. */
	private final List<SandboxInvocation> sent = new CopyOnWriteArrayList<>();

	/** When each invocation asked to stop was asked, by command ID and node ID. */
	private final Map<String, Map<String, Instant>> cancellations = new ConcurrentHashMap<>();

	private SandboxFleet(History history, Region region, Instant start, long seed) {
		this.start = start;
		this.seed = seed;
		this.scheduleTargets = List.copyOf(history.scheduleTargets());
		history.nodes().forEach((node) -> this.nodes.put(node.id(), node));
		this.invocations = List.copyOf(history.invocations());
		this.sdk = new SandboxSdkMapping(region);
		this.invocations
			.forEach((invocation) -> this.commands.putIfAbsent(invocation.command().commandId(), invocation.command()));
	}

	/**
	 * Builds the fleet with its history as of {@code now}.
	 * @param seed the random seed; the same seed always gives the same history
	 * @param region the region the fleet pretends to live in (for output URLs)
	 */
	public static SandboxFleet generate(Instant now, long seed, Region region) {
		History history = SandboxGenerator.history(now, seed, region);
		return new SandboxFleet(history, region, now.truncatedTo(ChronoUnit.SECONDS), seed);
	}

	Region region() {
		return this.sdk.region();
	}

	/**
	 * Every invocation as SSM would describe it at {@code now}, with plugin details,
	 * newest first (the order SSM lists them in).
	 */
	@Override
	public List<CommandInvocation> invocationsAt(Instant now) {
		List<CommandInvocation> result = new ArrayList<>(this.invocations.size());
		for (SandboxInvocation invocation : all(now)) {
			if (invocation.runningAt(now)) {
				result.add(this.sdk.invocation(invocation, now));
			}
			else {
				result.add(this.settled.computeIfAbsent(invocation,
						(settledInvocation) -> this.sdk.invocation(settledInvocation, now)));
			}
		}
		return result;
	}

	/**
	 * The history generated at the start, after the scheduled health checks run since
	 * then (newest first): every five minutes a check is sent to the web nodes and to the
	 * offline worker, runs for a minute or three, and ends, so the sandbox always has
	 * something pending, running or being cancelled.
	 */
	private List<SandboxInvocation> all(Instant now) {
		List<SandboxInvocation> all = new ArrayList<>();
		if (!now.isBefore(this.start)) {
			long last = Duration.between(this.start, now).toSeconds() / SandboxGenerator.SCHEDULE.toSeconds();
			for (long run = last; run >= 0 && run > last - SCHEDULED_RUNS_KEPT; run--) {
				all.addAll(this.scheduledRuns.computeIfAbsent(run, this::scheduledRun));
			}
			forgetRunsUpTo(last - SCHEDULED_RUNS_KEPT);
		}
		all.addAll(this.invocations);
		return cancelled(withSent(all, now));
	}

	/**
	 * Forgets the scheduled runs no longer listed, with what was kept of them: a sandbox
	 * left running for weeks holds a week of them, not every run since it started.
	 */
	private void forgetRunsUpTo(long newestForgotten) {
		this.scheduledRuns.entrySet().removeIf((run) -> {
			if (run.getKey() > newestForgotten) {
				return false;
			}
			for (SandboxInvocation invocation : run.getValue()) {
				this.settled.remove(invocation);
				this.commands.remove(invocation.command().commandId());
			}
			return true;
		});
	}

	/** The commands sent so far, each where its time puts it among the others. */
	private List<SandboxInvocation> withSent(List<SandboxInvocation> history, Instant now) {
		List<SandboxInvocation> sent = this.sent.stream()
			.filter((invocation) -> !invocation.command().requestedAt().isAfter(now))
			.toList();
		if (sent.isEmpty()) {
			return history;
		}
		List<SandboxInvocation> merged = new ArrayList<>(history.size() + sent.size());
		int next = 0;
		for (SandboxInvocation invocation : history) {
			while (next < sent.size()
					&& !sent.get(next).command().requestedAt().isBefore(invocation.command().requestedAt())) {
				merged.add(sent.get(next++));
			}
			merged.add(invocation);
		}
		merged.addAll(sent.subList(next, sent.size()));
		return merged;
	}

	private List<SandboxInvocation> cancelled(List<SandboxInvocation> invocations) {
		if (this.cancellations.isEmpty()) {
			return invocations;
		}
		return invocations.stream().map((invocation) -> {
			Map<String, Instant> command = this.cancellations.get(invocation.command().commandId());
			Instant at = (command != null) ? command.get(invocation.instanceId()) : null;
			return (at != null) ? invocation.cancelledAt(at) : invocation;
		}).toList();
	}

	/**
	 * Sends a command as SSM would: to the nodes its targets or node IDs name, each
	 * pending for a few seconds, then in progress, then final a minute or two later, at
	 * most {@code MaxConcurrency} of them at once; once more have failed than
	 * {@code MaxErrors} allows, the nodes not yet reached end cancelled without running
	 * ({@link SandboxRateControl}). Nodes that are offline never pick it up and end
	 * undeliverable.
	 */
	@Override
	public synchronized Command send(SendCommandRequest request, Instant now) {
		List<SandboxNode> targets = targets(request);
		Random random = new Random(Objects.hash(request.documentName(), request.comment(), now, this.sent.size()));
		String commandId = new UUID(random.nextLong(), random.nextLong()).toString();
		SandboxCommand command = this.sdk.command(commandId, request, now);
		this.commands.put(commandId, command);
		List<SandboxGenerator.Answer> answers = targets.stream()
			.map((node) -> SandboxGenerator.answer(command, node, random))
			.toList();
		List<SandboxRateControl.Slot> slots = SandboxRateControl.schedule(now,
				answers.stream().map(SandboxGenerator.Answer::pacing).toList(), command.maxConcurrency(),
				command.maxErrors());
		List<SandboxInvocation> invocations = new ArrayList<>();
		for (int i = 0; i < targets.size(); i++) {
			invocations.add(SandboxGenerator.sentTo(command, targets.get(i), answers.get(i), slots.get(i), random));
		}
		invocations.sort(Comparator.comparing(SandboxInvocation::instanceId));
		this.sent.addAll(0, invocations);
		return this.sdk.command(command)
			.toBuilder()
			.status("Pending")
			.statusDetails("Pending")
			.instanceIds(request.instanceIds())
			.targetCount(invocations.size())
			.completedCount(0)
			.errorCount(0)
			.deliveryTimedOutCount(0)
			.build();
	}

	private List<SandboxNode> targets(SendCommandRequest request) {
		if (request.hasInstanceIds() && !request.instanceIds().isEmpty()) {
			List<SandboxNode> targets = new ArrayList<>();
			for (String instanceId : request.instanceIds()) {
				SandboxNode node = this.nodes.get(instanceId);
				if (node == null) {
					throw SandboxSsmClient.error(InvalidInstanceIdException.builder(), "InvalidInstanceId",
							"Instances [" + instanceId + "] not in a valid state for account");
				}
				targets.add(node);
			}
			return targets;
		}
		return this.nodes.values()
			.stream()
			.filter((node) -> request.targets()
				.stream()
				.allMatch((target) -> node.targetedBy(target.key(), target.values())))
			.toList();
	}

	/**
	 * Asks invocations to stop as SSM does: those still running become
	 * {@code Cancelling}, then {@code Cancelled}; those already final stay as they are.
	 */
	@Override
	public void cancel(CancelCommandRequest request, Instant now) {
		List<SandboxInvocation> invocations = all(now).stream()
			.filter((invocation) -> invocation.command().commandId().equals(request.commandId()))
			.toList();
		if (invocations.isEmpty()) {
			throw SandboxSsmClient.error(InvalidCommandIdException.builder(), "InvalidCommandId",
					"Command " + request.commandId() + " not found");
		}
		List<String> only = request.hasInstanceIds() ? request.instanceIds() : List.of();
		for (SandboxInvocation invocation : invocations) {
			if (invocation.runningAt(now) && invocation.cancelledAt() == null
					&& (only.isEmpty() || only.contains(invocation.instanceId()))) {
				this.cancellations.computeIfAbsent(request.commandId(), (id) -> new ConcurrentHashMap<>())
					.put(invocation.instanceId(), now);
			}
		}
	}

	/** A scheduled run, its command known from then on as SSM knows it. */
	private List<SandboxInvocation> scheduledRun(long run) {
		List<SandboxInvocation> invocations = SandboxGenerator.scheduledRun(this.start, this.seed, run,
				this.scheduleTargets);
		invocations
			.forEach((invocation) -> this.commands.putIfAbsent(invocation.command().commandId(), invocation.command()));
		return invocations;
	}

	@Override
	public Optional<Command> sentCommand(String commandId, Instant now) {
		// The scheduled runs are known up to now: the command was found among the
		// invocations listed at now.
		return Optional.ofNullable(this.commands.get(commandId)).map(this.sdk::command);
	}

	@Override
	public Optional<FullOutput> fullOutput(String commandId, String instanceId, String pluginName, Instant now) {
		return all(now).stream()
			.filter((invocation) -> invocation.command().commandId().equals(commandId)
					&& invocation.instanceId().equals(instanceId) && !invocation.runningAt(now)
					&& !invocation.cancelled())
			.flatMap((invocation) -> invocation.plugins().stream())
			.filter((plugin) -> plugin.name().equals(pluginName))
			.findFirst()
			.map((plugin) -> new FullOutput(plugin.stdout(), plugin.stderr()));
	}

}
