package dev.runboard.invocations;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import dev.runboard.aws.sandbox.SandboxClientFactory;
import dev.runboard.testing.InvocationsHtml;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.RunboardTest.Setup;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a new user sees with two regions configured and the built-in data set: the
 * problems of both regions, newest first, in one list, each region with a story of its
 * own, and whole output that reads in place wherever its invocation lives.
 */
@RunboardTest(Setup.SANDBOX)
@WithMockUser
class SandboxRegionsTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	SandboxClientFactory sandbox;

	@Autowired
	Clock clock;

	@Test
	void problemsOfBothRegionsShowNewestFirstAndTheLinkReproducesThem() {
		MvcTestResult result = this.mvc.get().uri("/invocations?status=problems").exchange();

		assertThat(result).hasStatusOk();
		Element page = InvocationsHtml.page(body(result)).getElementById("invocations");
		List<Element> rows = page.select("tr[data-command-id]");
		assertThat(rows).isNotEmpty()
			.allSatisfy(
					(row) -> assertThat(Set.of("Failed", "TimedOut", "Cancelled")).contains(row.attr("data-status")));
		assertThat(rows).extracting((row) -> row.attr("data-region")).contains("eu-west-1", "us-east-1");
		List<Instant> times = rows.stream()
			.map((row) -> Instant.parse(row.selectFirst("time").attr("datetime")))
			.toList();
		assertThat(times).isSortedAccordingTo(Comparator.reverseOrder());

		String link = InvocationsHtml.page(body(result)).selectFirst("a.share").attr("href");
		assertThat(link).isEqualTo("/invocations?status=problems");
		assertThat(InvocationsHtml
			.invocations(InvocationsHtml.page(body(this.mvc.get().uri(link).exchange())).getElementById("invocations")))
			.isEqualTo(InvocationsHtml.invocations(page));
	}

	@Test
	void eachRegionHasAFleetOfItsOwn() {
		Element ireland = tbody("/invocations?region=eu-west-1&pageSize=20");
		Element virginia = tbody("/invocations?region=us-east-1&pageSize=20");

		assertThat(InvocationsHtml.invocations(ireland))
			.doesNotContainAnyElementsOf(InvocationsHtml.invocations(virginia));
	}

	@ParameterizedTest
	@CsvSource({ "0, eu-west-1, s3", "0, eu-west-1, cloudwatch", "1, us-east-1, s3", "1, us-east-1, cloudwatch" })
	void wholeOutputReadsInEveryRegion(int fleet, String region, String place) {
		CommandInvocation invocation = this.sandbox.fleets()
			.get(fleet)
			.invocationsAt(this.clock.instant())
			.stream()
			.filter((candidate) -> "Success".equals(candidate.statusAsString())
					&& candidate.cloudWatchOutputConfig().cloudWatchOutputEnabled()
					&& !candidate.commandPlugins().get(0).standardOutputUrl().isEmpty()
					&& !candidate.commandPlugins().get(0).output().isEmpty())
			.findFirst()
			.orElseThrow();
		CommandPlugin plugin = invocation.commandPlugins().get(0);

		MvcTestResult result = this.mvc.get()
			.uri("/invocations/{c}/{i}/output?plugin={p}&stream=stdout&source={s}&region={r}", invocation.commandId(),
					invocation.instanceId(), plugin.name(), place, region)
			.header("HX-Request", "true")
			.exchange();

		assertThat(result).hasStatusOk();
		Element chunk = Jsoup.parseBodyFragment(body(result)).body();
		assertThat(chunk.select("[data-output-problem]")).as("a problem reading %s in %s", place, region).isEmpty();
		assertThat(chunk.selectFirst("pre.output-chunk").wholeText().strip())
			.startsWith(plugin.output().lines().findFirst().orElseThrow().strip());
	}

	Element tbody(String uri) {
		MvcTestResult result = this.mvc.get().uri(uri).exchange();
		assertThat(result).hasStatusOk();
		return InvocationsHtml.page(body(result)).getElementById("invocations");
	}

	static String body(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

}
