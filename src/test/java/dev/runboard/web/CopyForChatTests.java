package dev.runboard.web;

import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.TestInvocations;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The summary a command page or a filtered view writes into the page for
 * {@code button[data-copy-summary]} to copy into chat: counts per status, the largest
 * failure groups with what their output says only for users with the output role, and the
 * view's absolute link, from the address the request came to. Counting costs no SSM call
 * beyond the page's own.
 */
@RunboardTest
@WithMockUser(roles = { "USER", "OUTPUT" })
class CopyForChatTests {

	static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

	static final String PATCH = "88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10";

	static final String OTHER = "99f2c3d4-2c55-4a3e-9d61-4c1f0e2b7a10";

	static final List<CommandInvocation> INVOCATIONS = invocations();

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer
		.local(new SandboxSsmClient((now) -> INVOCATIONS, Clock.fixed(NOW, ZoneOffset.UTC), Region.EU_WEST_1));

	@Autowired
	MockMvcTester mvc;

	static List<CommandInvocation> invocations() {
		List<CommandInvocation> invocations = new ArrayList<>();
		String[] outputs = { "patched", "patched", "patched", "E: lock held by pid 4121", "E: lock held by pid 977",
				"" };
		String[] statuses = { "Success", "Success", "Success", "Failed", "Failed", "TimedOut" };
		for (int i = 0; i < outputs.length; i++) {
			invocations.add(TestInvocations.invocation(PATCH, String.format("i-%017d", i), "AWS-RunPatchBaseline",
					NOW.minusSeconds(600 + i), statuses[i], outputs[i]));
		}
		invocations.add(TestInvocations.invocation(OTHER, "i-00000000000000099", "AWS-RunShellScript",
				NOW.minusSeconds(60), "Success", "ok"));
		return invocations;
	}

	@Test
	void aCommandsSummaryCountsItsInvocationsAndGroupsWhatFailedByItsOutput() {
		String summary = summary(command(), "markdown");
		assertThat(summary).startsWith("**Command " + PATCH + "** · AWS-RunPatchBaseline · “test command” · eu-west-1")
			.contains("6 invocations: 3 Success, 2 Failed, 1 TimedOut")
			.contains("Largest failure groups:\n\n- 2 nodes: exit 1 · `E: lock held by pid <n>`\n- 1 node: TimedOut")
			.endsWith("[Open in Runboard](https://runboard.example.com/commands/" + PATCH + ")");
		assertThat(summary(command(), "text")).contains("• 2 nodes: exit 1 · E: lock held by pid <n>")
			.endsWith("\nhttps://runboard.example.com/commands/" + PATCH);
	}

	@Test
	@WithMockUser(roles = "USER")
	void withoutTheOutputRoleTheSummaryTellsHowNodesEndedButNothingTheyPrinted() {
		Document command = command();
		for (String form : List.of("markdown", "text")) {
			assertThat(summary(command, form)).contains("2 nodes: exit 1")
				.contains("1 node: TimedOut")
				.doesNotContain("lock held");
		}
		Document invocations = page("/invocations?status=problems");
		assertThat(summary(invocations, "markdown")).contains("2 invocations: exit 1").doesNotContain("lock held");
	}

	@Test
	void aFilteredViewCountsTheRowsOfItsFirstPageAndSaysWhenThereAreMore() {
		ssm.reset();
		Document all = page("/invocations?status=problems");
		assertThat(ssm.calls()).as("the page's own calls, one per status").hasSize(3);
		assertThat(summary(all, "markdown")).startsWith("**Problem invocations · eu-west-1**")
			.contains("3 invocations: 2 Failed, 1 TimedOut")
			.doesNotContain("Counted")
			.contains("- 2 invocations: exit 1 · `E: lock held by pid <n>`")
			.endsWith("(https://runboard.example.com/invocations?status=problems)");

		assertThat(summary(page("/invocations?pageSize=2"), "text")).startsWith(
				"Invocations · eu-west-1\n2 invocations: 2 Success\nCounted: the newest 2; the view lists more.");
	}

	@Test
	void theCommandsViewCountsItsCommandsAndNamesThoseWithTheMostFailedNodes() {
		String summary = summary(page("/commands"), "text");
		assertThat(summary).startsWith("Commands · eu-west-1\n2 commands: ")
			.contains("Most failed nodes:\n• 2 of 6 nodes failed: AWS-RunPatchBaseline · command 88e1b2f2…")
			.endsWith("\nhttps://runboard.example.com/commands");
	}

	private Document command() {
		return Jsoup.parse(body(this.mvc.get()
			.uri("https://runboard.example.com:443/commands/" + PATCH + "/summary")
			.header("HX-Request", "true")
			.exchange()));
	}

	private Document page(String path) {
		return Jsoup.parse(body(this.mvc.get().uri("https://runboard.example.com:443" + path).exchange()));
	}

	private static String summary(Document page, String form) {
		assertThat(page.select("[data-chat-summary] button[data-copy-summary=" + form + "]")).hasSize(1);
		return page.selectFirst("[data-chat-summary] textarea[data-summary=" + form + "]").wholeText();
	}

	private static String body(MvcTestResult result) {
		assertThat(result).hasStatusOk();
		try {
			return result.getResponse().getContentAsString();
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
