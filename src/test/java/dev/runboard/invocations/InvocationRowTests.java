package dev.runboard.invocations;

import java.time.Instant;
import java.util.List;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.PluginOutput;
import dev.runboard.aws.PluginView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A folded output block shows the line that tells why a row failed, and nothing that does
 * not: in a failed row, the plugin that failed tells, not a step skipped before it.
 */
class InvocationRowTests {

	static final PluginView SKIPPED = plugin("PatchWindows", "Success", 0,
			"Step execution skipped due to unsatisfied preconditions. Step name: PatchWindows", "");

	static final PluginView YUM_LOCK = plugin("PatchLinux", "Failed", 1, "Loaded plugins: extras_suggestions\n",
			"Error: yum lock held by pid 4121 (yum-cron); gave up after 600 s\n");

	@Test
	void inAFailedRowOnlyThePluginThatFailedShowsItsTellingLine() {
		InvocationRow row = new InvocationRow(null, invocation("Failed", "Failed", List.of(SKIPPED, YUM_LOCK)), true);

		assertThat(row.tellingLine(SKIPPED)).as("the step skipped on Linux").isNull();
		assertThat(row.tellingLine(YUM_LOCK))
			.isEqualTo("Error: yum lock held by pid 4121 (yum-cron); gave up after 600 s");
	}

	@Test
	void inARowThatSucceededEveryPluginShowsItsLastLine() {
		PluginView linux = plugin("PatchLinux", "Success", 0, "Installed 12 packages\nComplete!\n", "");
		InvocationRow row = new InvocationRow(null, invocation("Success", "Success", List.of(SKIPPED, linux)), true);

		assertThat(row.tellingLine(SKIPPED)).startsWith("Step execution skipped");
		assertThat(row.tellingLine(linux)).isEqualTo("Complete!");
	}

	private static PluginView plugin(String name, String status, int code, String stdout, String stderr) {
		Instant start = Instant.parse("2026-12-06T22:00:00Z");
		return new PluginView(name, status, status, code, start, start.plusSeconds(5),
				new PluginOutput(stdout, stderr, false), null, List.of(), null, null);
	}

	private static InvocationView invocation(String status, String details, List<PluginView> plugins) {
		return new InvocationView("5b0c3a2e-8f1d-4c6a-9e2b-7d4f1a0c3e91", "i-0123456789abcdef0", "app-004",
				"Patch night wave 2", "AWS-RunPatchBaseline", "1", Instant.parse("2026-12-06T22:00:00Z"), status,
				details, null, null, false, null, plugins, List.of());
	}

}
