package dev.runboard.aws.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import dev.runboard.aws.PluginOutput;
import dev.runboard.aws.sandbox.SandboxInvocation.SandboxPlugin;
import dev.runboard.aws.sandbox.SandboxRecipes.Recipe;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.Alarm;
import software.amazon.awssdk.services.ssm.model.AlarmConfiguration;
import software.amazon.awssdk.services.ssm.model.CloudWatchOutputConfig;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.NotificationConfig;
import software.amazon.awssdk.services.ssm.model.NotificationEvent;
import software.amazon.awssdk.services.ssm.model.NotificationType;
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

	private final List<Node> scheduleTargets;

	/** Scheduled runs by their number since the start, built when first seen. */
	private final Map<Long, List<SandboxInvocation>> scheduledRuns = new ConcurrentHashMap<>();

	/** Every command sent, by ID: what {@code ListCommands} says it was sent with. */
	private final Map<String, SandboxCommand> commands = new ConcurrentHashMap<>();

	private SandboxFleet(List<SandboxInvocation> invocations, Region region, Instant start, long seed,
			List<Node> scheduleTargets) {
		this.start = start;
		this.seed = seed;
		this.scheduleTargets = List.copyOf(scheduleTargets);
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
		if (now.isBefore(this.start)) {
			return this.invocations;
		}
		long last = Duration.between(this.start, now).toSeconds() / SCHEDULE.toSeconds();
		List<SandboxInvocation> all = new ArrayList<>();
		for (long run = last; run >= 0 && run > last - SCHEDULED_RUNS_KEPT; run--) {
			all.addAll(this.scheduledRuns.computeIfAbsent(run, this::scheduledRun));
		}
		all.addAll(this.invocations);
		return all;
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
		for (Node node : this.scheduleTargets) {
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
		// Brings the scheduled runs up to now, so their commands are known.
		all(now);
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
					&& invocation.instanceId().equals(instanceId) && !invocation.runningAt(now))
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
		String output = running ? "" : listOutput(plugin.stdout(), plugin.stderr());
		return CommandPlugin.builder()
			.name(plugin.name())
			.status(running ? invocation.runningStatus() : plugin.status())
			.statusDetails(running ? invocation.runningStatus() : plugin.statusDetails())
			.responseCode(running ? -1 : plugin.responseCode())
			.responseStartDateTime(plugin.startedAt())
			.responseFinishDateTime(running ? null : plugin.finishedAt())
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

	private record Node(String id, String name, boolean windows, boolean online) {

	}

	private static final class Generator {

		private static final List<Recipe> RECIPES = SandboxRecipes.RECIPES;

		private final Instant now;

		private final Random random;

		private final Region region;

		private final List<Node> nodes = new ArrayList<>();

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
			this.nodes.add(new Node("mi-" + hex(17), "build-onprem-01", false, false));

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
				for (Node node : targets(recipe)) {
					SandboxInvocation invocation = invocation(command, recipe, node, live);
					invocations.add((c == journal)
							? invocation.withPlugins(
									SandboxOutput.withJournal(invocation.plugins(), node.name(), command.requestedAt()))
							: invocation);
				}
			}
			// Drawn from a sequence of its own: the rest of the story stays as it always
			// was.
			invocations.addAll(SandboxPatchNight.invocations(this.now, new Random(this.seed * 17 + 5), BUCKET,
					SERVICE_ROLE, this.region.id()));
			invocations.sort(Comparator.comparing((SandboxInvocation i) -> i.command().requestedAt())
				.reversed()
				.thenComparing((SandboxInvocation i) -> i.command().commandId())
				.thenComparing(SandboxInvocation::instanceId));
			List<Node> scheduleTargets = this.nodes.stream()
				.filter((node) -> node.name().startsWith("web") || !node.online())
				.toList();
			return new SandboxFleet(invocations, this.region, this.now, this.seed, scheduleTargets);
		}

		private Node ec2(String name, boolean windows, boolean online) {
			return new Node("i-0" + hex(16), name, windows, online);
		}

		private String hex(int length) {
			StringBuilder hex = new StringBuilder();
			for (int i = 0; i < length; i++) {
				hex.append(Character.forDigit(this.random.nextInt(16), 16));
			}
			return hex.toString();
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

		private List<Node> targets(Recipe recipe) {
			if (recipe.windows()) {
				return this.nodes.stream().filter(Node::windows).toList();
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

		private SandboxInvocation invocation(SandboxCommand command, Recipe recipe, Node node, boolean live) {
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

		private Outcome outcome(Recipe recipe, Node node) {
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
