package dev.runboard.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import dev.runboard.aws.sandbox.SandboxClientFactory;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.RunboardTest.Setup;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With two regions, a view of the second keeps it: the breadcrumb and the header lead to
 * the commands and invocations of that region, the commands view reads one region or all
 * of them, and a command link that names no region finds the command where it is.
 */
@RunboardTest(Setup.SANDBOX)
@WithMockUser
class RegionsKeptTests {

	/** A command ID no fleet has. */
	static final String UNKNOWN = "00000000-0000-4000-8000-000000000000";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	SandboxClientFactory sandbox;

	@Autowired
	Clock clock;

	@Test
	void aCommandPageOfTheSecondRegionKeepsItInItsBreadcrumbAndHeader() {
		CommandInvocation invocation = virginia();
		Document command = page("/commands/" + invocation.commandId() + "?region=us-east-1");
		Document detail = page(
				"/invocations/" + invocation.commandId() + "/" + invocation.instanceId() + "?region=us-east-1");

		for (Document page : List.of(command, detail)) {
			assertThat(page.selectFirst("[data-breadcrumb=commands]").attr("href"))
				.isEqualTo("/commands?region=us-east-1");
			assertThat(page.selectFirst("[data-nav=commands]").attr("href")).isEqualTo("/commands?region=us-east-1");
			assertThat(page.selectFirst("[data-nav=invocations]").attr("href"))
				.isEqualTo("/invocations?region=us-east-1");
		}
	}

	@Test
	void theHeaderKeepsTheRegionAListViewNarrowsTo() {
		assertThat(page("/invocations?region=us-east-1&status=Failed").selectFirst("[data-nav=commands]").attr("href"))
			.isEqualTo("/commands?region=us-east-1");
		assertThat(page("/invocations?status=Failed").selectFirst("[data-nav=commands]").attr("href"))
			.as("a view of every region leads to every region")
			.isEqualTo("/commands?region=all");
		assertThat(page("/commands?region=us-east-1").selectFirst("[data-nav=invocations]").attr("href"))
			.isEqualTo("/invocations?region=us-east-1");
	}

	@Test
	void aFilterChangeMovesTheHeaderToTheRegionChosen() {
		MvcTestResult results = this.mvc.get()
			.uri("/commands?region=us-east-1")
			.header("HX-Request", "true")
			.exchange();

		Element nav = Jsoup.parseBodyFragment(body(results)).getElementById("main-nav");
		assertThat(nav.attr("hx-swap-oob")).isEqualTo("true");
		assertThat(nav.selectFirst("[data-nav=invocations]").attr("href")).isEqualTo("/invocations?region=us-east-1");
	}

	@Test
	void theCommandsViewReadsEveryRegionNewestFirstWithItsRegionFilterSecond() {
		Document page = page("/commands?region=all&pageSize=10");

		assertThat(page.select("#filters label").eachText().subList(0, 2)).satisfiesExactly(
				(status) -> assertThat(status).startsWith("Status"),
				(region) -> assertThat(region).startsWith("Region"));
		assertThat(page.selectFirst("select[name=region] option[selected]").attr("value")).isEqualTo("all");
		assertThat(page.selectFirst("select[name=region] option").text()).isEqualTo("All regions");
		assertThat(page.title()).contains("all regions");
		List<Element> rows = page.select("#commands tr[data-command-id]");
		assertThat(rows).hasSize(10);
		List<Instant> times = rows.stream()
			.map((row) -> Instant.parse(row.selectFirst("time").attr("datetime")))
			.toList();
		assertThat(times).isSortedAccordingTo(Comparator.reverseOrder());

		String next = page.selectFirst("#commands [hx-trigger=revealed]").attr("hx-get");
		assertThat(next).contains("region=all").contains("nextToken=");
		Document scrolled = Jsoup.parseBodyFragment(
				"<table><tbody>" + body(this.mvc.get().uri(URI.create(next)).header("HX-Request", "true").exchange())
						+ "</tbody></table>");
		List<Element> more = scrolled.select("tr[data-command-id]");
		assertThat(more).isNotEmpty();
		assertThat(rows.stream().map((row) -> row.attr("data-command-id")))
			.doesNotContainAnyElementsOf(more.stream().map((row) -> row.attr("data-command-id")).toList());
		assertThat(Instant.parse(more.get(0).selectFirst("time").attr("datetime")))
			.isBeforeOrEqualTo(times.get(times.size() - 1));
		assertThat(rows.stream()
			.map((row) -> row.selectFirst("a[data-link=command]").attr("href").replaceAll(".*region=", ""))
			.distinct()).as("commands of both regions").contains("eu-west-1");
		assertThat(page("/commands?region=all&pageSize=50").select("#commands a[data-link=command]"))
			.extracting((link) -> link.attr("href").replaceAll(".*region=", ""))
			.contains("eu-west-1", "us-east-1");
	}

	@Test
	void aCommandLinkThatNamesNoRegionLandsInTheRegionThatListsIt() {
		String commandId = virginia().commandId();

		MvcTestResult result = this.mvc.get().uri("/commands/" + commandId).exchange();

		assertThat(result).hasStatus3xxRedirection().hasRedirectedUrl("/commands/" + commandId + "?region=us-east-1");
	}

	@Test
	void anInvocationLinkThatNamesNoRegionLandsInTheRegionThatListsIt() {
		CommandInvocation invocation = virginia();
		String path = "/invocations/" + invocation.commandId() + "/" + invocation.instanceId();

		assertThat(this.mvc.get().uri(path)).hasStatus3xxRedirection().hasRedirectedUrl(path + "?region=us-east-1");
	}

	@Test
	void aCommandLookedForInTheWrongRegionOffersTheRegionThatListsIt() {
		String commandId = virginia().commandId();

		MvcTestResult result = this.mvc.get().uri("/commands/" + commandId + "?region=eu-west-1").exchange();

		assertThat(result).hasStatus(404);
		Document page = Jsoup.parse(body(result));
		assertThat(page.select("[data-way-out=elsewhere]")).extracting((link) -> link.attr("href"))
			.containsExactly("/commands/" + commandId + "?region=us-east-1", "/invocations?commandId=" + commandId);
		assertThat(page.selectFirst(".message").text()).contains("It is listed in us-east-1.");
	}

	@Test
	void anUnknownCommandIsLookedForInEveryRegionBeforeItIsA404() {
		MvcTestResult result = this.mvc.get().uri("/commands/" + UNKNOWN).exchange();

		assertThat(result).hasStatus(404);
		Document page = Jsoup.parse(body(result));
		assertThat(page.selectFirst(".message").text()).contains("none lists it");
		assertThat(page.select("[data-way-out=elsewhere]")).extracting((link) -> link.attr("href"))
			.containsExactly("/invocations?commandId=" + UNKNOWN);
		assertThat(page.select(".ways-out a")).hasSizeGreaterThan(1);
	}

	/** An invocation of the second region's fleet, us-east-1. */
	private CommandInvocation virginia() {
		return this.sandbox.fleets()
			.get(1)
			.invocationsAt(this.clock.instant())
			.stream()
			.filter((invocation) -> "Success".equals(invocation.statusAsString()))
			.findFirst()
			.orElseThrow();
	}

	private Document page(String uri) {
		MvcTestResult result = this.mvc.get().uri(uri).exchange();
		assertThat(result).hasStatusOk();
		return Jsoup.parse(body(result));
	}

	private static String body(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

}
