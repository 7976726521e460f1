package dev.runboard.invocations;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import dev.runboard.testing.InvocationsHtml;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a new user sees with two regions configured and the built-in data set: the
 * problems of both regions, newest first, in one list, each region with a story of its
 * own.
 */
@SpringBootTest(properties = { "runboard.ssm.source=sandbox", "runboard.ssm.regions[0]=eu-west-1",
		"runboard.ssm.regions[1]=us-east-1" })
@AutoConfigureMockMvc
@WithMockUser
class SandboxRegionsTests {

	@Autowired
	MockMvcTester mvc;

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

	Element tbody(String uri) {
		MvcTestResult result = this.mvc.get().uri(uri).exchange();
		assertThat(result).hasStatusOk();
		return InvocationsHtml.page(body(result)).getElementById("invocations");
	}

	static String body(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

}
