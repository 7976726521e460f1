package dev.runboard.commands;

import java.time.Instant;
import java.util.List;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.PluginOutput;
import dev.runboard.aws.PluginView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
		return new InvocationView("5b0c3a2e-8f1d-4c6a-9e2b-7d4f1a0c3e91", "i-0123456789abcdef0", "web-01", "comment",
				"AWS-RunShellScript", "1", Instant.parse("2026-11-27T02:00:00Z"), status, details, null, null, false,
				null, plugins, List.of());
	}

}
