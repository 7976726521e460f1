package dev.runboard.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A summary for chat in its two forms: Markdown whose every value stays text on its line,
 * and plain text that Slack shows as it is.
 */
class ChatSummaryTests {

	static final ChatSummary PATCH_RUN = new ChatSummary("Command 88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10",
			List.of("AWS-RunPatchBaseline", "“Patch night”", "eu-west-1", "Failed"),
			"120 invocations: 100 Success, 12 Failed, 5 TimedOut, 3 Cancelled", List.of("Still running."),
			"Largest failure groups",
			List.of(new ChatSummary.Group("8 nodes", "exit 1", "E: Could not get lock /var/lib/dpkg/lock-frontend"),
					new ChatSummary.Group("4 nodes", "ExecutionTimedOut", null)),
			"https://runboard.example.com/commands/88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10");

	@Test
	void markdownSaysWhatRanHowItWentWhatFailedAndLinksToIt() {
		assertThat(PATCH_RUN.markdown()).isEqualTo(
				"""
						**Command 88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10** · AWS-RunPatchBaseline · “Patch night” · eu-west-1 · Failed

						120 invocations: 100 Success, 12 Failed, 5 TimedOut, 3 Cancelled \s
						Still running.

						Largest failure groups:

						- 8 nodes: exit 1 · `E: Could not get lock /var/lib/dpkg/lock-frontend`
						- 4 nodes: ExecutionTimedOut

						[Open in Runboard](https://runboard.example.com/commands/88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10)""");
	}

	@Test
	void plainTextIsLinesBulletsAndABareLink() {
		assertThat(PATCH_RUN.text()).isEqualTo("""
				Command 88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10 · AWS-RunPatchBaseline · “Patch night” · eu-west-1 · Failed
				120 invocations: 100 Success, 12 Failed, 5 TimedOut, 3 Cancelled
				Still running.
				Largest failure groups:
				• 8 nodes: exit 1 · E: Could not get lock /var/lib/dpkg/lock-frontend
				• 4 nodes: ExecutionTimedOut
				https://runboard.example.com/commands/88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10""");
	}

	@Test
	void whatACommandSaysStaysTextOnItsLine() {
		ChatSummary summary = new ChatSummary("Command x",
				List.of("**bold** [link](https://evil.example) <b>\n# heading"), "1 invocation: 1 Failed", List.of(),
				"Largest failure groups",
				List.of(new ChatSummary.Group("1 node", "exit 1", "use `rm -rf` ``here``\u2028- item\u202Eevil")),
				"https://runboard.example.com/invocations?status=Failed&document=a(b)");
		String markdown = summary.markdown();
		assertThat(markdown).contains("· \\*\\*bold\\*\\* \\[link\\](https://evil.example) \\<b\\> \\# heading",
				"- 1 node: exit 1 · ```use `rm -rf` ``here`` - item evil```",
				"[Open in Runboard](https://runboard.example.com/invocations?status=Failed&document=a%28b%29)");
		assertThat(markdown.lines()).hasSize(9);
		assertThat(summary.text().lines()).hasSize(5).contains("• 1 node: exit 1 · use `rm -rf` ``here`` - item evil");
	}

	@Test
	void aCodeSpanThatStartsOrEndsWithABacktickIsPadded() {
		assertThat(ChatSummary.code("`x`")).isEqualTo("`` `x` ``");
		assertThat(ChatSummary.code("plain")).isEqualTo("`plain`");
	}

	@Test
	void withoutGroupsThereIsNoHeadingForThem() {
		ChatSummary summary = new ChatSummary("Invocations · eu-west-1", List.of(), "No invocations match.", List.of(),
				"Largest failure groups", List.of(), "http://localhost/invocations");
		assertThat(summary.markdown()).doesNotContain("groups");
		assertThat(summary.text())
			.isEqualTo("Invocations · eu-west-1\nNo invocations match.\nhttp://localhost/invocations");
	}

}
