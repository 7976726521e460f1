package dev.runboard.commands;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.PluginOutput;
import dev.runboard.aws.PluginView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failing invocations that differ only in the noise of their run share a signature;
 * different errors never do. The lines are the shapes real fleets print.
 */
class FailureSignatureTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					Error: yum lock held by pid 4121 (yum-cron) since 2026-11-27T02:14:07Z; gave up after 600 s | Error: yum lock held by pid 30930 (yum-cron) since 2026-11-27T01:59:44Z; gave up after 600 s
					Curl error (28): Timeout was reached for http://10.0.3.17:3128/2/core/latest/x86_64/mirror.list [Connection timed out after 30001 milliseconds] | Curl error (28): Timeout was reached for http://10.0.147.35:3128/2/core/latest/x86_64/mirror.list [Connection timed out after 30013 milliseconds]
					[Errno 28] No space left on device: '/var/cache/yum/x86_64/2/packages/kernel.rpm.tmp9972aa' | [Errno 28] No space left on device: '/var/cache/yum/x86_64/2/packages/kernel.rpm.tmp3f0c1d'
					E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 2417 (unattended-upgr) | E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 880 (unattended-upgr)
					Nov 27 02:14:07 web-03 deploy[4121]: health check failed for i-0a1b2c3d4e5f60718 | Nov 3 23:01:59 web-07 deploy[77]: health check failed for i-0fedcba9876543210
					bash: /tmp/ssm/5b0c3a2e-8f1d-4c6a-9e2b-7d4f1a0c3e91/_script.sh: line 3: aws: command not found | bash: /tmp/ssm/0d4bca11-2c7e-4e0f-b1a2-19cb5a7d3e00/_script.sh: line 3: aws: command not found
					connect to [fe80::1ff:fe23:4567:890a]:443 refused after 2.5 s | connect to [fe80::a00:27ff:fe4e:66a1]:443 refused after 10.25 s
					Remove-Item : Access to the path 'C:\\Users\\ssm-user\\AppData\\Local\\Temp\\tmpA81F.tmp' is denied. | Remove-Item : Access to the path 'C:\\Users\\ssm-user\\AppData\\Local\\Temp\\tmp7C2.tmp' is denied.
					fatal: unable to access 'https://git.acme.internal/ops/playbooks.git/': Failed to connect to 172.31.9.4 port 443 after 130004 ms: Couldn't connect to server | fatal: unable to access 'https://git.acme.internal/ops/playbooks.git/': Failed to connect to 172.31.40.112 port 443 after 129996 ms: Couldn't connect to server
					""")
	void linesThatDifferOnlyInTheNoiseOfTheirRunAreOneSignature(String one, String other) {
		assertThat(FailureSignature.normalise(one)).isEqualTo(FailureSignature.normalise(other));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					Error: yum lock held by pid 4121 (yum-cron) since 2026-11-27T02:14:07Z; gave up after 600 s | [Errno 28] No space left on device: '/var/cache/yum/x86_64/2/packages/kernel.rpm'
					Curl error (28): Timeout was reached for http://10.0.3.17/mirror.list | Curl error (7): Failed to connect to 10.0.3.17 port 80: Connection refused
					E: Could not get lock /var/lib/dpkg/lock-frontend | E: Unable to locate package nginx-full
					systemd: acme-api.service: Main process exited, code=exited, status=1/FAILURE | curl: (7) Failed to connect to localhost port 8080
					""")
	void differentErrorsAreDifferentSignatures(String one, String other) {
		assertThat(FailureSignature.normalise(one)).isNotEqualTo(FailureSignature.normalise(other));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Error: Failed to download metadata for repo 'amzn2-core'",
			"Error: Package: 1:openssl-1.0.2k-24.amzn2.0.4.x86_64 (amzn2-core) requires python3.11",
			"Cannot find a valid baseurl for repo: amzn2-core/2/x86_64",
			"Updating amazon-ssm-agent from 3.3.1142.0 to 3.3.1611.0",
			"Unable to download https://s3.us-east-1.amazonaws.com/amazon-ssm-us-east-1/3.3.1611.0/linux_amd64/amazon-ssm-agent.rpm",
			"Error: Transaction test error: file /boot/vmlinuz-5.10.205-195.807.amzn2.x86_64 conflicts with kernel-5.10.205-195.807.amzn2.x86_64.rpm",
			"ec2-user is not in the sudoers file. This incident will be reported.",
			"mount: /data: wrong fs type, bad option, bad superblock on /dev/nvme0n1p1",
			"sha256 checksum mismatch for log4j-core-2.17.1.jar (log4j2 config)",
			"curl: (16) Error in the HTTP2 framing layer", "ipv6: disabled on eth0, falling back to http2 over ipv4",
			"E: Could not get lock /var/lib/dpkg/lock-frontend", "net::ERR_CONNECTION_REFUSED",
			"OSError: [Errno 28] No space left on device", "ModuleNotFoundError: No module named 'boto3'",
			"acme-api.service: Main process exited, code=exited, status=203/EXEC",
			"subprocess.CalledProcessError: Command 'yum -y update' returned non-zero exit status 1.",
			"curl: (22) The requested URL returned error: 404", "urllib.error.HTTPError: HTTP Error 404: Not Found",
			"Exception calling DownloadFile: The remote server returned an error: (403) Forbidden.",
			"Installation failed with exit code 1603", "Exception from HRESULT: 0x80070005 (E_ACCESSDENIED)",
			"Restart-Service : Cannot open W3SVC service on computer '.'",
			"The SSH host key ED25519 SHA256:q8Vh3kZp0c has changed",
			"Volume is full on us-east-1a (t3.micro, c5.2xlarge, m6i.large)" })
	void namesVersionsPathsAndErrorCodesKeepTheirDigits(String line) {
		assertThat(FailureSignature.normalise(line)).isEqualTo(line);
	}

	@Test
	void aPackageNameReadsAsPrintedWithOnlyItsTemporarySuffixReplaced() {
		assertThat(FailureSignature.normalise("[Errno 28] No space left on device: '/var/cache/yum/x86_64/2/"
				+ "amzn2-core/packages/kernel-5.10.228-219.884.amzn2.x86_64.rpm.tmp9972aa'"))
			.isEqualTo("[Errno 28] No space left on device: '/var/cache/yum/x86_64/2/amzn2-core/packages/"
					+ "kernel-5.10.228-219.884.amzn2.x86_64.rpm.<tmp>'");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					Out of memory: Killed process 4121 (java) total-vm:8388608kB, anon-rss:4194304kB, oom_score_adj:0 | Out of memory: Killed process <n> (java) total-vm:<n>kB, anon-rss:<n>kB, oom_score_adj:<n>
					needed 512M, free 3.5GB after 120s; disk 97% full | needed <n>M, free <n>GB after <n>s; disk <n>% full
					curl: (7) Failed to connect to localhost port 8080 after 2 ms: Connection refused | curl: (7) Failed to connect to localhost port <n> after <n> ms: Connection refused
					retrying payment call (attempt 2/3) after 1m30s | retrying payment call (attempt <n>/<n>) after <duration>
					Removed 1,284 files; chronyd offset -450 µs; restart counter is at 5. | Removed <n> files; chronyd offset <n> µs; restart counter is at <n>.
					[12345.678901] nvme nvme0: I/O 512 QID 3 timeout, completion polled | [<n>] nvme nvme0: I/O <n> QID <n> timeout, completion polled
					E: Failed to fetch http://archive.ubuntu.com/ubuntu/pool/main/o/openssl/libssl3_3.0.2-0ubuntu1.10_amd64.deb 404 Not Found [IP: 91.189.91.38 80] | E: Failed to fetch http://archive.ubuntu.com/ubuntu/pool/main/o/openssl/libssl3_3.0.2-0ubuntu1.10_amd64.deb <n> Not Found [IP: <ip> <n>]
					At C:\\ProgramData\\Amazon\\SSM\\InstanceData\\i-0123456789abcdef0\\document\\_script.ps1:3 char:1 | At C:\\ProgramData\\Amazon\\SSM\\InstanceData\\<node>\\document\\_script.ps1:<n> char:<n>
					AccessDenied: Access Denied status code: 403, request id: 4XR9ZB3W1VQ7TMKM, host id: Xg7hQ2k/9Lz+abc== | AccessDenied: Access Denied status code: 403, request id: <id>, host id: <id>
					Last metadata expiration check: 0:02:13 ago on Wed 27 Nov 2026 02:14:07 AM UTC. | Last metadata expiration check: <time> ago on <date> <time> AM UTC.
					sudo: unable to resolve host ip-10-0-3-17: Name or service not known | sudo: unable to resolve host <ip>: Name or service not known
					""")
	void numbersThatStandAloneAreReplacedAndTheirUnitsKept(String line, String normalised) {
		assertThat(FailureSignature.normalise(line)).isEqualTo(normalised);
	}

	@Test
	void theNodesOwnNameIsNoiseAsIsItsFirstLabel() {
		assertThat(FailureSignature.normalise("bash: line 3: web-01: command exited with status 127", "web-01"))
			.isEqualTo("bash: line <n>: <node>: command exited with status 127");
		assertThat(FailureSignature.normalise("sudo: unable to resolve host IP-10-0-3-17",
				"ip-10-0-3-17.eu-west-1.compute.internal"))
			.isEqualTo("sudo: unable to resolve host <node>");
		assertThat(FailureSignature.normalise("ssh: connect to db-01.acme.internal failed on web-01", "web-01"))
			.as("another node's name is what the error is about")
			.isEqualTo("ssh: connect to db-01.acme.internal failed on <node>");
		assertThat(FailureSignature.normalise("Failed to connect to localhost", "localhost"))
			.as("a name without a digit is the same on every node")
			.isEqualTo("Failed to connect to localhost");
	}

	/**
	 * Forty nodes per cause, each line with the noise its node would print: process IDs,
	 * times, addresses, temporary suffixes (some all digits, some all letters), byte
	 * counts, request IDs and the node's own name.
	 */
	@Test
	void manyNodesFailingForOneCauseAreOneSignatureAndEachCauseIsItsOwn() {
		Random random = new Random(27);
		Map<String, Set<FailureSignature>> byCause = new LinkedHashMap<>();
		for (Map.Entry<String, Function<Node, String>> cause : NOISY_CAUSES.entrySet()) {
			for (int i = 0; i < 40; i++) {
				Node node = Node.random(random);
				InvocationView invocation = invocation(node.instanceId(), node.name(), "Failed", "Failed",
						List.of(plugin("aws:runShellScript", "Failed", 1, "", cause.getValue().apply(node))));
				byCause.computeIfAbsent(cause.getKey(), (key) -> new HashSet<>()).add(FailureSignature.of(invocation));
			}
		}
		assertThat(byCause).allSatisfy((cause, signatures) -> assertThat(signatures).as(cause).hasSize(1));
		assertThat(byCause.values().stream().flatMap(Set::stream).distinct()).hasSize(NOISY_CAUSES.size());
	}

	@Test
	void theVersionNamesTheseRules() {
		assertThat(FailureSignature.VERSION)
			.as("a signature kept by the store is computed again when the version changes: raise it, and this test, "
					+ "with every change to what a line becomes")
			.isEqualTo(2);
		assertThat(FailureSignature.normalise("Nov 27 02:14:07 web-03 yum[4121]: kernel-5.10.228-219.884.amzn2.x86_64"
				+ ".rpm.tmp997254: [Errno 28] 512M free after 1m30s at 10.0.3.17 for i-0a1b2c3d4e5f60718"))
			.isEqualTo("<date> <time> <node> yum[<n>]: kernel-5.10.228-219.884.amzn2.x86_64.rpm.<tmp>: [Errno 28] "
					+ "<n>M free after <duration> at <ip> for <node>");
	}

	@Test
	void noiseIsReplacedByWhatItIsSoTheLineStillReads() {
		assertThat(FailureSignature.normalise(
				"2026-11-27T02:14:07.123Z i-0a1b2c3d4e5f60718 job 5b0c3a2e-8f1d-4c6a-9e2b-7d4f1a0c3e91 from 10.0.3.17:3128 "
						+ "wrote /tmp/tmp.Xy12ab (0x7fff5fbff8a8, digest 9f86d081884c7d65) in 42 ms"))
			.isEqualTo("<time> <node> job <uuid> from <ip> wrote <tmp> (<hex>, digest <hex>) in <n> ms");
	}

	@Test
	void whitespaceIsCollapsedAndAVeryLongLineIsCut() {
		assertThat(FailureSignature.normalise("  error:\t\tdisk   full  ")).isEqualTo("error: disk full");
		assertThat(FailureSignature.normalise("x".repeat(1000))).hasSize(240).endsWith("…");
	}

	@Test
	void theTellingLineIsTheLastNonEmptyLineOfStderrElseOfStdout() {
		assertThat(signature("Failed", "Failed", 1, "step 1\nstep 2\n", "warning: retrying\nError: disk full\n\n"))
			.isEqualTo(new FailureSignature("exit 1", "Error: disk full"));
		assertThat(signature("Failed", "Failed", 2, "step 1\nFATAL: config invalid\n  \n", ""))
			.isEqualTo(new FailureSignature("exit 2", "FATAL: config invalid"));
	}

	@Test
	void aFinerStatusTellsMoreThanAnExitCodeAndANodeThatNeverRanSaysNothing() {
		assertThat(signature("Failed", "Undeliverable", -1, "", ""))
			.isEqualTo(new FailureSignature("Undeliverable", null));
		assertThat(signature("TimedOut", "ExecutionTimedOut", -1, "waiting for lock…\n", ""))
			.isEqualTo(new FailureSignature("ExecutionTimedOut", "waiting for lock…"));
		assertThat(signature("Cancelled", "Cancelled", -1, "", "")).isEqualTo(new FailureSignature("Cancelled", null));
	}

	@Test
	void theFailingPluginIsTheFirstThatDidNotSucceed() {
		PluginView skipped = plugin("PatchWindows", "Success", 0, "Step execution skipped", "");
		PluginView failed = plugin("PatchLinux", "Failed", 1, "", "Error: repository timeout");
		InvocationView invocation = invocation("Failed", "Failed", List.of(skipped, failed));
		assertThat(FailureSignature.of(invocation))
			.isEqualTo(new FailureSignature("exit 1", "Error: repository timeout"));
		assertThat(FailureSignature.of(invocation).withoutOutput()).isEqualTo(new FailureSignature("exit 1", null));
		assertThat(FailureSignature.of(invocation).text()).isEqualTo("exit 1 · Error: repository timeout");
	}

	static FailureSignature signature(String status, String details, int code, String stdout, String stderr) {
		return FailureSignature
			.of(invocation(status, details, List.of(plugin("aws:runShellScript", status, code, stdout, stderr))));
	}

	static PluginView plugin(String name, String status, int code, String stdout, String stderr) {
		Instant start = Instant.parse("2026-11-27T02:00:00Z");
		return new PluginView(name, status, status, code, start, start.plusSeconds(5),
				new PluginOutput(stdout, stderr, false), null, List.of(), null, null);
	}

	static InvocationView invocation(String status, String details, List<PluginView> plugins) {
		return invocation("i-0123456789abcdef0", "web-01", status, details, plugins);
	}

	static InvocationView invocation(String instanceId, String instanceName, String status, String details,
			List<PluginView> plugins) {
		return new InvocationView("5b0c3a2e-8f1d-4c6a-9e2b-7d4f1a0c3e91", instanceId, instanceName, "comment",
				"AWS-RunShellScript", "1", Instant.parse("2026-11-27T02:00:00Z"), status, details, null, null, false,
				null, plugins, List.of());
	}

	/** What one node prints that another does not. */
	record Node(String instanceId, String name, Random random) {

		static Node random(Random random) {
			String name = "ip-10-0-" + random.nextInt(256) + "-" + random.nextInt(256) + ".eu-west-1.compute.internal";
			return new Node("i-0" + FailureSignatureTests.hex(random, 16), name, random);
		}

		String shortName() {
			return this.name.substring(0, this.name.indexOf('.'));
		}

		int pid() {
			return 300 + this.random.nextInt(60000);
		}

		String address() {
			return "10.0." + this.random.nextInt(256) + "." + this.random.nextInt(256);
		}

		String syslogTime() {
			return String.format("Nov %2d %02d:%02d:%02d", 1 + this.random.nextInt(30), this.random.nextInt(24),
					this.random.nextInt(60), this.random.nextInt(60));
		}

		String isoTime() {
			return Instant.parse("2026-11-27T00:00:00Z").plusSeconds(this.random.nextInt(86400)).toString();
		}

		String hex(int length) {
			return FailureSignatureTests.hex(this.random, length);
		}

	}

	/**
	 * Causes as yum, dnf, apt, systemd, the kernel, curl, Python, PowerShell and the SSM
	 * Agent print them; causes that differ only in a code are different causes.
	 */
	static final Map<String, Function<Node, String>> NOISY_CAUSES = Map.ofEntries(
			cause("yum lock",
					(node) -> "Error: yum lock held by pid " + node.pid() + " (yum-cron) since " + node.isoTime()
							+ "; gave up after 600 s"),
			cause("disk full",
					(node) -> "[Errno 28] No space left on device: '/var/cache/yum/x86_64/2/amzn2-core/packages/"
							+ "kernel-5.10.228-219.884.amzn2.x86_64.rpm.tmp" + node.hex(6) + "'"),
			cause("repository timeout",
					(node) -> "Error: Failed to download metadata for repo 'amzn2-core': Cannot download repomd.xml: "
							+ "Curl error (28): Timeout was reached for http://" + node.address()
							+ ":3128/2/core/latest/x86_64/mirror.list [Connection timed out after "
							+ (30000 + node.random().nextInt(20)) + " milliseconds]"),
			cause("dpkg lock",
					(node) -> "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process " + node.pid()
							+ " (unattended-upgr)"),
			cause("out of memory",
					(node) -> node.syslogTime() + " " + node.shortName() + " kernel: Out of memory: Killed process "
							+ node.pid() + " (java) total-vm:" + (8000000 + node.random().nextInt(900000))
							+ "kB, anon-rss:" + (4000000 + node.random().nextInt(90000))
							+ "kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:"
							+ (9000 + node.random().nextInt(900)) + "kB oom_score_adj:0"),
			cause("health check",
					(node) -> node.syslogTime() + " " + node.shortName() + " deploy[" + node.pid()
							+ "]: health check failed after " + (1 + node.random().nextInt(9)) + "."
							+ node.random().nextInt(10) + "s: curl: (7) Failed to connect to 127.0.0.1 port 8080 after "
							+ node.random().nextInt(3000) + " ms: Connection refused"),
			cause("python connection refused",
					(node) -> "requests.exceptions.ConnectionError: HTTPConnectionPool(host='" + node.address()
							+ "', port=8080): Max retries exceeded with url: /health (Caused by NewConnectionError("
							+ "'<urllib3.connection.HTTPConnection object at 0x7f" + node.hex(10)
							+ ">: Failed to establish a new connection: [Errno 111] Connection refused'))"),
			cause("powershell temp",
					(node) -> "Remove-Item : Access to the path 'C:\\Users\\ssm-user\\AppData\\Local\\Temp\\tmp"
							+ node.hex(1 + node.random().nextInt(4)).toUpperCase(Locale.ROOT) + ".tmp' is denied."),
			cause("s3 access denied",
					(node) -> "Error downloading s3://acme-artifacts/app.zip: AccessDenied: Access Denied status code: "
							+ "403, request id: " + node.hex(16).toUpperCase(Locale.ROOT) + ", host id: "
							+ Base64.getEncoder().encodeToString(node.hex(30).getBytes(StandardCharsets.US_ASCII))),
			cause("disk usage", (node) -> "disk check failed: / is " + (91 + node.random().nextInt(9)) + "% full ("
					+ node.random().nextInt(4) + "." + node.random().nextInt(10) + "G free of 40G) on /dev/nvme0n1p1"),
			cause("own host name",
					(node) -> "sudo: unable to resolve host " + node.shortName() + ": Name or service not known"),
			cause("service cannot exec",
					(node) -> "acme-api.service: Main process exited, code=exited, status=203/EXEC"),
			cause("service failed", (node) -> "acme-api.service: Main process exited, code=exited, status=1/FAILURE"),
			cause("not found", (node) -> "curl: (22) The requested URL returned error: 404"),
			cause("unavailable", (node) -> "curl: (22) The requested URL returned error: 503"),
			cause("script failed", (node) -> "failed to run commands: exit status 1"),
			cause("command not found", (node) -> "failed to run commands: exit status 127"));

	private static Map.Entry<String, Function<Node, String>> cause(String name, Function<Node, String> line) {
		return Map.entry(name, line);
	}

	static String hex(Random random, int length) {
		StringBuilder hex = new StringBuilder();
		for (int i = 0; i < length; i++) {
			hex.append(Character.forDigit(random.nextInt(16), 16));
		}
		return hex.toString();
	}

}
