package dev.runboard.invocations;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.Csv;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.InvocationsHtml;
import dev.runboard.testing.SsmStyleTokens;
import dev.runboard.testing.TestInvocations;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two regions, each its own local SSM endpoint behind the real SDK: the invocations of
 * both, and of several statuses, read as one list newest first.
 */
@RunboardTest
@WithMockUser(roles = { "USER", "OUTPUT" })
class InvocationsAcrossRegionsTests {

	static final String LIST = "ListCommandInvocations";

	static final Instant NEWEST = Instant.parse("2026-11-20T03:00:00Z");

	static final Set<String> PROBLEMS = Set.of("Failed", "TimedOut", "Cancelled");

	/** Ireland: one invocation a minute, on the minute. */
	static final List<CommandInvocation> IRELAND = TestInvocations.generate(60, NEWEST);

	/** Virginia: one a minute, on the half minute, with commands of its own. */
	static final List<CommandInvocation> VIRGINIA = TestInvocations.generate(60, NEWEST.minusSeconds(30))
		.stream()
		.map((invocation) -> invocation.toBuilder()
			.commandId(new UUID(0xbeef, invocation.commandId().hashCode()).toString())
			.build())
		.toList();

	static final FakeSsmServer ireland = server(IRELAND, Region.EU_WEST_1);

	static final FakeSsmServer virginia = server(VIRGINIA, Region.US_EAST_1);

	static FakeSsmServer server(List<CommandInvocation> fleet, Region region) {
		return new FakeSsmServer(
				new SsmStyleTokens(new SandboxSsmClient((now) -> fleet, Clock.fixed(NEWEST, ZoneOffset.UTC), region)));
	}

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("runboard.ssm.source", () -> "aws");
		registry.add("runboard.ssm.regions[0]", () -> "eu-west-1");
		registry.add("runboard.ssm.regions[1]", () -> "us-east-1");
		registry.add("runboard.ssm.endpoints.eu-west-1", () -> ireland.endpoint().toString());
		registry.add("runboard.ssm.endpoints.us-east-1", () -> virginia.endpoint().toString());
		registry.add("runboard.ssm.max-attempts", () -> "1");
		registry.add("runboard.ssm.cache-ttl", () -> "0s");
	}

	@Autowired
	MockMvcTester mvc;

	@BeforeEach
	void reset() {
		ireland.reset();
		virginia.reset();
	}

	@Test
	void problemsOfBothRegionsScrollNewestFirstWithNoRowLostOrRepeated() {
		List<String> expected = Stream
			.concat(IRELAND.stream().map((invocation) -> shown("eu-west-1", invocation)),
					VIRGINIA.stream().map((invocation) -> shown("us-east-1", invocation)))
			.filter((row) -> PROBLEMS.contains(row.split(" ")[2]))
			.sorted(Comparator.comparing((String row) -> row.split(" ")[3]).reversed())
			.toList();
		assertThat(expected).hasSizeGreaterThan(60);

		List<Element> pages = scroll("/invocations?status=problems&pageSize=7");

		assertThat(rows(pages)).containsExactlyElementsOf(expected);
		assertThat(pages).hasSizeGreaterThan(expected.size() / 7);
	}

	@Test
	void eachStreamCostsAtMostOneCallPerPage() {
		String uri = "/invocations?status=problems&pageSize=5";
		int pages = 0;
		Optional<Element> sentinel = Optional.empty();
		do {
			int irelandBefore = ireland.calls(LIST).size();
			int virginiaBefore = virginia.calls(LIST).size();
			Element page = (pages == 0) ? tbody(this.mvc.get().uri(URI.create(uri)).exchange())
					: InvocationsHtml.rows(body(htmx(sentinel.get().attr("hx-get"))));
			for (FakeSsmServer server : List.of(ireland, virginia)) {
				int before = (server == ireland) ? irelandBefore : virginiaBefore;
				List<String> statuses = server.calls(LIST)
					.subList(before, server.calls(LIST).size())
					.stream()
					.map((call) -> call.body().get("Filters").get(0).get("value").asString())
					.toList();
				assertThat(statuses).as("calls of page %d", pages).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(3);
				assertThat(PROBLEMS).containsAll(statuses);
			}
			sentinel = InvocationsHtml.sentinel(page);
			pages++;
		}
		while (sentinel.isPresent() && pages < 100);
		assertThat(pages).isGreaterThan(10).isLessThan(100);
	}

	@Test
	void repeatedStatusMergesThoseStatusesOfTheChosenRegion() {
		List<String> expected = IRELAND.stream()
			.map((invocation) -> shown("eu-west-1", invocation))
			.filter((row) -> Set.of("Failed", "TimedOut").contains(row.split(" ")[2]))
			.toList();

		List<Element> pages = scroll("/invocations?status=Failed&status=TimedOut&region=eu-west-1&pageSize=10");

		assertThat(rows(pages)).containsExactlyElementsOf(expected);
		assertThat(virginia.calls(LIST)).isEmpty();
	}

	@Test
	void aFinerStatusUnderACoarserOneAskedForIsNotAskedAgain() {
		scroll("/invocations?status=TimedOut&status=DeliveryTimedOut&status=Failed&region=us-east-1");

		assertThat(virginia.calls(LIST)
			.stream()
			.map((call) -> call.body().get("Filters").get(0).get("value").asString())
			.distinct()).containsExactlyInAnyOrder("Failed", "TimedOut");
	}

	@Test
	void oneFailingRegionShowsAnErrorRowWhileTheOtherRenders() {
		virginia.failNext(3, 400, "ThrottlingException", "Rate exceeded");

		MvcTestResult result = this.mvc.get().uri("/invocations?status=problems").exchange();

		assertThat(result).hasStatusOk();
		Element page = tbody(result);
		assertThat(page.select("tr[data-stream-error]")).hasSize(3)
			.allSatisfy((row) -> assertThat(row.attr("data-source")).isEqualTo("us-east-1"));
		assertThat(page.select("tr[data-command-id]")).isNotEmpty()
			.allSatisfy((row) -> assertThat(row.attr("data-region")).isEqualTo("eu-west-1"));
		assertThat(page.select("tr[data-stream-error] .message").text()).contains("throttl");
	}

	@Test
	void aPageWhoseEveryStreamFailedOffersARetryThatResumesWithoutLosingRows() {
		String uri = "/invocations?status=Failed&status=TimedOut&region=us-east-1&pageSize=4";
		Element first = tbody(this.mvc.get().uri(URI.create(uri)).exchange());
		String next = InvocationsHtml.sentinel(first).orElseThrow().attr("hx-get");
		virginia.failNext(2, 400, "ThrottlingException", "Rate exceeded");

		Element failed = InvocationsHtml.rows(body(htmx(next)));

		assertThat(failed.select("tr[data-stream-error]")).hasSize(2);
		assertThat(failed.select("tr[data-command-id]")).isEmpty();
		assertThat(InvocationsHtml.sentinel(failed)).isEmpty();
		String retry = failed.selectFirst("tr[data-retry] button").attr("hx-get");
		assertThat(retry).isEqualTo(next);

		List<Element> pages = new ArrayList<>(List.of(first));
		pages.addAll(scroll(retry, true));
		List<String> expected = VIRGINIA.stream()
			.map((invocation) -> shown("us-east-1", invocation))
			.filter((row) -> Set.of("Failed", "TimedOut").contains(row.split(" ")[2]))
			.toList();
		assertThat(rows(pages)).containsExactlyElementsOf(expected);
	}

	@Test
	void theLinkToTheViewReproducesTheSameRows() {
		MvcTestResult first = this.mvc.get().uri("/invocations?status=problems&pageSize=9").exchange();
		String link = InvocationsHtml.page(body(first)).selectFirst("a.share").attr("href");

		assertThat(link).isEqualTo("/invocations?status=problems&pageSize=9");
		assertThat(htmx("/invocations?status=problems&region=all&pageSize=9").getResponse().getHeader("HX-Push-Url"))
			.isEqualTo(link);
		assertThat(InvocationsHtml.invocations(tbody(this.mvc.get().uri(URI.create(link)).exchange())))
			.containsExactlyElementsOf(InvocationsHtml.invocations(tbody(first)));
	}

	@Test
	void rowsSayTheirRegionAndLinkToTheirDetailThere() {
		Element page = tbody(this.mvc.get().uri("/invocations?status=Failed").exchange());
		Element virginiaRow = page.select("tr[data-region=us-east-1]").first();

		assertThat(virginiaRow).isNotNull();
		assertThat(virginiaRow.select(".source").text()).isEqualTo("us-east-1");
		String detail = virginiaRow.selectFirst("a[data-detail]").attr("href");
		assertThat(detail).endsWith("?region=us-east-1");
		virginia.reset();
		MvcTestResult detailPage = this.mvc.get().uri(URI.create(detail)).exchange();
		assertThat(detailPage).hasStatusOk();
		assertThat(virginia.calls(LIST)).hasSize(1);
		assertThat(InvocationsHtml.page(body(detailPage)).select("a[data-download]")).isNotEmpty()
			.allSatisfy((link) -> assertThat(link.attr("href")).endsWith("&region=us-east-1"));
	}

	@Test
	void anExportOfProblemsHoldsTheRowsOfBothRegionsNewestFirstWithTheirRegion() throws Exception {
		List<String> expected = Stream
			.concat(IRELAND.stream().map((invocation) -> shown("eu-west-1", invocation)),
					VIRGINIA.stream().map((invocation) -> shown("us-east-1", invocation)))
			.filter((row) -> PROBLEMS.contains(row.split(" ")[2]))
			.sorted(Comparator.comparing((String row) -> row.split(" ")[3]).reversed())
			.map((row) -> row.split(" ")[0] + " " + row.split(" ")[1])
			.toList();

		MvcTestResult result = this.mvc.get().uri("/invocations.csv?status=problems").exchange();

		assertThat(result).hasStatusOk();
		List<List<String>> lines = Csv.parse(body(result));
		assertThat(lines.get(0)).startsWith("account", "region", "requested_at", "status");
		assertThat(lines.subList(1, lines.size()))
			.extracting((line) -> line.get(1) + " " + line.get(5) + "/" + line.get(6))
			.containsExactlyElementsOf(expected);
	}

	@Test
	void theCommandsViewReadsTheRegionItsLinkNamesAndItsLinksKeepIt() {
		MvcTestResult result = this.mvc.get().uri("/commands?region=us-east-1").exchange();

		assertThat(result).hasStatusOk();
		assertThat(virginia.calls("ListCommands")).hasSize(1);
		assertThat(ireland.calls("ListCommands")).isEmpty();
		Element page = InvocationsHtml.page(body(result));
		assertThat(page.selectFirst("a.share").attr("href")).isEqualTo("/commands?region=us-east-1");
		assertThat(page.select("a[data-link=invocations]")).isNotEmpty()
			.allSatisfy((link) -> assertThat(link.attr("href")).endsWith("&region=us-east-1"));
	}

	@Test
	void theCommandsViewOfEveryRegionCostsOneCallPerRegionAPageAndItsLinksSayAll() {
		MvcTestResult result = this.mvc.get().uri("/commands?region=all&pageSize=5").exchange();

		assertThat(result).hasStatusOk();
		assertThat(virginia.calls("ListCommands")).hasSize(1);
		assertThat(ireland.calls("ListCommands")).hasSize(1);
		Element page = InvocationsHtml.page(body(result));
		assertThat(page.selectFirst("a.share").attr("href")).isEqualTo("/commands?pageSize=5&region=all");
		assertThat(page.selectFirst("#commands [hx-trigger=revealed]").attr("hx-get"))
			.startsWith("/commands/rows?pageSize=5&region=all&nextToken=");
	}

	@Test
	void aTamperedCursorGets400WithoutCallingAws() {
		for (String token : List.of("m1.!!!", "m1." + Base64.getUrlEncoder().encodeToString("9 x\n".getBytes()),
				"m1." + Base64.getUrlEncoder().encodeToString("99 a\n0 \n0 \n0 \n0 \n0 \n".getBytes()),
				"m1." + "A".repeat(40_000))) {
			MvcTestResult result = htmx("/invocations/rows?status=problems&nextToken=" + token);
			assertThat(result).as(token).hasStatus(400);
		}
		assertThat(ireland.calls(LIST)).isEmpty();
		assertThat(virginia.calls(LIST)).isEmpty();
	}

	@Test
	void aViewOfMoreStreamsThanAPageMayCostGets400WithoutCallingAws() {
		String elevenStatuses = Stream
			.of("Pending", "InProgress", "Delayed", "Success", "Cancelled", "Failed", "TimedOut", "AccessDenied",
					"Undeliverable", "InvalidPlatform", "Terminated")
			.map((status) -> "status=" + status)
			.reduce((a, b) -> a + "&" + b)
			.orElseThrow();
		for (String path : List.of("/invocations", "/invocations.csv", "/invocations.json")) {
			MvcTestResult result = this.mvc.get().uri(URI.create(path + "?" + elevenStatuses)).exchange();
			assertThat(result).as(path).hasStatus(400);
			assertThat(body(result)).as(path).contains("runboard.invocations.max-streams");
		}
		assertThat(htmx("/invocations/rows?" + elevenStatuses)).hasStatus(400);
		assertThat(ireland.calls(LIST)).isEmpty();
		assertThat(virginia.calls(LIST)).isEmpty();

		assertThat(this.mvc.get().uri(URI.create("/invocations?" + elevenStatuses + "&region=eu-west-1")))
			.as("the same statuses in one region: within the budget")
			.hasStatusOk();
		assertThat(ireland.calls(LIST)).hasSizeLessThanOrEqualTo(12);
	}

	@Test
	void aCursorOfAnotherViewGets400WithoutCallingAws() {
		String token = nextToken("/invocations?status=Failed&status=Success&pageSize=5");
		assertThat(htmx("/invocations/rows?status=Failed&status=Success&pageSize=5&nextToken=" + token))
			.as("the view that issued it")
			.hasStatusOk();
		reset();

		for (String view : List.of("status=TimedOut&status=Cancelled&pageSize=5",
				"status=Failed&status=Success&pageSize=5&document=AWS-RunShellScript",
				"status=Failed&status=Success&pageSize=6", "status=Failed&status=Success&pageSize=5&details=false")) {
			MvcTestResult result = htmx("/invocations/rows?" + view + "&nextToken=" + token);
			assertThat(result).as(view).hasStatus(400);
			assertThat(body(result)).as(view).contains("another view");
		}
		assertThat(ireland.calls(LIST)).isEmpty();
		assertThat(virginia.calls(LIST)).isEmpty();
	}

	@Test
	void anUnknownRegionGets400NamingTheConfiguredOnes() {
		assertThat(this.mvc.get().uri("/invocations?region=ap-south-1").exchange()).hasStatus(400)
			.bodyText()
			.contains("eu-west-1, us-east-1, or all");
	}

	static String shown(String region, CommandInvocation invocation) {
		return region + " " + invocation.commandId() + "/" + invocation.instanceId() + " " + invocation.statusAsString()
				+ " " + invocation.requestedDateTime();
	}

	static List<String> rows(List<Element> pages) {
		return pages.stream()
			.flatMap((page) -> page.select("tr[data-command-id]").stream())
			.map((row) -> row.attr("data-region") + " " + InvocationsHtml.key(row) + " " + row.attr("data-status") + " "
					+ Instant.parse(row.selectFirst("time").attr("datetime")))
			.toList();
	}

	List<Element> scroll(String uri) {
		return scroll(uri, false);
	}

	/**
	 * Loads {@code uri} (a scroll fragment if {@code fragment}) and follows each
	 * sentinel.
	 */
	List<Element> scroll(String uri, boolean fragment) {
		List<Element> pages = new ArrayList<>();
		Element page = fragment ? InvocationsHtml.rows(body(htmx(uri)))
				: tbody(this.mvc.get().uri(URI.create(uri)).exchange());
		pages.add(page);
		Optional<Element> sentinel = InvocationsHtml.sentinel(page);
		while (sentinel.isPresent()) {
			assertThat(pages).hasSizeLessThan(200);
			MvcTestResult next = htmx(sentinel.get().attr("hx-get"));
			assertThat(next).hasStatusOk();
			page = InvocationsHtml.rows(body(next));
			pages.add(page);
			sentinel = InvocationsHtml.sentinel(page);
		}
		return pages;
	}

	/** The page token of the second page of {@code uri}, as its sentinel carries it. */
	String nextToken(String uri) {
		String next = InvocationsHtml.sentinel(tbody(this.mvc.get().uri(URI.create(uri)).exchange()))
			.orElseThrow()
			.attr("hx-get");
		return next.substring(next.indexOf("nextToken=") + "nextToken=".length()).replaceAll("&.*", "");
	}

	MvcTestResult htmx(String uri) {
		return this.mvc.get().uri(URI.create(uri)).header("HX-Request", "true").exchange();
	}

	static Element tbody(MvcTestResult result) {
		assertThat(result).hasStatusOk();
		return InvocationsHtml.page(body(result)).getElementById("invocations");
	}

	static String body(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

}
