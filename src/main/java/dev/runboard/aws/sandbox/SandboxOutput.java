package dev.runboard.aws.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import dev.runboard.aws.sandbox.SandboxInvocation.SandboxPlugin;

/**
 * Plugin names and output text in the shapes the SSM Agent produces for each document.
 */
final class SandboxOutput {

	/** Output a hostile or careless script can print; the page must show it as text. */
	static final String HOSTILE = """
			<h1>Status preview</h1><script>alert('owned')</script>
			<img src=x onerror="alert(1)"> <a href="javascript:alert(2)">click</a>
			\u001B[32mOK\u001B[0m \u001B[1;31mFAILED\u001B[0m  ${T(java.lang.Runtime).getRuntime().exec('id')}  [[${7*7}]]  {{7*7}}
			<div hx-get="/logout" hx-trigger="load">htmx attribute in output</div>
			'; DROP TABLE invocations; --
			""";

	private SandboxOutput() {
	}

	static List<SandboxPlugin> plugins(String document, String node, String status, String details, Instant started,
			Instant finished, Random random) {
		boolean ran = !List.of("Pending", "Delayed").contains(status)
				&& !List.of("Undeliverable", "InvalidPlatform", "DeliveryTimedOut").contains(details);
		boolean failed = !"Success".equals(status);
		int code = failed ? List.of(1, 2, 127, 100).get(random.nextInt(4)) : 0;
		if ("ExecutionTimedOut".equals(details) || "Cancelled".equals(details) || "Terminated".equals(details)) {
			code = -1;
		}
		Instant start = ran ? started : null;
		Instant end = ran ? finished : null;
		int responseCode = ran ? code : -1;
		return switch (document) {
			case "AWS-RunPatchBaseline" -> List.of(
					new SandboxPlugin("PatchWindows", "Success", "Success", 0, start, end,
							ran ? "Step execution skipped due to unsatisfied preconditions: '{\"StringEquals\":"
									+ "[\"platformType\",\"Windows\"]}'. Step name: PatchWindows" : "",
							""),
					new SandboxPlugin("PatchLinux", status, details, responseCode, start, end,
							ran ? patchLog(node, random) : "",
							ran && failed ? "Error: Failed to download metadata for repo 'amzn2-core': Cannot download "
									+ "repomd.xml: Curl error (28): Timeout was reached" : ""));
			case "Acme-DeployRelease" -> List
				.of(new SandboxPlugin("stopService", ran ? "Success" : status, ran ? "Success" : details, ran ? 0 : -1,
						start, end, ran ? "Stopping acme-api.service\nStopped acme-api.service (pid 4121)" : "", ""),
						new SandboxPlugin("deploy", status, details, responseCode, start, end,
								ran ? "Fetching release 2026.11.3 from s3://acme-releases/api/2026.11.3.tar.gz\n"
										+ "Unpacking to /opt/acme/releases/2026.11.3\nLinking current -> 2026.11.3\n"
										+ (failed ? "" : "Started acme-api.service\nHealth check passed in 3.2s") : "",
								ran && failed
										? "systemd: acme-api.service: Main process exited, code=exited, "
												+ "status=1/FAILURE\ncurl: (7) Failed to connect to localhost port 8080"
										: ""));
			case "AWS-UpdateSSMAgent" ->
				List.of(new SandboxPlugin("aws:updateSsmAgent", status, details, responseCode, start, end,
						ran ? "Updating amazon-ssm-agent from 3.3.1142.0 to 3.3.1611.0\n"
								+ (failed ? "" : "Successfully updated amazon-ssm-agent to 3.3.1611.0") : "",
						ran && failed ? "failed to install package; install status Failed: Access denied" : ""));
			case "AWS-ConfigureAWSPackage" -> List.of(new SandboxPlugin("configurePackage", status, details,
					responseCode, start, end,
					ran ? "Initiating AmazonCloudWatchAgent 1.300049.1 install\nPlugin aws:runShellScript ResultStatus "
							+ (failed ? "Failed" : "Success") + "\nInstall " + (failed ? "failed" : "succeeded") : "",
					""));
			case "AWS-RunPowerShellScript" -> List.of(new SandboxPlugin("aws:runPowerShellScript", status, details,
					responseCode, start, end,
					ran ? "Removed 1,284 files from C:\\inetpub\\temp\\IIS Temporary Compressed Files" : "",
					ran && failed ? "Remove-Item : Access to the path 'C:\\inetpub\\temp\\appPools' is denied." : ""));
			default -> List.of(new SandboxPlugin("aws:runShellScript", status, details, responseCode, start, end,
					ran ? shell(node, random) : "",
					ran && failed ? "bash: line 3: " + node + ": command exited with status " + code : ""));
		};
	}

	private static String shell(String node, Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> """
					Filesystem      Size  Used Avail Use%% Mounted on
					/dev/nvme0n1p1   40G   %dG   %dG  %d%% /
					tmpfs           3.9G     0  3.9G   0%% /dev/shm
					""".formatted(10 + random.nextInt(29), 1 + random.nextInt(10), 30 + random.nextInt(69));
			case 1 -> HOSTILE;
			case 2 -> "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
					+ "nginx: configuration file /etc/nginx/nginx.conf test is successful\nRestarted nginx on " + node;
			default -> diagnostics(node, 400 + random.nextInt(200));
		};
	}

	private static String diagnostics(String node, int lines) {
		StringBuilder out = new StringBuilder("Collecting diagnostics on " + node + "\n");
		for (int i = 1; i <= lines; i++) {
			out.append(String.format("%05d journal: kernel: TCP: request_sock_TCP: Possible SYN flooding on port "
					+ "443. Sending cookies.%n", i));
		}
		return out.toString();
	}

	/**
	 * The plugins with every stdout replaced by a journal dump of a few hundred
	 * kilobytes, the same for the same node and start on every run, drawn without
	 * touching the fleet's random sequence.
	 */
	static List<SandboxPlugin> withJournal(List<SandboxPlugin> plugins, String node, Instant requestedAt) {
		return plugins.stream()
			.map((plugin) -> plugin.stdout().isEmpty() ? plugin
					: new SandboxPlugin(plugin.name(), plugin.status(), plugin.statusDetails(), plugin.responseCode(),
							plugin.startedAt(), plugin.finishedAt(), journal(node, requestedAt), plugin.stderr()))
			.toList();
	}

	private static String journal(String node, Instant requestedAt) {
		Random random = new Random(node.hashCode() * 31L + requestedAt.getEpochSecond());
		DateTimeFormatter time = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss.SSSSSS", Locale.ENGLISH)
			.withZone(ZoneOffset.UTC);
		Instant at = requestedAt.minus(Duration.ofHours(6));
		StringBuilder out = new StringBuilder("Collecting diagnostics on " + node + "\n")
			.append("-- Journal begins at ")
			.append(time.format(at))
			.append(" --\n");
		for (int line = 0; line < 3200; line++) {
			at = at.plusMillis(1 + random.nextInt(6500)).plusNanos(1000L * random.nextInt(1000));
			out.append(time.format(at)).append(' ').append(node).append(' ');
			out.append(journalEntry(random)).append('\n');
		}
		return out.append("-- ")
			.append(3200)
			.append(" entries --\nDiagnostics written to /tmp/diag-")
			.append(node)
			.append(".tar.gz\n")
			.toString();
	}

	private static String journalEntry(Random random) {
		return switch (random.nextInt(9)) {
			case 0 -> "kernel: TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  "
					+ "Check SNMP counters.";
			case 1 -> "sshd[" + (2000 + random.nextInt(7000)) + "]: Accepted publickey for ec2-user from 10.0."
					+ random.nextInt(256) + "." + random.nextInt(256) + " port " + (40000 + random.nextInt(25000))
					+ " ssh2: ED25519 SHA256:q8Vh3kZp0c";
			case 2 -> "nginx[1187]: 10.0.3." + random.nextInt(256) + " - - \"GET /api/v2/orders?page="
					+ random.nextInt(90) + " HTTP/1.1\" " + List.of(200, 200, 200, 304, 499, 502).get(random.nextInt(6))
					+ " " + random.nextInt(40000) + " \"-\" \"ELB-HealthChecker/2.0\" rt=0." + random.nextInt(999);
			case 3 -> "amazon-ssm-agent[812]: INFO [MessageService] [EngineProcessor] Sent reply for "
					+ new UUID(random.nextLong(), random.nextLong());
			case 4 -> "systemd[1]: Started Session " + random.nextInt(9000) + " of User ec2-user.";
			case 5 -> "chronyd[644]: Selected source 169.254.169.123 (offset " + (random.nextInt(900) - 450)
					+ " µs → slewing)";
			case 6 -> "acme-api[4121]: WARN  OrderService — retrying payment call (attempt " + (1 + random.nextInt(3))
					+ "/3) after 250 ms: upstream timed out";
			case 7 -> "kernel: nvme nvme0: I/O " + random.nextInt(1024) + " QID " + random.nextInt(4)
					+ " timeout, completion polled";
			default -> "systemd-journald[402]: Data hash table of /var/log/journal/system.journal has a fill level at "
					+ (75 + random.nextInt(20)) + ".0 (" + random.nextInt(99999)
					+ " of 119837 items), suggesting rotation.";
		};
	}

	private static String patchLog(String node, Random random) {
		StringBuilder out = new StringBuilder(
				"/usr/bin/python3\nPatch group: production\nOperation type: Install\n" + "Instance: " + node + "\n");
		int packages = 20 + random.nextInt(60);
		for (int i = 0; i < packages; i++) {
			out.append(String.format("Updating   : kernel-tools-5.10.%d-%d.amzn2.x86_64          %d/%d%n", 220 + i,
					100 + random.nextInt(900), i + 1, packages));
		}
		out.append("Complete!\nReboot option: RebootIfNeeded\n");
		return out.toString();
	}

}
