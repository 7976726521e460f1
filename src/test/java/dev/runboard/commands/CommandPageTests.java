package dev.runboard.commands;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.TestInvocations;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;
import software.amazon.awssdk.services.ssm.model.Target;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command page through the real SDK against a local SSM endpoint: what ran (from
 * {@code ListCommands}), how it went and what failed and why (from the command's
 * invocations, read at most {@code runboard.commands.summary-max-pages} pages, once for a
 * final command).
 */
@RunboardTest
@WithMockUser(roles = { "USER", "OUTPUT" })
class CommandPageTests {

	static final Instant NOW = Instant.parse("2026-11-27T04:00:00Z");

	/**
	 * A finished patch run: three fine, three failing for two reasons, one never
	 * delivered.
	 */
	static final String PATCH = "0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10";

	/** A command to 150 nodes: more than two pages. */
	static final String BIG = "1c2d3e4f-0000-4000-8000-000000000150";

	/** A command still running. */
	static final String RUNNING = "2d3e4f50-0000-4000-8000-0000000000aa";

	static final String HOSTILE = "<script>alert('parameter')</script>${T(java.lang.Runtime)}";

	static final List<CommandInvocation> INVOCATIONS = invocations();

	static final SandboxData DATA = new SandboxData() {

		@Override
		public List<CommandInvocation> invocationsAt(Instant now) {
			return INVOCATIONS;
		}

		@Override
		public Optional<Command> sentCommand(String commandId, Instant now) {
			if (!commandId.equals(PATCH)) {
				return Optional.empty();
			}
			Map<String, List<String>> parameters = new LinkedHashMap<>();
			parameters.put("commands", List.of("#!/bin/bash", "set -euo pipefail", "yum -y update --security"));
			parameters.put("note", List.of(HOSTILE));
			return Optional.of(Command.builder()
				.commandId(PATCH)
				.documentName("AWS-RunShellScript")
				.documentVersion("1")
				.comment("Patch night")
				.requestedDateTime(NOW.minusSeconds(3600))
				.expiresAfter(NOW.minusSeconds(3000))
				.parameters(parameters)
				.targets(Target.builder().key("tag:Role").values("web", "api").build())
				.maxConcurrency("10%")
				.maxErrors("2")
				.timeoutSeconds(600)
				.build());
		}

	};

	static final SandboxSsmClient BACKEND = new SandboxSsmClient(DATA, Clock.fixed(NOW, ZoneOffset.UTC),
			Region.EU_WEST_1);

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.local(BACKEND);

	@Autowired
	MockMvcTester mvc;

	@Test
	void thePageShowsWhatRanFromOneListCommandsCallBeforeReadingAnyInvocation() {
		Document page = page("/commands/" + PATCH);

		assertThat(page.selectFirst("[data-command-page]").attr("data-command-id")).isEqualTo(PATCH);
		assertThat(page.selectFirst("[data-parameter=commands]").wholeText())
			.isEqualTo("#!/bin/bash\nset -euo pipefail\nyum -y update --security");
		assertThat(page.selectFirst("[data-targets]").text()).contains("tag:Role = web, api");
		assertThat(page.selectFirst("[data-max-concurrency]").text()).contains("10%");
		assertThat(page.selectFirst("[data-max-errors]").text()).contains("2");
		assertThat(page.selectFirst("#summary").attr("hx-get")).isEqualTo("/commands/" + PATCH + "/summary");
		assertThat(page.selectFirst("tbody#invocations").attr("hx-get"))
			.isEqualTo("/invocations/rows?commandId=" + PATCH);
		assertThat(ssm.calls()).extracting(FakeSsmServer.Call::operation).containsExactly("ListCommands");
	}

	@Test
	void parametersAreShownAsTextNeverAsMarkup() {
		MvcTestResult result = this.mvc.get().uri("/commands/" + PATCH).exchange();

		assertThat(body(result)).doesNotContain("<script>alert").contains("&lt;script&gt;alert(");
		assertThat(Jsoup.parse(body(result)).selectFirst("[data-parameter=note]").text()).isEqualTo(HOSTILE);
	}

	@Test
	@WithMockUser(roles = "USER")
	void parametersAndFailureOutputAreHiddenFromUsersWithoutTheOutputRole() {
		Document page = page("/commands/" + PATCH);
		Document summary = summary(PATCH);

		assertThat(page.select("[data-parameter]")).isEmpty();
		assertThat(page.select("[data-output-hidden]")).isNotEmpty();
		assertThat(summary.select("[data-signature]")).extracting(Element::text)
			.containsExactly("exit 1", "DeliveryTimedOut");
		assertThat(summary.text()).doesNotContain("yum lock", "No space left");
		assertThat(summary.select("pre.sample")).isEmpty();
	}

	@Test
	void countsPerStatusAreWhatSsmReturnsForTheCommand() {
		Document summary = summary(PATCH);

		Map<String, Integer> expected = new LinkedHashMap<>();
		BACKEND.listCommandInvocations(ListCommandInvocationsRequest.builder().commandId(PATCH).build())
			.commandInvocations()
			.forEach((invocation) -> expected.merge(invocation.statusAsString(), 1, Integer::sum));
		Map<String, Integer> shown = new LinkedHashMap<>();
		summary.select("[data-status-count]")
			.forEach((count) -> shown.put(count.attr("data-status-count"), Integer.parseInt(count.attr("data-count"))));
		assertThat(shown).isEqualTo(expected).containsEntry("Success", 3).containsEntry("Failed", 3);
		assertThat(summary.select("[data-sampled]")).isEmpty();
	}

	@Test
	void failuresAreGroupedByWhatTheySayLargestFirstEachLeadingToItsNodes() {
		Document summary = summary(PATCH);

		List<Element> groups = summary.select("[data-failure-group]");
		assertThat(groups).extracting((group) -> group.attr("data-count")).containsExactly("2", "1", "1");
		assertThat(groups.get(0).selectFirst("[data-signature]").text())
			.isEqualTo("exit 1 · Error: yum lock held by pid <n> (yum-cron) since <time>; gave up after <n> s");
		assertThat(groups.get(1).selectFirst("[data-signature]").text())
			.isEqualTo("exit 1 · [Errno 28] No space left on device: '/var/cache/yum/kernel.rpm.<tmp>'");
		assertThat(groups.get(2).selectFirst("[data-signature]").text()).isEqualTo("DeliveryTimedOut");
		assertThat(groups.get(0).select(".nodes a")).extracting((link) -> link.attr("href"))
			.containsExactly("/invocations/" + PATCH + "/i-00000000000000004",
					"/invocations/" + PATCH + "/i-00000000000000005");
		assertThat(groups.get(0).selectFirst("pre.sample").text()).contains("yum lock held by pid 4121");
	}

	@Test
	void aSummaryReadsAtMostTheConfiguredPagesAndSaysSo() {
		Document summary = summary(BIG);

		assertThat(summary.select("[data-sampled]")).hasSize(1);
		assertThat(summary.selectFirst("[data-sampled]").text()).contains("100").contains("150");
		assertThat(ssm.calls("ListCommandInvocations")).hasSize(2).allSatisfy((call) -> {
			assertThat(call.body().get("CommandId").asString()).isEqualTo(BIG);
			assertThat(call.body().get("Details").asBoolean()).isTrue();
		});
	}

	@Test
	void aFinalCommandsSummaryIsReadOnce() {
		summary(PATCH);
		int first = ssm.calls("ListCommandInvocations").size();
		ssm.reset();

		Document again = summary(PATCH);

		assertThat(first).isEqualTo(1);
		assertThat(ssm.calls("ListCommandInvocations")).as("invocations read for the second view").isEmpty();
		assertThat(ssm.calls("ListCommands")).as("the command's status, checked each time").hasSize(1);
		assertThat(again.select("[data-failure-group]")).hasSize(3);
	}

	@Test
	void aRunningCommandsSummaryPollsUntilItIsFinal() {
		Document running = summary(RUNNING);
		Document finished = summary(PATCH);

		assertThat(running.selectFirst("#summary").attr("hx-trigger")).isEqualTo("every 1s");
		assertThat(running.selectFirst("#summary").attr("hx-get")).isEqualTo("/commands/" + RUNNING + "/summary");
		assertThat(running.select("[data-live]")).hasSize(1);
		assertThat(finished.selectFirst("#summary").hasAttr("hx-trigger")).isFalse();
		assertThat(finished.selectFirst("#summary").hasAttr("hx-get")).isFalse();
	}

	@Test
	void anUnknownCommandIsNotFoundAndAMalformedIdNeverReachesAws() {
		assertThat(this.mvc.get().uri("/commands/" + UUID.randomUUID())).hasStatus(404);
		ssm.reset();
		assertThat(this.mvc.get().uri("/commands/not-a-command-id")).hasStatus(400);
		assertThat(this.mvc.get().uri("/commands/not-a-command-id/summary")).hasStatus(400);
		assertThat(ssm.calls()).isEmpty();
	}

	@Test
	void theCommandsViewTheInvocationsTableAndTheDetailPageLeadToTheCommandPage() {
		assertThat(page("/commands").select("a[data-link=command]")).extracting((link) -> link.attr("href"))
			.contains("/commands/" + PATCH);
		assertThat(page("/invocations?commandId=" + PATCH).select("#invocations tr[data-command-id] td.mono a"))
			.extracting((link) -> link.attr("href"))
			.containsOnly("/commands/" + PATCH);
		assertThat(page("/invocations/" + PATCH + "/i-00000000000000001").select(".breadcrumbs a"))
			.extracting((link) -> link.attr("href"))
			.contains("/commands/" + PATCH);
	}

	Document page(String uri) {
		MvcTestResult result = this.mvc.get().uri(uri).exchange();
		assertThat(result).hasStatusOk();
		return Jsoup.parse(body(result));
	}

	Document summary(String commandId) {
		MvcTestResult result = this.mvc.get()
			.uri("/commands/" + commandId + "/summary")
			.header("HX-Request", "true")
			.exchange();
		assertThat(result).hasStatusOk();
		return Jsoup.parseBodyFragment(body(result));
	}

	static String body(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

	static List<CommandInvocation> invocations() {
		List<CommandInvocation> invocations = new ArrayList<>();
		Instant requested = NOW.minusSeconds(3600);
		invocations.add(invocation(PATCH, 1, requested, "Success", "Success", 0, "Complete!", ""));
		invocations.add(invocation(PATCH, 2, requested, "Success", "Success", 0, "Complete!", ""));
		invocations.add(invocation(PATCH, 3, requested, "Success", "Success", 0, "Complete!", ""));
		invocations.add(invocation(PATCH, 4, requested, "Failed", "Failed", 1, "Loaded plugins",
				"Error: yum lock held by pid 4121 (yum-cron) since 2026-11-27T02:14:07Z; gave up after 600 s"));
		invocations.add(invocation(PATCH, 5, requested, "Failed", "Failed", 1, "Loaded plugins",
				"Error: yum lock held by pid 30930 (yum-cron) since 2026-11-27T01:59:44Z; gave up after 600 s"));
		invocations.add(invocation(PATCH, 6, requested, "Failed", "Failed", 1, "Downloading packages:",
				"[Errno 28] No space left on device: '/var/cache/yum/kernel.rpm.tmp9972aa'"));
		invocations.add(invocation(PATCH, 7, requested, "TimedOut", "DeliveryTimedOut", -1, "", ""));
		for (int i = 0; i < 150; i++) {
			invocations.add(invocation(BIG, 100 + i, requested.minusSeconds(600), "Success", "Success", 0, "ok", ""));
		}
		invocations.add(invocation(RUNNING, 300, NOW.minusSeconds(60), "InProgress", "InProgress", -1, "", ""));
		invocations.add(invocation(RUNNING, 301, NOW.minusSeconds(60), "Success", "Success", 0, "ok", ""));
		invocations.sort((a, b) -> b.requestedDateTime().compareTo(a.requestedDateTime()));
		return List.copyOf(invocations);
	}

	static CommandInvocation invocation(String commandId, int node, Instant requested, String status, String details,
			int code, String stdout, String stderr) {
		String instanceId = String.format("i-%017d", node);
		CommandInvocation base = TestInvocations.invocation(commandId, instanceId, "AWS-RunShellScript", requested,
				status, stderr.isEmpty() ? stdout : stdout + "\n----------ERROR-------\n" + stderr);
		boolean ran = code >= 0 || "InProgress".equals(status);
		CommandPlugin plugin = base.commandPlugins()
			.get(0)
			.toBuilder()
			.statusDetails(details)
			.responseCode(code)
			.responseStartDateTime(ran ? requested.plusSeconds(node % 7) : null)
			.responseFinishDateTime(ran && !"InProgress".equals(status) ? requested.plusSeconds(30 + node) : null)
			.build();
		return base.toBuilder().statusDetails(details).commandPlugins(plugin).build();
	}

}
