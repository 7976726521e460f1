package dev.runboard.commands;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.FakeSsmServer.Call;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.TestInvocations;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands view, {@code /commands}: {@code ListCommands} through the real SDK from a
 * local SSM endpoint, one call per page, each command with its counts and links to its
 * invocations.
 */
@RunboardTest
@WithMockUser(roles = { "USER", "OUTPUT" })
class CommandsViewTests {

	static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

	/**
	 * Six targets: two succeeded, one failed, one timed out running, one never got the
	 * command, one still running.
	 */
	static final String MIXED = "4d3c2b1a-0f9e-4d8c-b7a6-958473625140";

	/** Three targets, all succeeded. */
	static final String CLEAN = "8a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d";

	static final List<CommandInvocation> INVOCATIONS = Stream
		.of(mixed(), clean(), TestInvocations.generate(80, NOW.minusSeconds(3_600)))
		.flatMap(List::stream)
		.toList();

	/** Every command ID, newest first, as SSM lists them. */
	static final List<String> COMMANDS = INVOCATIONS.stream().map(CommandInvocation::commandId).distinct().toList();

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.listing(INVOCATIONS);

	@Autowired
	MockMvcTester mvc;

	@Test
	void firstPageIsOneListCommandsCallWithoutFilters() {
		assertThat(this.mvc.get().uri("/commands")).hasStatusOk();

		assertThat(ssm.calls()).extracting(Call::operation).containsExactly("ListCommands");
		JsonNode body = ssm.calls().get(0).body();
		assertThat(body.get("MaxResults").asInt()).isEqualTo(50);
		assertThat(body.has("Filters")).isFalse();
		assertThat(body.has("NextToken")).isFalse();
		assertThat(body.has("CommandId")).isFalse();
	}

	@Test
	void everyFilterBecomesOneListCommandsFilter() {
		assertThat(this.mvc.get()
			.uri("/commands?status=failed&document=AWS-RunShellScript&after=2026-11-19&before=2026-11-20T12:00"
					+ "&executionStage=complete&pageSize=20"))
			.hasStatusOk();

		assertThat(ssm.calls()).hasSize(1);
		JsonNode body = ssm.calls().get(0).body();
		assertThat(body.get("MaxResults").asInt()).isEqualTo(20);
		assertThat(filters(body)).containsExactlyInAnyOrderEntriesOf(
				Map.of("InvokedAfter", "2026-11-19T00:00:00Z", "InvokedBefore", "2026-11-20T12:00:00Z", "Status",
						"Failed", "DocumentName", "AWS-RunShellScript", "ExecutionStage", "Complete"));
	}

	@Test
	void executingStageListsOnlyCommandsStillRunning() {
		Element page = page("/commands?executionStage=Executing");

		assertThat(filters(ssm.calls().get(0).body())).containsExactly(Map.entry("ExecutionStage", "Executing"));
		assertThat(page.select("tr[data-command-id]")).isNotEmpty()
			.allSatisfy((row) -> assertThat(row.attr("data-status")).isIn("Pending", "InProgress"));
		assertThat(page.select("tr[data-command-id=" + MIXED + "]")).hasSize(1);
		assertThat(page.select("tr[data-command-id=" + CLEAN + "]")).isEmpty();
	}

	@Test
	void completeStageListsOnlyFinishedCommands() {
		Element page = page("/commands?executionStage=Complete");

		assertThat(filters(ssm.calls().get(0).body())).containsExactly(Map.entry("ExecutionStage", "Complete"));
		assertThat(page.select("tr[data-command-id]")).isNotEmpty()
			.allSatisfy((row) -> assertThat(row.attr("data-status")).isNotIn("Pending", "InProgress"));
		assertThat(page.select("tr[data-command-id=" + CLEAN + "]")).hasSize(1);
	}

	@Test
	void scrollingFetchesEveryCommandExactlyOnceUntilTheEnd() {
		Element page = page("/commands?pageSize=10");
		List<String> seen = new ArrayList<>(commandIds(page));
		Optional<Element> sentinel = sentinel(page);
		int pages = 1;
		while (sentinel.isPresent()) {
			Element rows = rows(this.mvc.get().uri(URI.create(sentinel.get().attr("hx-get"))).exchange());
			seen.addAll(commandIds(rows));
			sentinel = sentinel(rows);
			pages++;
			if (sentinel.isEmpty()) {
				assertThat(rows.select("[data-end]")).hasSize(1);
			}
		}

		assertThat(seen).containsExactlyElementsOf(COMMANDS);
		assertThat(pages).isEqualTo(3);
		List<Call> calls = ssm.calls();
		assertThat(calls).hasSize(3).allSatisfy((call) -> {
			assertThat(call.operation()).isEqualTo("ListCommands");
			assertThat(call.body().get("MaxResults").asInt()).isEqualTo(10);
		});
		assertThat(calls.get(0).body().has("NextToken")).isFalse();
		assertThat(calls.subList(1, 3)).allSatisfy((call) -> assertThat(call.body().has("NextToken")).isTrue());
	}

	@Test
	void scrollRequestCarriesTheFiltersAndThePageToken() {
		Element page = page("/commands?document=AWS-RunShellScript&pageSize=5");
		String next = sentinel(page).orElseThrow().attr("hx-get");

		assertThat(next).startsWith("/commands/rows?document=AWS-RunShellScript&pageSize=5&nextToken=");
		assertThat(this.mvc.get().uri(URI.create(next))).hasStatusOk();
		JsonNode first = ssm.calls().get(0).body();
		JsonNode second = ssm.calls().get(1).body();
		assertThat(filters(second)).isEqualTo(filters(first)).containsEntry("DocumentName", "AWS-RunShellScript");
		assertThat(second.get("MaxResults").asInt()).isEqualTo(5);
		assertThat(second.get("NextToken").asString()).isEqualTo(next.substring(next.indexOf("nextToken=") + 10));
	}

	@Test
	void lastPageEndsTheResultsWithoutASentinel() {
		Element page = page("/commands?document=AWS-RunShellScript&status=Success");

		assertThat(sentinel(page)).isEmpty();
		assertThat(page.select("[data-end]")).hasSize(1);
		assertThat(ssm.calls()).hasSize(1);
	}

	@Test
	void rowShowsTheCountsAndProgressOfItsTargets() {
		Element row = row(page("/commands"), MIXED);

		assertThat(row.selectFirst("[data-count=target]").text()).isEqualTo("6");
		assertThat(row.selectFirst("[data-count=completed]").text()).isEqualTo("5");
		assertThat(row.selectFirst("[data-count=error]").text()).isEqualTo("2");
		assertThat(row.selectFirst("[data-count=delivery-timed-out]").text()).isEqualTo("1");
		Element progress = row.selectFirst("progress");
		assertThat(progress.attr("value")).isEqualTo("5");
		assertThat(progress.attr("max")).isEqualTo("6");
		assertThat(progress.text()).isEqualTo("83%");
	}

	@Test
	void cleanCommandCountsNoErrors() {
		Element row = row(page("/commands"), CLEAN);

		assertThat(row.attr("data-status")).isEqualTo("Success");
		assertThat(row.selectFirst("[data-count=target]").text()).isEqualTo("3");
		assertThat(row.selectFirst("[data-count=completed]").text()).isEqualTo("3");
		assertThat(row.selectFirst("[data-count=error]").text()).isEqualTo("0");
		assertThat(row.selectFirst("[data-count=delivery-timed-out]").text()).isEqualTo("0");
	}

	@Test
	void everyCommandLinksToItsInvocations() {
		Element page = page("/commands");

		assertThat(page.select("tr[data-command-id]"))
			.allSatisfy((row) -> assertThat(row.selectFirst("a[data-link=invocations]").attr("href"))
				.isEqualTo("/invocations?commandId=" + row.attr("data-command-id")));
	}

	@Test
	void commandWithErrorsLinksToItsFailedInvocations() {
		Element page = page("/commands");

		assertThat(row(page, MIXED).selectFirst("a[data-link=failed-invocations]").attr("href"))
			.isEqualTo("/invocations?commandId=" + MIXED + "&status=Failed");
		assertThat(row(page, CLEAN).select("a[data-link=failed-invocations], a[data-link=timed-out-invocations]"))
			.isEmpty();
	}

	@Test
	void failedLinkListsOnlyTheFailedInvocationsOfThatCommand() {
		String href = row(page("/commands"), MIXED).selectFirst("a[data-link=failed-invocations]").attr("href");

		Element invocations = page(href);

		assertThat(invocations.select("tr[data-command-id]")).singleElement().satisfies((row) -> {
			assertThat(row.attr("data-command-id")).isEqualTo(MIXED);
			assertThat(row.attr("data-status")).isEqualTo("Failed");
		});
	}

	@Test
	void deliveryTimedOutLinkListsExactlyTheTargetsCountedAsDeliveryTimedOut() {
		Element row = row(page("/commands"), MIXED);
		String href = row.selectFirst("a[data-link=timed-out-invocations]").attr("href");

		Element invocations = page(href);

		assertThat(invocations.select("tr[data-command-id]"))
			.hasSize(Integer.parseInt(row.selectFirst("[data-count=delivery-timed-out]").text()))
			.allSatisfy((target) -> assertThat(target.attr("data-instance-id")).isEqualTo(node(4)));
	}

	@Test
	void unknownStatusIsRejectedWithoutCallingAws() {
		MvcTestResult result = this.mvc.get().uri("/commands?status=Bogus").exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		Element page = document(result);
		assertThat(page.selectFirst("p.parameter code").text()).isEqualTo("status");
		assertThat(page.selectFirst("p.message").text())
			.contains("Pending, InProgress, Success, Cancelled, Failed, TimedOut, Cancelling");
		assertThat(ssm.calls()).isEmpty();
	}

	@Test
	void invocationOnlyStatusIsRejectedForCommandsWithoutCallingAws() {
		assertThat(this.mvc.get().uri("/commands?status=DeliveryTimedOut")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyText()
			.contains("status");
		assertThat(ssm.calls()).isEmpty();
	}

	@Test
	void unknownExecutionStageIsRejectedWithoutCallingAws() {
		MvcTestResult result = this.mvc.get().uri("/commands?executionStage=Running").exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		Element page = document(result);
		assertThat(page.selectFirst("p.parameter code").text()).isEqualTo("executionStage");
		assertThat(page.selectFirst("p.message").text()).contains("Executing, Complete");
		assertThat(ssm.calls()).isEmpty();
	}

	@Test
	void invalidValuesInAScrollOrFilterRequestAreRejectedWithoutCallingAws() {
		assertThat(this.mvc.get().uri("/commands/rows?executionStage=Done&nextToken=abc"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyText()
			.contains("executionStage");
		assertThat(this.mvc.get().uri("/commands?status=Bogus").header("HX-Request", "true"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyText()
			.contains("status")
			.doesNotContain("<html");
		assertThat(this.mvc.get().uri("/commands/{c}/row", "not-a-command-id")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyText()
			.contains("commandId");
		assertThat(ssm.calls()).isEmpty();
	}

	@Test
	void filterChangeAnswersWithTheResultsAndPushesTheCanonicalLink() {
		MvcTestResult result = this.mvc.get()
			.uri("/commands?status=failed&document=&executionStage=Complete&after=")
			.header("HX-Request", "true")
			.exchange();

		assertThat(result).hasStatusOk()
			.headers()
			.hasValue("HX-Push-Url", "/commands?status=Failed&executionStage=Complete");
		assertThat(document(result).body().children()).singleElement()
			.satisfies((section) -> assertThat(section.id()).isEqualTo("results"));
	}

	private Element page(String uri) {
		MvcTestResult result = this.mvc.get().uri(URI.create(uri)).exchange();
		assertThat(result).hasStatusOk();
		return document(result);
	}

	private static Document document(MvcTestResult result) {
		return Jsoup.parse(text(result));
	}

	/** Table rows as htmx swaps them in: an HTML parser drops rows outside a table. */
	private static Element rows(MvcTestResult result) {
		assertThat(result).hasStatusOk();
		return Jsoup.parse("<table><tbody id=\"fragment\">" + text(result) + "</tbody></table>")
			.getElementById("fragment");
	}

	private static String text(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

	private static Element row(Element page, String commandId) {
		Element row = page.selectFirst("tr[data-command-id=" + commandId + "]");
		assertThat(row).as("row of command %s", commandId).isNotNull();
		return row;
	}

	private static List<String> commandIds(Element scope) {
		return scope.select("tr[data-command-id]").stream().map((row) -> row.attr("data-command-id")).toList();
	}

	/** The infinite-scroll sentinel: asks for the next page of commands when revealed. */
	private static Optional<Element> sentinel(Element scope) {
		return scope.select("[hx-get^=/commands/rows?]")
			.stream()
			.filter((element) -> element.attr("hx-trigger").contains("revealed"))
			.findFirst();
	}

	private static Map<String, String> filters(JsonNode body) {
		Map<String, String> filters = new LinkedHashMap<>();
		if (body.has("Filters")) {
			body.get("Filters").forEach((filter) -> {
				String key = filter.get("key").asString();
				assertThat(filters).as("each key at most once").doesNotContainKey(key);
				filters.put(key, filter.get("value").asString());
			});
		}
		return filters;
	}

	private static String node(int index) {
		return String.format("i-0c0ffee%010x", index);
	}

	private static List<CommandInvocation> mixed() {
		Instant requested = NOW.minusSeconds(60);
		return List.of(target(MIXED, 0, requested, "Success", "Success"),
				target(MIXED, 1, requested, "Success", "Success"), target(MIXED, 2, requested, "Failed", "Failed"),
				target(MIXED, 3, requested, "TimedOut", "ExecutionTimedOut"),
				target(MIXED, 4, requested, "TimedOut", "DeliveryTimedOut"),
				target(MIXED, 5, requested, "InProgress", "InProgress"));
	}

	private static List<CommandInvocation> clean() {
		Instant requested = NOW.minusSeconds(120);
		return List.of(target(CLEAN, 0, requested, "Success", "Success"),
				target(CLEAN, 1, requested, "Success", "Success"), target(CLEAN, 2, requested, "Success", "Success"));
	}

	private static CommandInvocation target(String commandId, int node, Instant requested, String status,
			String statusDetails) {
		return TestInvocations
			.invocation(commandId, node(node), "AWS-RunShellScript", requested, status, "output of node " + node)
			.toBuilder()
			.statusDetails(statusDetails)
			.build();
	}

}
