package dev.runboard.invocations;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.FakeSsmServer.Call;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.SettableClock;
import dev.runboard.testing.TestInvocations;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is not final refreshes itself until it is, and then stops: the detail page, an
 * invocation row and a command row, each polling with htmx for one cheap list call. The
 * local SSM endpoint's data moves with a clock the tests set, so an invocation finishes
 * exactly between two requests.
 */
@RunboardTest
@WithMockUser(roles = { "USER", "OUTPUT" })
class LiveStatusTests {

	static final Instant REQUESTED = Instant.parse("2026-11-20T12:00:00Z");

	static final Instant FINISHES = REQUESTED.plusSeconds(180);

	static final String PATCH = "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d";

	/** Still patching until {@link #FINISHES}, then Success. */
	static final String RUNNING_NODE = "i-0aaaaaaaaaaaaaaa1";

	/** Already done. */
	static final String DONE_NODE = "i-0bbbbbbbbbbbbbbb2";

	static final String PATCH_LOG = patchLog(10_000);

	static final SettableClock clock = new SettableClock(REQUESTED);

	static final SandboxData DATA = new SandboxData() {

		@Override
		public List<CommandInvocation> invocationsAt(Instant now) {
			boolean running = now.isBefore(FINISHES);
			return List.of(running ? running() : finished(), TestInvocations.invocation(PATCH, DONE_NODE,
					"AWS-RunPatchBaseline", REQUESTED, "Success", "Complete!"));
		}

		@Override
		public Optional<FullOutput> fullOutput(String commandId, String instanceId, String pluginName, Instant now) {
			return (instanceId.equals(RUNNING_NODE) && !now.isBefore(FINISHES))
					? Optional.of(new FullOutput(PATCH_LOG, "")) : Optional.empty();
		}

	};

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.local(new SandboxSsmClient(DATA, clock, Region.EU_WEST_1));

	@Autowired
	MockMvcTester mvc;

	@BeforeEach
	void reset() {
		clock.set(FINISHES.minusSeconds(60));
	}

	@Test
	void detailPageOfARunningInvocationCostsOneListCallAndPollsItself() {
		MvcTestResult result = this.mvc.get().uri("/invocations/{c}/{i}", PATCH, RUNNING_NODE).exchange();

		assertThat(result).hasStatusOk();
		assertThat(String.join(",", result.getResponse().getHeaders("Vary"))).contains("HX-Request");
		Element live = document(result).selectFirst("section#live");
		assertThat(live.attr("data-status")).isEqualTo("InProgress");
		assertThat(live.hasAttr("data-running")).as("marked as still changing").isTrue();
		assertThat(live.attr("hx-get")).isEqualTo("/invocations/" + PATCH + "/" + RUNNING_NODE);
		assertThat(live.attr("hx-trigger")).isEqualTo("every 1s");
		assertThat(live.attr("hx-swap")).isEqualTo("outerHTML");
		assertThat(live.select("[data-live]")).hasSize(1);
		assertThat(live.selectFirst("pre.stdout").wholeText()).isEqualTo(PATCH_LOG.substring(0, 400));
		assertThat(ssm.calls()).extracting(Call::operation).containsExactly("ListCommandInvocations");
	}

	@Test
	void pollWhileRunningAnswersWithTheLiveSectionAloneAndKeepsPolling() {
		MvcTestResult result = poll("/invocations/" + PATCH + "/" + RUNNING_NODE);

		assertThat(result).hasStatusOk();
		assertThat(String.join(",", result.getResponse().getHeaders("Vary"))).contains("HX-Request");
		Document fragment = document(result);
		assertThat(fragment.body().children()).singleElement()
			.satisfies((section) -> assertThat(section.id()).isEqualTo("live"));
		assertThat(fragment.select("header.top, nav.breadcrumbs, main, title")).isEmpty();
		assertThat(fragment.selectFirst("section#live").attr("hx-trigger")).isEqualTo("every 1s");
		assertThat(ssm.calls()).extracting(Call::operation).containsExactly("ListCommandInvocations");
		Call call = ssm.calls().get(0);
		assertThat(call.body().get("CommandId").asString()).isEqualTo(PATCH);
		assertThat(call.body().get("InstanceId").asString()).isEqualTo(RUNNING_NODE);
	}

	@Test
	void pollOnceFinalStopsPollingAndShowsTheWholeOutput() {
		assertThat(poll("/invocations/" + PATCH + "/" + RUNNING_NODE)).hasStatusOk();
		clock.set(FINISHES);
		ssm.reset();

		MvcTestResult result = poll("/invocations/" + PATCH + "/" + RUNNING_NODE);

		assertThat(result).hasStatusOk();
		Element live = document(result).selectFirst("section#live");
		assertThat(live.attr("data-status")).isEqualTo("Success");
		assertThat(live.hasAttr("data-running")).isFalse();
		assertThat(live.hasAttr("hx-trigger")).isFalse();
		assertThat(live.hasAttr("hx-get")).isFalse();
		assertThat(live.select("[data-live], [data-truncated]")).isEmpty();
		assertThat(live.selectFirst("pre.stdout").wholeText()).isEqualTo(PATCH_LOG);
		assertThat(ssm.calls()).extracting(Call::operation)
			.containsExactly("ListCommandInvocations", "GetCommandInvocation");
	}

	@Test
	void rowOfARunningInvocationCostsOneListCallAndPollsItself() {
		MvcTestResult result = this.mvc.get().uri("/invocations/{c}/{i}/row", PATCH, RUNNING_NODE).exchange();

		assertThat(result).hasStatusOk();
		Element row = row(result);
		assertThat(row.attr("data-command-id")).isEqualTo(PATCH);
		assertThat(row.attr("data-instance-id")).isEqualTo(RUNNING_NODE);
		assertThat(row.attr("data-status")).isEqualTo("InProgress");
		assertThat(row.hasAttr("data-running")).as("marked as still changing").isTrue();
		assertThat(row.attr("hx-get")).isEqualTo("/invocations/" + PATCH + "/" + RUNNING_NODE + "/row");
		assertThat(row.attr("hx-trigger")).isEqualTo("every 1s");
		assertThat(row.attr("hx-swap")).isEqualTo("outerHTML");
		assertThat(ssm.calls()).extracting(Call::operation).containsExactly("ListCommandInvocations");
	}

	@Test
	void rowStopsPollingOnceFinal() {
		assertThat(row(this.mvc.get().uri("/invocations/{c}/{i}/row", PATCH, RUNNING_NODE).exchange())
			.hasAttr("hx-trigger")).isTrue();
		clock.set(FINISHES);
		ssm.reset();

		Element row = row(this.mvc.get().uri("/invocations/{c}/{i}/row", PATCH, RUNNING_NODE).exchange());

		assertThat(row.attr("data-status")).isEqualTo("Success");
		assertThat(row.hasAttr("data-running")).isFalse();
		assertThat(row.hasAttr("hx-trigger")).isFalse();
		assertThat(row.hasAttr("hx-get")).isFalse();
		assertThat(ssm.calls()).extracting(Call::operation).containsExactly("ListCommandInvocations");
	}

	@Test
	void rowWithoutDetailsKeepsPollingWithoutDetails() {
		Element row = row(this.mvc.get().uri("/invocations/{c}/{i}/row?details=false", PATCH, RUNNING_NODE).exchange());

		assertThat(row.attr("hx-get")).isEqualTo("/invocations/" + PATCH + "/" + RUNNING_NODE + "/row?details=false");
		assertThat(row.select("pre")).isEmpty();
	}

	@Test
	void invocationsTableMakesOnlyRunningRowsPoll() {
		Document page = document(this.mvc.get().uri("/invocations?commandId={c}", PATCH).exchange());

		Element running = page.selectFirst("tr[data-instance-id=" + RUNNING_NODE + "]");
		assertThat(running.attr("hx-get")).isEqualTo("/invocations/" + PATCH + "/" + RUNNING_NODE + "/row");
		assertThat(running.attr("hx-trigger")).isEqualTo("every 1s");
		Element done = page.selectFirst("tr[data-instance-id=" + DONE_NODE + "]");
		assertThat(done.hasAttr("hx-get")).isFalse();
		assertThat(done.hasAttr("hx-trigger")).isFalse();
	}

	@Test
	void rowWhosePollFailsStaysAsItWasAndKeepsPolling() {
		ssm.failNext(1, 400, "AccessDeniedException", "not authorized to perform: ssm:ListCommandInvocations");

		MvcTestResult result = this.mvc.get()
			.uri("/invocations/{c}/{i}/row", PATCH, RUNNING_NODE)
			.header("HX-Request", "true")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_GATEWAY);
		assertThat(result).headers().hasValue("HX-Reswap", "none");
		Element row = rows(result).selectFirst("tr");
		assertThat(row).as("a table row, should htmx swap it after all").isNotNull();
		assertThat(row.text()).contains("ssm:ListCommandInvocations");
	}

	@Test
	void commandRowOfARunningCommandCostsOneListCommandsCallAndPollsItself() {
		MvcTestResult result = this.mvc.get().uri("/commands/{c}/row", PATCH).exchange();

		assertThat(result).hasStatusOk();
		Element row = row(result);
		assertThat(row.attr("data-command-id")).isEqualTo(PATCH);
		assertThat(row.attr("data-status")).isEqualTo("InProgress");
		assertThat(row.hasAttr("data-running")).as("marked as still changing").isTrue();
		assertThat(row.attr("hx-get")).isEqualTo("/commands/" + PATCH + "/row");
		assertThat(row.attr("hx-trigger")).isEqualTo("every 1s");
		assertThat(row.selectFirst("[data-count=completed]").text()).isEqualTo("1");
		assertThat(ssm.calls()).extracting(Call::operation).containsExactly("ListCommands");
		Call call = ssm.calls().get(0);
		assertThat(call.body().get("CommandId").asString()).isEqualTo(PATCH);
		assertThat(call.body().has("Filters")).isFalse();
	}

	@Test
	void commandRowStopsPollingOnceFinal() {
		clock.set(FINISHES);

		Element row = row(this.mvc.get().uri("/commands/{c}/row", PATCH).exchange());

		assertThat(row.attr("data-status")).isEqualTo("Success");
		assertThat(row.hasAttr("data-running")).isFalse();
		assertThat(row.hasAttr("hx-trigger")).isFalse();
		assertThat(row.hasAttr("hx-get")).isFalse();
		assertThat(row.selectFirst("[data-count=completed]").text()).isEqualTo("2");
		assertThat(ssm.calls("ListCommands")).hasSize(1);
	}

	@Test
	void commandsTableMakesRunningCommandsPoll() {
		Element row = document(this.mvc.get().uri("/commands").exchange())
			.selectFirst("tr[data-command-id=" + PATCH + "]");

		assertThat(row.attr("hx-get")).isEqualTo("/commands/" + PATCH + "/row");
		assertThat(row.attr("hx-trigger")).isEqualTo("every 1s");
	}

	@Test
	void commandRowWhosePollFailsStaysAsItWasAndKeepsPolling() {
		ssm.failNext(1, 400, "AccessDeniedException", "not authorized to perform: ssm:ListCommands");

		MvcTestResult result = this.mvc.get().uri("/commands/{c}/row", PATCH).header("HX-Request", "true").exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_GATEWAY);
		assertThat(result).headers().hasValue("HX-Reswap", "none");
	}

	private MvcTestResult poll(String uri) {
		return this.mvc.get().uri(uri).header("HX-Request", "true").exchange();
	}

	private static Document document(MvcTestResult result) {
		return Jsoup.parse(text(result));
	}

	/** Table rows as htmx swaps them in: an HTML parser drops rows outside a table. */
	private static Element rows(MvcTestResult result) {
		return Jsoup.parse("<table><tbody id=\"fragment\">" + text(result) + "</tbody></table>")
			.getElementById("fragment");
	}

	private static Element row(MvcTestResult result) {
		assertThat(result).hasStatusOk();
		return rows(result).select("tr[data-command-id]").get(0);
	}

	private static String text(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

	private static CommandInvocation running() {
		return TestInvocations
			.invocation(PATCH, RUNNING_NODE, "AWS-RunPatchBaseline", REQUESTED, "InProgress",
					PATCH_LOG.substring(0, 400))
			.toBuilder()
			.commandPlugins(CommandPlugin.builder()
				.name("PatchLinux")
				.status("InProgress")
				.statusDetails("InProgress")
				.responseCode(-1)
				.responseStartDateTime(REQUESTED.plusSeconds(2))
				.output(PATCH_LOG.substring(0, 400))
				.standardOutputUrl("")
				.standardErrorUrl("")
				.build())
			.build();
	}

	private static CommandInvocation finished() {
		String marker = "\n---Output truncated---";
		return TestInvocations
			.invocation(PATCH, RUNNING_NODE, "AWS-RunPatchBaseline", REQUESTED, "Success",
					PATCH_LOG.substring(0, 2_500 - marker.length()) + marker)
			.toBuilder()
			.commandPlugins(CommandPlugin.builder()
				.name("PatchLinux")
				.status("Success")
				.statusDetails("Success")
				.responseCode(0)
				.responseStartDateTime(REQUESTED.plusSeconds(2))
				.responseFinishDateTime(FINISHES)
				.output(PATCH_LOG.substring(0, 2_500 - marker.length()) + marker)
				.standardOutputUrl("")
				.standardErrorUrl("")
				.build())
			.build();
	}

	private static String patchLog(int length) {
		StringBuilder log = new StringBuilder();
		for (int i = 1; log.length() < length; i++) {
			log.append(String.format("Updating   : kernel-tools-5.10.%d-100.amzn2.x86_64          %d/400%n", i, i));
		}
		return log.substring(0, length);
	}

}
