package dev.runboard.aws.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.runboard.aws.sandbox.SandboxInvocation.SandboxPlugin;
import dev.runboard.aws.sandbox.SandboxRecipes.Recipe;

import software.amazon.awssdk.regions.Region;

/**
 * Makes up the sandbox's story: a week of Run Command history on a small fleet, generated
 * from a fixed seed so every start shows the same story, anchored to the moment it is
 * built so it always looks recent (the newest commands are still running and finish over
 * the next few minutes); the scheduled health check that runs every few minutes after
 * that; and how the fleet answers a command sent to it. {@link SandboxFleet} keeps what
 * happens to it.
 */
final class SandboxGenerator {

	private static final String BUCKET = "acme-runcommand-output";

	private static final String SERVICE_ROLE = "arn:aws:iam::123456789012:role/RunCommandNotifications";

	/** How often the sandbox's scheduled health check runs, so something always moves. */
	static final Duration SCHEDULE = Duration.ofMinutes(5);

	/**
	 * The history the fleet starts with.
	 *
	 * @param invocations newest first
	 * @param nodes every node, by which commands sent later find their targets
	 * @param scheduleTargets the nodes the scheduled health check runs on
	 */
	record History(List<SandboxInvocation> invocations, List<SandboxNode> nodes, List<SandboxNode> scheduleTargets) {

	}

	/**
	 * The fleet's history as of {@code now}.
	 * @param seed the random seed; the same seed always gives the same history
	 * @param region the region the fleet pretends to live in (for output URLs)
	 */
	static History history(Instant now, long seed, Region region) {
		return new SandboxGenerator(now.truncatedTo(ChronoUnit.SECONDS), seed, region).generate();
	}

	/**
	 * One run of the scheduled health check, the {@code run}th since {@code start}: sent
	 * to the web nodes and to the offline worker, it runs for a minute or three and ends.
	 */
	static List<SandboxInvocation> scheduledRun(Instant start, long seed, long run, List<SandboxNode> targets) {
		Random random = new Random(seed * 31 + run);
		Instant requestedAt = start.plus(SCHEDULE.multipliedBy(run));
		SandboxCommand command = new SandboxCommand(new UUID(random.nextLong(), random.nextLong()).toString(),
				"AWS-RunShellScript", "1", "Scheduled health check (every 5 minutes)", requestedAt, BUCKET,
				"runcommand/health", null, null,
				SandboxRecipes.parameters("commands",
						List.of("curl -fsS --max-time 5 http://localhost/healthz", "systemctl is-active nginx")),
				Map.of("tag:Role", List.of("web")), "100%", "100%", (int) SCHEDULE.minusSeconds(10).toSeconds(), null,
				List.of());
		List<SandboxInvocation> invocations = new ArrayList<>();
		for (SandboxNode node : targets) {
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

	/**
	 * How a node will answer a command sent to it, once its turn comes: it picks the
	 * command up after a few seconds, then runs for a minute or two. An offline node
	 * never picks it up and ends undeliverable a minute or so later; a PowerShell
	 * document fails on a Linux node. Failures count against the command's
	 * {@code MaxErrors}.
	 */
	static Answer answer(SandboxCommand command, SandboxNode node, Random random) {
		Duration pickUp = Duration.ofSeconds(2 + random.nextInt(8));
		if (!node.online()) {
			return new Answer("Failed", "Undeliverable",
					new SandboxRateControl.Node(pickUp, Duration.ofSeconds(60 + random.nextInt(30)), true));
		}
		boolean fits = !command.documentName().contains("PowerShell") || node.windows();
		String status = !fits ? "Failed" : (random.nextInt(20) == 0) ? "Failed" : "Success";
		String details = !fits ? "InvalidPlatform" : status;
		return new Answer(status, details, new SandboxRateControl.Node(pickUp,
				Duration.ofSeconds(30 + random.nextInt(60)), "Failed".equals(status)));
	}

	/**
	 * How a node will answer a command.
	 *
	 * @param pacing how long it takes, and whether it counts as an error
	 */
	record Answer(String status, String details, SandboxRateControl.Node pacing) {

	}

	/**
	 * The invocation of a command on a node, in the slot the command's rate control gave
	 * it: pending until it starts, then in progress, then final. A node the command never
	 * reached (its errors went past {@code MaxErrors} first) is pending until then, and
	 * ends {@code Cancelled} without having run.
	 */
	static SandboxInvocation sentTo(SandboxCommand command, SandboxNode node, Answer answer,
			SandboxRateControl.Slot slot, Random random) {
		if (!slot.ran()) {
			return notRun(command, node.id(), node.name(), slot.endsAt(), random);
		}
		Instant startsAt = slot.startsAt();
		Instant finishesAt = slot.endsAt();
		if ("Undeliverable".equals(answer.details())) {
			return new SandboxInvocation(command, node.id(), node.name(), "Failed", "Undeliverable", "Pending",
					finishesAt, SandboxOutput.plugins(command.documentName(), node.name(), "Failed", "Undeliverable",
							startsAt, finishesAt, random));
		}
		if (SandboxPatchNight.DOCUMENT.equals(command.documentName()) && "Failed".equals(answer.details())) {
			// A patch run sent now fails as the patch night did, each node for its
			// reason.
			List<SandboxPlugin> plugins = SandboxPatchNight
				.invocation(command, node.id(), node.name(), SandboxPatchNight.Cause.of(node.id()), startsAt,
						finishesAt, random)
				.plugins();
			return new SandboxInvocation(command, node.id(), node.name(), "Failed", "Failed", "InProgress", finishesAt,
					plugins, startsAt, null);
		}
		return new SandboxInvocation(command, node.id(), node.name(), answer.status(), answer.details(), "InProgress",
				finishesAt, SandboxOutput.plugins(command.documentName(), node.name(), answer.status(),
						answer.details(), startsAt, finishesAt, random),
				startsAt, null);
	}

	/**
	 * A node a command was never sent to, because its errors went past {@code MaxErrors}:
	 * pending until {@code stoppedAt}, then {@code Cancelled}, with plugins that never
	 * ran.
	 */
	static SandboxInvocation notRun(SandboxCommand command, String instanceId, String instanceName, Instant stoppedAt,
			Random random) {
		List<SandboxPlugin> plugins = SandboxOutput
			.plugins(command.documentName(), instanceName, "Cancelled", "Cancelled", null, null, random)
			.stream()
			.map((plugin) -> new SandboxPlugin(plugin.name(), "Cancelled", "Cancelled", -1, null, null, "", ""))
			.toList();
		return new SandboxInvocation(command, instanceId, instanceName, "Cancelled", "Cancelled", "Pending", stoppedAt,
				plugins);
	}

	/**
	 * The invocations of one command, drawn as if every node ran as soon as it was sent,
	 * paced as SSM paces them ({@link SandboxRateControl}): each node keeps how long it
	 * took to pick the command up and to run, and waits for its turn; the nodes whose
	 * turn never came, because the errors went past {@code MaxErrors} first, end
	 * {@code Cancelled} without having run. Draws nothing from the story's random
	 * sequence, so the rest of the story stays as it was.
	 * @param drawn in the order SSM sends to the targets; each either final (no
	 * {@code finishesAt}) or running until its {@code finishesAt}
	 */
	static List<SandboxInvocation> paced(SandboxCommand command, List<SandboxInvocation> drawn) {
		List<SandboxRateControl.Node> pacing = new ArrayList<>(drawn.size());
		for (SandboxInvocation invocation : drawn) {
			Instant started = startedAt(invocation, command.requestedAt());
			Instant finished = (invocation.finishesAt() != null) ? invocation.finishesAt()
					: finishedAt(invocation, started);
			pacing.add(new SandboxRateControl.Node(Duration.between(command.requestedAt(), started),
					Duration.between(started, finished),
					SandboxRateControl.error(invocation.status(), invocation.statusDetails())));
		}
		List<SandboxRateControl.Slot> slots = SandboxRateControl.schedule(command.requestedAt(), pacing,
				command.maxConcurrency(), command.maxErrors());
		List<SandboxInvocation> paced = new ArrayList<>(drawn.size());
		for (int i = 0; i < drawn.size(); i++) {
			SandboxInvocation invocation = drawn.get(i);
			SandboxRateControl.Slot slot = slots.get(i);
			if (!slot.ran()) {
				List<SandboxPlugin> never = invocation.plugins()
					.stream()
					.map((plugin) -> new SandboxPlugin(plugin.name(), "Cancelled", "Cancelled", -1, null, null, "", ""))
					.toList();
				paced.add(new SandboxInvocation(command, invocation.instanceId(), invocation.instanceName(),
						"Cancelled", "Cancelled", "Pending", slot.endsAt(), never));
				continue;
			}
			Duration shift = Duration.between(startedAt(invocation, command.requestedAt()), slot.startsAt());
			List<SandboxPlugin> plugins = invocation.plugins()
				.stream()
				.map((plugin) -> new SandboxPlugin(plugin.name(), plugin.status(), plugin.statusDetails(),
						plugin.responseCode(), shifted(plugin.startedAt(), shift), shifted(plugin.finishedAt(), shift),
						plugin.stdout(), plugin.stderr()))
				.toList();
			boolean running = invocation.finishesAt() != null;
			paced.add(new SandboxInvocation(command, invocation.instanceId(), invocation.instanceName(),
					invocation.status(), invocation.statusDetails(), invocation.runningStatus(),
					running ? slot.endsAt() : null, plugins, running ? slot.startsAt() : null, null));
		}
		return paced;
	}

	private static Instant startedAt(SandboxInvocation invocation, Instant orElse) {
		return invocation.plugins()
			.stream()
			.map(SandboxPlugin::startedAt)
			.filter(Objects::nonNull)
			.min(Comparator.naturalOrder())
			.orElse(orElse);
	}

	private static Instant finishedAt(SandboxInvocation invocation, Instant orElse) {
		return invocation.plugins()
			.stream()
			.map(SandboxPlugin::finishedAt)
			.filter(Objects::nonNull)
			.max(Comparator.naturalOrder())
			.orElse(orElse);
	}

	private static Instant shifted(Instant at, Duration shift) {
		return (at != null) ? at.plus(shift) : null;
	}

	private static final List<Recipe> RECIPES = SandboxRecipes.RECIPES;

	private final Instant now;

	private final Random random;

	private final Region region;

	private final List<SandboxNode> nodes = new ArrayList<>();

	private final long seed;

	private SandboxGenerator(Instant now, long seed, Region region) {
		this.now = now;
		this.seed = seed;
		this.random = new Random(seed);
		this.region = region;
	}

	private History generate() {
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
			List<SandboxInvocation> drawn = new ArrayList<>();
			for (SandboxNode node : targets(recipe)) {
				drawn.add(invocation(command, recipe, node, live));
			}
			for (SandboxInvocation invocation : paced(command, drawn)) {
				invocations.add((c == journal) ? invocation.withPlugins(SandboxOutput.withJournal(invocation.plugins(),
						invocation.instanceName(), command.requestedAt())) : invocation);
			}
		}
		// Drawn from a sequence of its own: the rest of the story stays as it was.
		SandboxPatchNight.Run patchNight = SandboxPatchNight.generate(this.now, new Random(this.seed * 17 + 5), BUCKET,
				SERVICE_ROLE, this.region.id());
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
		return new History(invocations, allNodes, scheduleTargets);
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

	private record Outcome(String status, String details) {

		boolean waiting() {
			return "Pending".equals(this.status) || "Delayed".equals(this.status);
		}

	}

}
