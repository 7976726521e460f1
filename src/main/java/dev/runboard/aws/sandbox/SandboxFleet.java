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
import java.util.stream.IntStream;

import dev.runboard.aws.PluginOutput;
import dev.runboard.aws.sandbox.SandboxInvocation.SandboxPlugin;
import dev.runboard.aws.sandbox.SandboxRecipes.Recipe;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.Alarm;
import software.amazon.awssdk.services.ssm.model.AlarmConfiguration;
import software.amazon.awssdk.services.ssm.model.CancelCommandRequest;
import software.amazon.awssdk.services.ssm.model.CloudWatchOutputConfig;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.InvalidCommandIdException;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.NotificationConfig;
import software.amazon.awssdk.services.ssm.model.NotificationEvent;
import software.amazon.awssdk.services.ssm.model.NotificationType;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.Target;

/**
 * The sandbox data set: a week of Run Command history on a small fleet, generated from a
 * fixed seed so every start shows the same story, anchored to the moment it is built so
 * it always looks recent. The newest commands are still running and finish over the next
 * few minutes.
 */
public final class SandboxFleet implements SandboxData {

	private static final String BUCKET = "acme-runcommand-output";

	private static final String SERVICE_ROLE = "arn:aws:iam::123456789012:role/RunCommandNotifications";

	private final List<SandboxInvocation> invocations;

	private final Region region;

	/** Invocations that can no longer change, converted once. */
	private final Map<SandboxInvocation, CommandInvocation> settled = new ConcurrentHashMap<>();

	/** How often the sandbox's scheduled health check runs, so something always moves. */
	static final Duration SCHEDULE = Duration.ofMinutes(5);

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

	private SandboxFleet(List<SandboxInvocation> invocations, Region region, Instant start, long seed,
			List<SandboxNode> scheduleTargets, List<SandboxNode> nodes) {
		this.start = start;
		this.seed = seed;
		this.scheduleTargets = List.copyOf(scheduleTargets);
		nodes.forEach((node) -> this.nodes.put(node.id(), node));
		this.invocations = List.copyOf(invocations);
		this.region = region;
		invocations
			.forEach((invocation) -> this.commands.putIfAbsent(invocation.command().commandId(), invocation.command()));
	}

	/**
	 * Builds the fleet's history as of {@code now}.
	 * @param seed the random seed; the same seed always gives the same history
	 * @param region the region the fleet pretends to live in (for output URLs)
	 */
	public static SandboxFleet generate(Instant now, long seed, Region region) {
		return new Generator(now.truncatedTo(ChronoUnit.SECONDS), seed, region).generate();
	}

	Region region() {
		return this.region;
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
				result.add(toSdk(invocation, now));
			}
			else {
				result.add(
						this.settled.computeIfAbsent(invocation, (settledInvocation) -> toSdk(settledInvocation, now)));
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
			long last = Duration.between(this.start, now).toSeconds() / SCHEDULE.toSeconds();
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
	 * pending for a few seconds, then in progress, then final a minute or two later.
	 * Nodes that are offline never pick it up and end undeliverable.
	 */
	@Override
	public synchronized Command send(SendCommandRequest request, Instant now) {
		List<SandboxNode> targets = targets(request);
		Random random = new Random(Objects.hash(request.documentName(), request.comment(), now, this.sent.size()));
		String commandId = new UUID(random.nextLong(), random.nextLong()).toString();
		Map<String, List<String>> targetMap = new LinkedHashMap<>();
		request.targets().forEach((target) -> targetMap.put(target.key(), target.values()));
		CloudWatchOutputConfig cloudWatch = request.cloudWatchOutputConfig();
		NotificationConfig notification = request.notificationConfig();
		SandboxCommand command = new SandboxCommand(commandId, request.documentName(),
				Objects.requireNonNullElse(request.documentVersion(), "1"),
				Objects.requireNonNullElse(request.comment(), ""), now, emptyToNull(request.outputS3BucketName()),
				emptyToNull(request.outputS3KeyPrefix()),
				(cloudWatch != null && Boolean.TRUE.equals(cloudWatch.cloudWatchOutputEnabled()))
						? Objects.requireNonNullElse(cloudWatch.cloudWatchLogGroupName(), "") : null,
				emptyToNull(request.serviceRoleArn()), request.parameters(), targetMap,
				Objects.requireNonNullElse(request.maxConcurrency(), "50"),
				Objects.requireNonNullElse(request.maxErrors(), "0"),
				Objects.requireNonNullElse(request.timeoutSeconds(), 3600),
				(notification != null) ? emptyToNull(notification.notificationArn()) : null,
				(request.alarmConfiguration() != null)
						? request.alarmConfiguration().alarms().stream().map(Alarm::name).toList() : List.of());
		this.commands.put(commandId, command);
		List<SandboxInvocation> invocations = new ArrayList<>();
		for (SandboxNode node : targets) {
			invocations.add(sentTo(command, node, now, random));
		}
		invocations.sort(Comparator.comparing(SandboxInvocation::instanceId));
		this.sent.addAll(0, invocations);
		return toSdk(command).toBuilder()
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

	private SandboxInvocation sentTo(SandboxCommand command, SandboxNode node, Instant now, Random random) {
		Instant startsAt = now.plusSeconds(2 + random.nextInt(8));
		if (!node.online()) {
			Instant gaveUp = now.plusSeconds(60 + random.nextInt(30));
			return new SandboxInvocation(command, node.id(), node.name(), "Failed", "Undeliverable", "Pending", gaveUp,
					SandboxOutput.plugins(command.documentName(), node.name(), "Failed", "Undeliverable", startsAt,
							gaveUp, random));
		}
		boolean fits = !command.documentName().contains("PowerShell") || node.windows();
		String status = !fits ? "Failed" : (random.nextInt(20) == 0) ? "Failed" : "Success";
		String details = !fits ? "InvalidPlatform" : status;
		Instant finishesAt = startsAt.plusSeconds(30 + random.nextInt(60));
		return new SandboxInvocation(
				command, node.id(), node.name(), status, details, "InProgress", finishesAt, SandboxOutput
					.plugins(command.documentName(), node.name(), status, details, startsAt, finishesAt, random),
				startsAt, null);
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

	private static String emptyToNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	private List<SandboxInvocation> scheduledRun(long run) {
		Random random = new Random(this.seed * 31 + run);
		Instant requestedAt = this.start.plus(SCHEDULE.multipliedBy(run));
		SandboxCommand command = new SandboxCommand(new UUID(random.nextLong(), random.nextLong()).toString(),
				"AWS-RunShellScript", "1", "Scheduled health check (every 5 minutes)", requestedAt, BUCKET,
				"runcommand/health", null, null,
				SandboxRecipes.parameters("commands",
						List.of("curl -fsS --max-time 5 http://localhost/healthz", "systemctl is-active nginx")),
				Map.of("tag:Role", List.of("web")), "100%", "100%", (int) SCHEDULE.minusSeconds(10).toSeconds(), null,
				List.of());
		this.commands.putIfAbsent(command.commandId(), command);
		List<SandboxInvocation> invocations = new ArrayList<>();
		for (SandboxNode node : this.scheduleTargets) {
			Instant started = requestedAt.plusSeconds(1 + random.nextInt(3));
			String status = "Success";
			String details = "Success";
			String runningStatus = "InProgress";
			Instant finishesAt = requestedAt.plusSeconds(30 + random.nextInt(170));
			if (!node.online()) {
				// Offline nodes never pick it up: pending (the hybrid one delayed) until
				// delivery times out, just before the next run.
				status = "TimedOut";
				details = "DeliveryTimedOut";
				runningStatus = node.id().startsWith("mi-") ? "Delayed" : "Pending";
				finishesAt = requestedAt.plus(SCHEDULE).minusSeconds(10);
			}
			else if (node.name().equals("web-06")) {
				status = "Cancelled";
				details = "Cancelled";
				runningStatus = "Cancelling";
			}
			else if (random.nextInt(10) == 0) {
				status = "Failed";
				details = "Failed";
			}
			invocations.add(new SandboxInvocation(command, node.id(), node.name(), status, details, runningStatus,
					finishesAt, SandboxOutput.plugins(command.documentName(), node.name(), status, details, started,
							finishesAt, random)));
		}
		invocations.sort(Comparator.comparing(SandboxInvocation::instanceId));
		return List.copyOf(invocations);
	}

	@Override
	public Optional<Command> sentCommand(String commandId, Instant now) {
		// The scheduled runs are known up to now: the command was found among the
		// invocations listed at now.
		return Optional.ofNullable(this.commands.get(commandId)).map(this::toSdk);
	}

	private Command toSdk(SandboxCommand command) {
		Command.Builder builder = Command.builder()
			.commandId(command.commandId())
			.documentName(command.documentName())
			.documentVersion(command.documentVersion())
			.comment(command.comment())
			.requestedDateTime(command.requestedAt())
			.expiresAfter(command.requestedAt().plusSeconds(command.timeoutSeconds()))
			.parameters(command.parameters())
			.targets(command.targets()
				.entrySet()
				.stream()
				.map((target) -> Target.builder().key(target.getKey()).values(target.getValue()).build())
				.toList())
			.maxConcurrency(command.maxConcurrency())
			.maxErrors(command.maxErrors())
			.timeoutSeconds(command.timeoutSeconds())
			.serviceRole(Objects.requireNonNullElse(command.serviceRole(), ""))
			.notificationConfig((command.notificationArn() != null) ? NotificationConfig.builder()
				.notificationArn(command.notificationArn())
				.notificationEvents(NotificationEvent.FAILED, NotificationEvent.TIMED_OUT)
				.notificationType(NotificationType.COMMAND)
				.build() : NotificationConfig.builder().notificationArn("").build())
			.cloudWatchOutputConfig(CloudWatchOutputConfig.builder()
				.cloudWatchOutputEnabled(command.cloudWatchGroup() != null)
				.cloudWatchLogGroupName(Objects.requireNonNullElse(command.cloudWatchGroup(), ""))
				.build())
			.outputS3Region((command.s3Bucket() != null) ? this.region.id() : "")
			.outputS3BucketName(Objects.requireNonNullElse(command.s3Bucket(), ""))
			.outputS3KeyPrefix(Objects.requireNonNullElse(command.s3Prefix(), ""));
		if (!command.alarms().isEmpty()) {
			builder.alarmConfiguration(AlarmConfiguration.builder()
				.ignorePollAlarmFailure(false)
				.alarms(command.alarms().stream().map((name) -> Alarm.builder().name(name).build()).toList())
				.build());
		}
		return builder.build();
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

	private CommandInvocation toSdk(SandboxInvocation invocation, Instant now) {
		SandboxCommand command = invocation.command();
		CommandInvocation.Builder builder = CommandInvocation.builder()
			.commandId(command.commandId())
			.instanceId(invocation.instanceId())
			.instanceName(invocation.instanceName())
			.comment(command.comment())
			.documentName(command.documentName())
			.documentVersion(command.documentVersion())
			.requestedDateTime(command.requestedAt())
			.status(invocation.statusAt(now))
			.statusDetails(invocation.statusDetailsAt(now))
			.traceOutput("")
			.serviceRole((command.serviceRole() != null) ? command.serviceRole() : "")
			.notificationConfig(NotificationConfig.builder().notificationArn("").build())
			.cloudWatchOutputConfig(CloudWatchOutputConfig.builder()
				.cloudWatchOutputEnabled(command.cloudWatchGroup() != null)
				.cloudWatchLogGroupName(Objects.requireNonNullElse(command.cloudWatchGroup(), ""))
				.build());
		if (invocation.plugins().size() == 1) {
			builder.standardOutputUrl(s3Url(command, invocation, invocation.plugins().get(0), "stdout"))
				.standardErrorUrl(s3Url(command, invocation, invocation.plugins().get(0), "stderr"));
		}
		else {
			builder.standardOutputUrl("").standardErrorUrl("");
		}
		builder.commandPlugins(
				invocation.plugins().stream().map((plugin) -> plugin(command, invocation, plugin, now)).toList());
		return builder.build();
	}

	private CommandPlugin plugin(SandboxCommand command, SandboxInvocation invocation, SandboxPlugin plugin,
			Instant now) {
		boolean running = invocation.runningAt(now);
		boolean cancelled = !running && invocation.cancelled();
		boolean started = plugin.startedAt() != null && !now.isBefore(plugin.startedAt())
				&& (invocation.cancelledAt() == null || plugin.startedAt().isBefore(invocation.cancelledAt()));
		String output = (running || cancelled) ? "" : listOutput(plugin.stdout(), plugin.stderr());
		String status = running ? invocation.statusAt(now) : cancelled ? "Cancelled" : plugin.status();
		return CommandPlugin.builder()
			.name(plugin.name())
			.status(status)
			.statusDetails(running || cancelled ? status : plugin.statusDetails())
			.responseCode((running || cancelled) ? -1 : plugin.responseCode())
			.responseStartDateTime(started ? plugin.startedAt() : null)
			.responseFinishDateTime(running ? null : cancelled ? invocation.endsAt() : plugin.finishedAt())
			.output(output)
			.standardOutputUrl(s3Url(command, invocation, plugin, "stdout"))
			.standardErrorUrl(s3Url(command, invocation, plugin, "stderr"))
			.outputS3Region((command.s3Bucket() != null) ? this.region.id() : "")
			.outputS3BucketName(Objects.requireNonNullElse(command.s3Bucket(), ""))
			.outputS3KeyPrefix(Objects.requireNonNullElse(command.s3Prefix(), ""))
			.build();
	}

	/** The agent's packing of both streams into one field, each cut to the list limit. */
	static String listOutput(String stdout, String stderr) {
		String out = cut(stdout, PluginOutput.OUTPUT_TRUNCATED);
		if (stderr.isEmpty()) {
			return out;
		}
		return out + PluginOutput.ERROR_SEPARATOR + cut(stderr, PluginOutput.ERROR_TRUNCATED);
	}

	private static String cut(String text, String marker) {
		if (text.length() <= PluginOutput.LIST_LIMIT) {
			return text;
		}
		return text.substring(0, PluginOutput.LIST_LIMIT - marker.length()) + marker;
	}

	private String s3Url(SandboxCommand command, SandboxInvocation invocation, SandboxPlugin plugin, String stream) {
		if (command.s3Bucket() == null) {
			return "";
		}
		String pluginDirectory = plugin.name().replace(":", "");
		return "https://s3." + this.region.id() + ".amazonaws.com/" + command.s3Bucket() + "/" + command.s3Prefix()
				+ "/" + command.commandId() + "/" + invocation.instanceId() + "/" + pluginDirectory + "/0."
				+ pluginDirectory + "/" + stream;
	}

	private static final class Generator {

		private static final List<Recipe> RECIPES = SandboxRecipes.RECIPES;

		private final Instant now;

		private final Random random;

		private final Region region;

		private final List<SandboxNode> nodes = new ArrayList<>();

		private final long seed;

		Generator(Instant now, long seed, Region region) {
			this.now = now;
			this.seed = seed;
			this.random = new Random(seed);
			this.region = region;
		}

		SandboxFleet generate() {
			for (int i = 1; i <= 6; i++) {
				this.nodes.add(ec2("web-0" + i, false, true));
			}
			for (int i = 1; i <= 3; i++) {
				this.nodes.add(ec2("db-0" + i, false, true));
			}
			for (int i = 1; i <= 4; i++) {
				this.nodes.add(ec2("worker-0" + i, false, i != 4));
			}
			this.nodes.add(ec2("win-app-01", true, true));
			this.nodes.add(ec2("win-app-02", true, true));
			this.nodes.add(SandboxNode.of("mi-" + hex(17), "build-onprem-01", false, false));

			List<SandboxInvocation> invocations = new ArrayList<>();
			int commands = 44;
			int liveFrom = commands - 3;
			// The newest finished diagnostics command dumps a whole journal, more than
			// the
			// list, GetCommandInvocation or one read from S3 or CloudWatch Logs holds.
			int journal = IntStream.range(0, liveFrom)
				.filter((c) -> RECIPES.get(c % RECIPES.size()).comment().startsWith("Collect diagnostics"))
				.max()
				.orElse(-1);
			for (int c = 0; c < commands; c++) {
				Recipe recipe = RECIPES.get(c % RECIPES.size());
				boolean live = c >= liveFrom;
				Instant requestedAt = live ? this.now.minusSeconds(40L * (commands - c))
						: this.now.minus(Duration.ofMinutes(7L * 24 * 60 * (commands - c) / commands))
							.minusSeconds(this.random.nextInt(600));
				SandboxCommand command = command(recipe, requestedAt, c);
				for (SandboxNode node : targets(recipe)) {
					SandboxInvocation invocation = invocation(command, recipe, node, live);
					invocations.add((c == journal)
							? invocation.withPlugins(
									SandboxOutput.withJournal(invocation.plugins(), node.name(), command.requestedAt()))
							: invocation);
				}
			}
			// Drawn from a sequence of its own: the rest of the story stays as it was.
			SandboxPatchNight.Run patchNight = SandboxPatchNight.generate(this.now, new Random(this.seed * 17 + 5),
					BUCKET, SERVICE_ROLE, this.region.id());
			invocations.addAll(patchNight.invocations());
			invocations.sort(Comparator.comparing((SandboxInvocation i) -> i.command().requestedAt())
				.reversed()
				.thenComparing((SandboxInvocation i) -> i.command().commandId())
				.thenComparing(SandboxInvocation::instanceId));
			List<SandboxNode> scheduleTargets = this.nodes.stream()
				.filter((node) -> node.name().startsWith("web") || !node.online())
				.toList();
			List<SandboxNode> allNodes = new ArrayList<>(this.nodes);
			allNodes.addAll(patchNight.nodes());
			return new SandboxFleet(invocations, this.region, this.now, this.seed, scheduleTargets, allNodes);
		}

		private SandboxNode ec2(String name, boolean windows, boolean online) {
			return SandboxNode.of("i-0" + hex(16), name, windows, online);
		}

		private String hex(int length) {
			return SandboxPatchNight.hex(this.random, length);
		}

		private SandboxCommand command(Recipe recipe, Instant requestedAt, int index) {
			String commandId = new UUID(this.random.nextLong(), this.random.nextLong()).toString();
			boolean s3 = index % 3 != 1;
			String cloudWatchGroup = switch (index % 4) {
				case 0 -> "";
				case 1 -> "/acme/runcommand";
				default -> null;
			};
			return new SandboxCommand(commandId, recipe.document(), recipe.version(), recipe.comment(), requestedAt,
					s3 ? BUCKET : null, s3 ? "runcommand/" + recipe.document().toLowerCase() : null, cloudWatchGroup,
					(index % 5 == 0) ? SERVICE_ROLE : null, recipe.parameters(), recipe.tagTargets(),
					recipe.maxConcurrency(), recipe.maxErrors(), recipe.timeoutSeconds(), null, List.of());
		}

		private List<SandboxNode> targets(Recipe recipe) {
			if (recipe.windows()) {
				return this.nodes.stream().filter(SandboxNode::windows).toList();
			}
			if (recipe.comment().startsWith("df -h") || recipe.comment().startsWith("Restart nginx")
					|| recipe.document().equals("Acme-DeployRelease")) {
				return this.nodes.stream().filter((node) -> node.name().startsWith("web")).toList();
			}
			if (recipe.comment().startsWith("Collect diagnostics")) {
				// Sent to every node, Windows ones included: a common slip.
				return this.nodes;
			}
			if (recipe.document().equals("AWS-UpdateSSMAgent")) {
				return this.nodes.stream().filter((node) -> !node.windows()).toList();
			}
			return this.nodes.stream().filter((node) -> !node.windows() && node.online()).toList();
		}

		private SandboxInvocation invocation(SandboxCommand command, Recipe recipe, SandboxNode node, boolean live) {
			Outcome outcome = outcome(recipe, node);
			String runningStatus = "InProgress";
			if (outcome.waiting()) {
				// Nothing waits forever: a node that never picks the command up times
				// out.
				runningStatus = outcome.status();
				outcome = new Outcome("TimedOut", "DeliveryTimedOut");
			}
			Instant started = command.requestedAt().plusSeconds(1 + this.random.nextInt(4));
			Instant finishesAt = live ? this.now.plusSeconds(45 + this.random.nextInt(200)) : null;
			Instant finished = (finishesAt != null) ? finishesAt : started.plusSeconds(2 + this.random.nextInt(300));
			List<SandboxPlugin> plugins = SandboxOutput.plugins(recipe.document(), node.name(), outcome.status(),
					outcome.details(), started, finished, this.random);
			return new SandboxInvocation(command, node.id(), node.name(), outcome.status(), outcome.details(),
					runningStatus, finishesAt, plugins);
		}

		private Outcome outcome(Recipe recipe, SandboxNode node) {
			if (!node.online()) {
				return new Outcome("Failed", "Undeliverable");
			}
			if (recipe.windows() != node.windows()) {
				return new Outcome("Failed", "InvalidPlatform");
			}
			int roll = this.random.nextInt(100);
			if (roll < 90) {
				return new Outcome("Success", "Success");
			}
			if (roll < 93) {
				return new Outcome("Failed", "Failed");
			}
			if (roll < 94) {
				return new Outcome("TimedOut", "ExecutionTimedOut");
			}
			if (roll < 95) {
				return new Outcome("Cancelled", "Cancelled");
			}
			if (roll < 96) {
				return new Outcome("Failed", "AccessDenied");
			}
			if (roll < 97) {
				return new Outcome("Failed", "Terminated");
			}
			if (roll < 98) {
				return new Outcome("Delayed", "Delayed");
			}
			return new Outcome("Pending", "Pending");
		}

	}

	private record Outcome(String status, String details) {

		boolean waiting() {
			return "Pending".equals(this.status) || "Delayed".equals(this.status);
		}

	}

}
