package dev.runboard.aws.sandbox;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.CommandView;
import dev.runboard.aws.InvocationRecord;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.PastCommands;
import dev.runboard.aws.PluginOutput;
import dev.runboard.aws.WholeOutput;
import dev.runboard.aws.sandbox.SandboxInvocation.SandboxPlugin;
import dev.runboard.aws.sandbox.SandboxPatchNight.Cause;
import dev.runboard.aws.sandbox.SandboxRecipes.Recipe;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

/**
 * The sandbox's past: 90 days of what its fleet ran before the week SSM (the sandbox)
 * still lists, for the history store to start with, since SSM would no longer hold it.
 * The same nodes, the same routine commands ({@link SandboxRecipes}) with the same output
 * ({@link SandboxOutput}), and every Tuesday night the two patch runs, the second failing
 * on some nodes for the reasons {@link SandboxPatchNight} fails for. Generated from a
 * fixed seed, anchored to the fleet's oldest command.
 */
public final class SandboxHistory implements PastCommands {

	/** How far back the past reaches. */
	static final Duration SPAN = Duration.ofDays(90);

	private static final String BUCKET = "acme-runcommand-output";

	private static final String SERVICE_ROLE = "arn:aws:iam::123456789012:role/RunCommandNotifications";

	private final SandboxClientFactory fleets;

	private final Clock clock;

	public SandboxHistory(SandboxClientFactory fleets, Clock clock) {
		this.fleets = fleets;
		this.clock = clock;
	}

	@Override
	public void forEach(String account, String region, Consumer<PastCommand> each) {
		this.fleets.fleet(account, region).ifPresent((fleet) -> generate(fleet, region, each));
	}

	private void generate(SandboxFleet fleet, String region, Consumer<PastCommand> each) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		List<CommandInvocation> listed = fleet.invocationsAt(now);
		Map<String, String> names = new LinkedHashMap<>();
		listed.forEach((invocation) -> names.putIfAbsent(invocation.instanceId(), invocation.instanceName()));
		List<SandboxNode> nodes = names.entrySet()
			.stream()
			.map((node) -> SandboxNode.of(node.getKey(), node.getValue(), node.getValue().startsWith("win-"), true))
			.sorted(Comparator.comparing(SandboxNode::name))
			.toList();
		Instant oldestListed = listed.stream()
			.map(CommandInvocation::requestedDateTime)
			.min(Comparator.naturalOrder())
			.orElse(now);
		Instant end = oldestListed.truncatedTo(ChronoUnit.DAYS);
		Random random = new Random(Objects.hash(region, 90) * 31L + 20261120L);
		for (Instant day = now.minus(SPAN).truncatedTo(ChronoUnit.DAYS); day
			.isBefore(end); day = day.plus(Duration.ofDays(1))) {
			List<SandboxInvocation> ran = new ArrayList<>();
			DayOfWeek weekday = day.atOffset(ZoneOffset.UTC).getDayOfWeek();
			if (weekday != DayOfWeek.SATURDAY && weekday != DayOfWeek.SUNDAY) {
				int routine = 2 + random.nextInt(3);
				for (int r = 0; r < routine; r++) {
					Recipe recipe = SandboxRecipes.RECIPES.get(random.nextInt(SandboxRecipes.RECIPES.size()));
					Instant at = day.plus(Duration.ofHours(8)).plusSeconds(random.nextInt(10 * 3600));
					ran.addAll(routine(recipe, at, nodes, region, random));
				}
			}
			if (weekday == DayOfWeek.TUESDAY) {
				Instant at = day.plus(Duration.ofHours(22)).plusSeconds(random.nextInt(600));
				ran.addAll(routine(patchRecipe(), at, nodes, region, random));
				ran.addAll(patchNight(at.plus(Duration.ofHours(1)), nodes, region, random));
			}
			Map<String, List<SandboxInvocation>> byCommand = new LinkedHashMap<>();
			ran.stream()
				.sorted(Comparator.comparing((SandboxInvocation i) -> i.command().requestedAt()))
				.forEach((invocation) -> byCommand
					.computeIfAbsent(invocation.command().commandId(), (id) -> new ArrayList<>())
					.add(invocation));
			byCommand.values().forEach((invocations) -> each.accept(past(invocations, region)));
		}
	}

	private static Recipe patchRecipe() {
		return SandboxRecipes.RECIPES.stream()
			.filter((recipe) -> recipe.document().equals("AWS-RunPatchBaseline"))
			.findFirst()
			.orElseThrow();
	}

	private static List<SandboxInvocation> routine(Recipe recipe, Instant at, List<SandboxNode> nodes, String region,
			Random random) {
		List<SandboxNode> targets = nodes.stream().filter((node) -> targeted(recipe, node)).toList();
		if (targets.isEmpty()) {
			return List.of();
		}
		boolean s3 = random.nextInt(3) != 0;
		String cloudWatch = switch (random.nextInt(4)) {
			case 0 -> "";
			case 1 -> "/acme/runcommand";
			default -> null;
		};
		SandboxCommand command = new SandboxCommand(new UUID(random.nextLong(), random.nextLong()).toString(),
				recipe.document(), recipe.version(), recipe.comment(), at, s3 ? BUCKET : null,
				s3 ? "runcommand/" + recipe.document().toLowerCase() : null, cloudWatch,
				(random.nextInt(5) == 0) ? SERVICE_ROLE : null, recipe.parameters(), recipe.tagTargets(),
				recipe.maxConcurrency(), recipe.maxErrors(), recipe.timeoutSeconds(), null, List.of());
		List<SandboxInvocation> drawn = new ArrayList<>();
		for (SandboxNode node : targets) {
			String[] outcome = outcome(random);
			Instant started = at.plusSeconds(1 + random.nextInt(4));
			Instant finished = started.plusSeconds(2 + random.nextInt(300));
			drawn.add(new SandboxInvocation(command, node.id(), node.name(), outcome[0], outcome[1], "InProgress", null,
					SandboxOutput.plugins(recipe.document(), node.name(), outcome[0], outcome[1], started, finished,
							random)));
		}
		return SandboxGenerator.paced(command, drawn);
	}

	/**
	 * Tagged targets as SSM resolves them; a recipe sent to node IDs went to the Linux
	 * nodes outside the patch wave.
	 */
	private static boolean targeted(Recipe recipe, SandboxNode node) {
		if (recipe.tagTargets().isEmpty()) {
			return !node.windows() && !node.name().startsWith("app-");
		}
		return recipe.tagTargets().entrySet().stream().allMatch((tag) -> tagged(node, tag.getKey(), tag.getValue()));
	}

	/** Whether a {@code tag:<key>} target names the node; nodes without the tag never. */
	private static boolean tagged(SandboxNode node, String key, List<String> values) {
		return node.tags().containsKey(key.substring("tag:".length())) && node.targetedBy(key, values);
	}

	private static String[] outcome(Random random) {
		int roll = random.nextInt(100);
		if (roll < 91) {
			return new String[] { "Success", "Success" };
		}
		if (roll < 95) {
			return new String[] { "Failed", "Failed" };
		}
		if (roll < 97) {
			return new String[] { "TimedOut", "ExecutionTimedOut" };
		}
		if (roll < 98) {
			return new String[] { "Failed", "AccessDenied" };
		}
		return new String[] { "Cancelled", "Cancelled" };
	}

	/** The second wave of a patch night, on the nodes of its patch group. */
	private static List<SandboxInvocation> patchNight(Instant at, List<SandboxNode> nodes, String region,
			Random random) {
		List<SandboxNode> wave = nodes.stream()
			.filter((node) -> tagged(node, "tag:Patch Group", List.of("production-wave-2")))
			.toList();
		if (wave.isEmpty()) {
			return List.of();
		}
		SandboxCommand command = new SandboxCommand(new UUID(random.nextLong(), random.nextLong()).toString(),
				"AWS-RunPatchBaseline", "1", SandboxPatchNight.COMMENT, at, BUCKET, "runcommand/patch-night", "",
				SERVICE_ROLE,
				SandboxRecipes.parameters("Operation", List.of("Install"), "RebootOption", List.of("RebootIfNeeded"),
						"InstallOverrideList", List.of(""), "BaselineOverride", List.of("")),
				Map.of("tag:Patch Group", List.of("production-wave-2")), "10%", "20%", 600,
				"arn:aws:sns:" + region + ":123456789012:patch-night-alerts", List.of("patch-night-error-rate"));
		List<Cause> causes = new ArrayList<>();
		causes.addAll(Collections.nCopies(random.nextInt(7), Cause.YUM_LOCK));
		causes.addAll(Collections.nCopies(random.nextInt(5), Cause.DISK_FULL));
		causes.addAll(Collections.nCopies(random.nextInt(6), Cause.REPOSITORY_TIMEOUT));
		causes.addAll(Collections.nCopies(random.nextInt(3), Cause.UNREACHABLE));
		while (causes.size() < wave.size()) {
			causes.add(Cause.NONE);
		}
		Collections.shuffle(causes, random);
		return SandboxPatchNight.run(command, wave, causes, random);
	}

	/** A command and its invocations as SSM would have listed them once final. */
	private static PastCommand past(List<SandboxInvocation> invocations, String region) {
		SandboxCommand command = invocations.get(0).command();
		Set<String> statuses = new HashSet<>();
		int errors = 0;
		int deliveryTimedOut = 0;
		List<InvocationRecord> records = new ArrayList<>();
		for (SandboxInvocation invocation : invocations) {
			statuses.add(invocation.status());
			if ("Failed".equals(invocation.status()) || "ExecutionTimedOut".equals(invocation.statusDetails())) {
				errors++;
			}
			if ("DeliveryTimedOut".equals(invocation.statusDetails())) {
				deliveryTimedOut++;
			}
			records.add(record(command, invocation, region));
		}
		String status = statuses.equals(Set.of("Success")) ? "Success"
				: statuses.contains("Failed") ? "Failed" : statuses.contains("TimedOut") ? "TimedOut" : "Cancelled";
		CommandView view = new CommandView(command.commandId(), command.documentName(), command.documentVersion(),
				command.comment(), command.requestedAt(), status, status, invocations.size(), invocations.size(),
				errors, deliveryTimedOut);
		List<CommandDetail.Target> targets = command.targets()
			.entrySet()
			.stream()
			.map((target) -> new CommandDetail.Target(target.getKey(), target.getValue()))
			.toList();
		CommandDetail detail = new CommandDetail(view, command.requestedAt().plusSeconds(command.timeoutSeconds()),
				command.parameters(), targets,
				targets.isEmpty() ? invocations.stream().map(SandboxInvocation::instanceId).toList() : List.of(),
				command.maxConcurrency(), command.maxErrors(), command.timeoutSeconds(), command.serviceRole(),
				(command.notificationArn() != null) ? new CommandDetail.Notification(command.notificationArn(),
						List.of("Failed", "TimedOut"), "Command") : null,
				(command.s3Bucket() != null)
						? new CommandDetail.S3Output(region, command.s3Bucket(), command.s3Prefix()) : null,
				(command.cloudWatchGroup() != null) ? new CommandDetail.CloudWatchOutput(
						command.cloudWatchGroup().isEmpty() ? null : command.cloudWatchGroup(),
						command.cloudWatchGroup().isEmpty() ? "/aws/ssm/" + command.documentName()
								: command.cloudWatchGroup())
						: null,
				command.alarms().isEmpty() ? null : new CommandDetail.Alarms(command.alarms(), false), List.of());
		return new PastCommand(detail, records);
	}

	private static InvocationRecord record(SandboxCommand command, SandboxInvocation invocation, String region) {
		boolean failing = InvocationView.FAILING.contains(invocation.status());
		List<InvocationRecord.Plugin> plugins = new ArrayList<>();
		for (SandboxPlugin plugin : invocation.plugins()) {
			String output = SandboxSdkMapping.listOutput(plugin.stdout(), plugin.stderr());
			InvocationRecord.Plugin recorded = new InvocationRecord.Plugin(plugin.name(), plugin.status(),
					plugin.statusDetails(), plugin.responseCode(), plugin.startedAt(), plugin.finishedAt(), output,
					s3Url(command, invocation, plugin, "stdout", region),
					s3Url(command, invocation, plugin, "stderr", region), (command.s3Bucket() != null) ? region : null,
					command.s3Bucket(), command.s3Prefix(), null);
			if (failing && recorded.outputTruncated()) {
				recorded = recorded.withWhole(new WholeOutput(limit(plugin.stdout(), PluginOutput.FULL_STDOUT_LIMIT),
						limit(plugin.stderr(), PluginOutput.FULL_STDERR_LIMIT)));
			}
			plugins.add(recorded);
		}
		boolean single = invocation.plugins().size() == 1;
		SandboxPlugin first = invocation.plugins().get(0);
		return new InvocationRecord(command.commandId(), invocation.instanceId(), invocation.instanceName(),
				command.comment(), command.documentName(), command.documentVersion(), command.requestedAt(),
				invocation.status(), invocation.statusDetails(),
				single ? s3Url(command, invocation, first, "stdout", region) : null,
				single ? s3Url(command, invocation, first, "stderr", region) : null, command.serviceRole(), null,
				command.cloudWatchGroup() != null,
				(command.cloudWatchGroup() != null && !command.cloudWatchGroup().isEmpty()) ? command.cloudWatchGroup()
						: null,
				plugins);
	}

	/** Where the agent wrote a plugin's output, as {@link SandboxFleet} lists it. */
	private static String s3Url(SandboxCommand command, SandboxInvocation invocation, SandboxPlugin plugin,
			String stream, String region) {
		if (command.s3Bucket() == null) {
			return null;
		}
		String directory = plugin.name().replace(":", "");
		return "https://s3." + region + ".amazonaws.com/" + command.s3Bucket() + "/" + command.s3Prefix() + "/"
				+ command.commandId() + "/" + invocation.instanceId() + "/" + directory + "/0." + directory + "/"
				+ stream;
	}

	private static String limit(String text, int limit) {
		return (text.length() <= limit) ? text : text.substring(0, limit);
	}

}
