package dev.runboard.aws.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.runboard.aws.sandbox.SandboxInvocation.SandboxPlugin;

/**
 * The patch run of the sandbox worth opening its command page for: 120 nodes patched ten
 * percent at a time, stopped once more than a fifth of them failed (SSM's
 * {@code MaxErrors}), most fine, the rest failing for the few reasons patch nights fail
 * for (a yum lock held by another process, a full disk, a package repository that does
 * not answer, a node that is not there), each on many nodes, with the run-specific noise
 * (process IDs, times, addresses, temporary names) real output has.
 */
final class SandboxPatchNight {

	static final String COMMENT = "Patch night wave 2: install approved updates";

	static final String DOCUMENT = "AWS-RunPatchBaseline";

	static final int NODES = 120;

	private static final DateTimeFormatter LOCK_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	/** Why a node failed, and on how many. */
	enum Cause {

		YUM_LOCK(12), DISK_FULL(7), REPOSITORY_TIMEOUT(9), UNREACHABLE(4), NONE(NODES - 12 - 7 - 9 - 4);

		private final int nodes;

		Cause(int nodes) {
			this.nodes = nodes;
		}

		/**
		 * Why a node that a patch run sent later reaches fails: the same reason each time
		 * for a node (its disk stays full, its yum-cron keeps the lock).
		 */
		static Cause of(String instanceId) {
			return List.of(YUM_LOCK, DISK_FULL, REPOSITORY_TIMEOUT).get(Math.floorMod(instanceId.hashCode(), 3));
		}

	}

	private SandboxPatchNight() {
	}

	/** The nodes patched, and what happened on each. */
	record Run(List<SandboxNode> nodes, List<SandboxInvocation> invocations) {

	}

	/**
	 * The run, sent three hours before {@code now}.
	 * @param random its own sequence, so the rest of the sandbox's story stays the same
	 */
	static Run generate(Instant now, Random random, String bucket, String serviceRole, String region) {
		Instant requestedAt = now.minusSeconds(3 * 3600 + random.nextInt(600));
		SandboxCommand command = new SandboxCommand(new UUID(random.nextLong(), random.nextLong()).toString(), DOCUMENT,
				"1", COMMENT, requestedAt, bucket, "runcommand/patch-night", "", serviceRole,
				SandboxRecipes.parameters("Operation", List.of("Install"), "RebootOption", List.of("RebootIfNeeded"),
						"InstallOverrideList", List.of(""), "BaselineOverride", List.of("")),
				Map.of("tag:Patch Group", List.of("production-wave-2")), "10%", "20%", 600,
				"arn:aws:sns:" + region + ":123456789012:patch-night-alerts", List.of("patch-night-error-rate"));
		List<Cause> causes = new ArrayList<>();
		for (Cause cause : Cause.values()) {
			causes.addAll(Collections.nCopies(cause.nodes, cause));
		}
		Collections.shuffle(causes, random);
		List<SandboxNode> nodes = new ArrayList<>();
		for (int i = 0; i < NODES; i++) {
			// A node the command could not reach is not there for the next one either.
			nodes.add(SandboxNode.of("i-0" + hex(random, 16), String.format("app-%03d", i + 1), false,
					causes.get(i) != Cause.UNREACHABLE));
		}
		return new Run(nodes, run(command, nodes, causes, random));
	}

	/**
	 * The run of {@code command} over {@code nodes}, each failing for its cause, paced as
	 * SSM paces it ({@link SandboxRateControl}): at most {@code MaxConcurrency} nodes at
	 * once, and none started once more have failed than {@code MaxErrors} allows.
	 */
	static List<SandboxInvocation> run(SandboxCommand command, List<SandboxNode> nodes, List<Cause> causes,
			Random random) {
		List<SandboxRateControl.Node> pacing = new ArrayList<>();
		for (Cause cause : causes.subList(0, nodes.size())) {
			pacing.add(new SandboxRateControl.Node(Duration.ofSeconds(2 + random.nextInt(10)),
					Duration.ofSeconds(seconds(cause, random)), cause != Cause.NONE));
		}
		List<SandboxRateControl.Slot> slots = SandboxRateControl.schedule(command.requestedAt(), pacing,
				command.maxConcurrency(), command.maxErrors());
		List<SandboxInvocation> invocations = new ArrayList<>();
		for (int i = 0; i < nodes.size(); i++) {
			SandboxNode node = nodes.get(i);
			SandboxRateControl.Slot slot = slots.get(i);
			invocations.add(slot.ran()
					? invocation(command, node.id(), node.name(), causes.get(i), slot.startsAt(), slot.endsAt(), random)
					: SandboxGenerator.notRun(command, node.id(), node.name(), slot.endsAt(), random));
		}
		return invocations;
	}

	/**
	 * How long a node takes to fail for {@code cause}, or to succeed; an unreachable node
	 * holds its place until SSM gives up on it.
	 */
	private static long seconds(Cause cause, Random random) {
		return switch (cause) {
			case YUM_LOCK -> 600 + random.nextInt(5);
			case DISK_FULL -> 20 + random.nextInt(20);
			case REPOSITORY_TIMEOUT -> 30 + random.nextInt(3);
			case UNREACHABLE -> 60 + random.nextInt(30);
			case NONE -> 40 + random.nextInt(35);
		};
	}

	static SandboxInvocation invocation(SandboxCommand command, String instanceId, String node, Cause cause,
			Instant started, Instant finished, Random random) {
		if (cause == Cause.UNREACHABLE) {
			List<SandboxPlugin> plugins = List.of(
					new SandboxPlugin("PatchWindows", "Failed", "Undeliverable", -1, null, null, "", ""),
					new SandboxPlugin("PatchLinux", "Failed", "Undeliverable", -1, null, null, "", ""));
			return new SandboxInvocation(command, instanceId, node, "Failed", "Undeliverable", "Pending", null,
					plugins);
		}
		String stdout = "/usr/bin/python3\nPatch group: production-wave-2\nOperation type: Install\nInstance: " + node
				+ "\nLoaded plugins: extras_suggestions, langpacks, priorities, update-motd\n";
		String stderr = "";
		switch (cause) {
			case YUM_LOCK -> {
				int pid = 1000 + random.nextInt(30000);
				Instant since = started.minusSeconds(60 + random.nextInt(3000));
				stdout += "Existing lock /var/run/yum.pid: another copy is running as pid " + pid + ".\n"
						+ "Another app is currently holding the yum lock; waiting for it to exit...\n"
						+ "  The other application is: yum-cron\n    Memory : " + (90 + random.nextInt(60))
						+ " M RSS (410 MB VSZ)\n    State  : Sleeping, pid: " + pid + "\n";
				stderr = "Error: yum lock held by pid " + pid + " (yum-cron) since " + LOCK_TIME.format(since)
						+ "; gave up after 600 s";
			}
			case DISK_FULL -> {
				stdout += "Resolving Dependencies\n--> Running transaction check\nDownloading packages:\n";
				stderr = "Error: Insufficient space in download directory /var/cache/yum/x86_64/2/amzn2-core/packages\n"
						+ "    * free   " + (12 + random.nextInt(400)) + " k\n    * needed 38 M\n"
						+ "[Errno 28] No space left on device: '/var/cache/yum/x86_64/2/amzn2-core/packages/"
						+ "kernel-5.10.228-219.884.amzn2.x86_64.rpm.tmp" + hex(random, 6) + "'";
			}
			case REPOSITORY_TIMEOUT -> {
				stdout += "Retrieving mirror list for amzn2-core\n";
				stderr = "Error: Failed to download metadata for repo 'amzn2-core': Cannot download repomd.xml: Curl "
						+ "error (28): Timeout was reached for http://10.0." + random.nextInt(256) + "."
						+ random.nextInt(256) + ":3128/2/core/latest/x86_64/mirror.list [Connection timed out after "
						+ (30000 + random.nextInt(20)) + " milliseconds]";
			}
			default -> {
				int packages = 8 + random.nextInt(30);
				StringBuilder log = new StringBuilder(stdout);
				for (int p = 1; p <= packages; p++) {
					log.append(String.format("Updating   : kernel-tools-5.10.%d-%d.amzn2.x86_64          %d/%d%n",
							220 + p, 100 + random.nextInt(900), p, packages));
				}
				stdout = log.append("Complete!\nReboot option: RebootIfNeeded\nNo reboot needed.\n").toString();
			}
		}
		boolean failed = cause != Cause.NONE;
		List<SandboxPlugin> plugins = List.of(
				new SandboxPlugin("PatchWindows", "Success", "Success", 0, started, started.plusSeconds(1),
						"Step execution skipped due to unsatisfied preconditions: '{\"StringEquals\":"
								+ "[\"platformType\",\"Windows\"]}'. Step name: PatchWindows",
						""),
				new SandboxPlugin("PatchLinux", failed ? "Failed" : "Success", failed ? "Failed" : "Success",
						failed ? 1 : 0, started.plusSeconds(1), finished, stdout, stderr));
		return new SandboxInvocation(command, instanceId, node, failed ? "Failed" : "Success",
				failed ? "Failed" : "Success", "InProgress", null, plugins);
	}

	static String hex(Random random, int length) {
		StringBuilder hex = new StringBuilder();
		for (int i = 0; i < length; i++) {
			hex.append(Character.forDigit(random.nextInt(16), 16));
		}
		return hex.toString();
	}

}
