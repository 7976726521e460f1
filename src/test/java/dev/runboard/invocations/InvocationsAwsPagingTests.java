package dev.runboard.invocations;

import java.util.List;
import java.util.Map;

import dev.runboard.testing.InvocationsHtml;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Infinite scroll against SSM's paging: one {@code ListCommandInvocations} call per page
 * the user reaches, each invocation shown once, in the order SSM returns them.
 */
class InvocationsAwsPagingTests extends AwsSourceTestSupport {

	@Test
	void scrollingToTheEndShowsEveryInvocationOnceInSsmOrderWithOneCallPerPage() {
		List<Element> pages = scroll("/invocations");

		assertThat(pages).hasSize(9);
		assertThat(invocations(pages)).doesNotHaveDuplicates()
			.containsExactlyElementsOf(FLEET.stream().map(AwsSourceTestSupport::key).toList());
		assertThat(listCalls()).hasSize(9);
		assertThat(listCalls().get(0).has("NextToken")).isFalse();
		assertThat(listCalls().subList(1, 9))
			.allSatisfy((body) -> assertThat(body.get("NextToken").asString()).isNotBlank());
	}

	@Test
	void everyPageButTheLastEndsInTheSentinelAndOnlyTheLastMarksTheEnd() {
		List<Element> pages = scroll("/invocations");

		for (Element page : pages.subList(0, pages.size() - 1)) {
			assertThat(InvocationsHtml.invocations(page)).hasSize(50);
			Element sentinel = InvocationsHtml.sentinel(page).orElseThrow();
			assertThat(page.children().last()).isSameAs(sentinel);
			assertThat(page.select("[data-end]")).isEmpty();
		}
		Element last = pages.get(pages.size() - 1);
		assertThat(InvocationsHtml.invocations(last)).hasSize(423 - 8 * 50);
		assertThat(last.select("[hx-get*=nextToken]")).isEmpty();
		assertThat(last.select("[data-end]")).hasSize(1);
	}

	@Test
	void aResultThatFitsOnePageHasNoSentinelAndCostsOneCall() {
		List<Element> pages = scroll("/invocations?after=2026-11-20T02:30:00Z");

		assertThat(pages).hasSize(1);
		assertThat(InvocationsHtml.invocations(pages.get(0))).hasSize(31);
		assertThat(pages.get(0).select("[data-end]")).hasSize(1);
		assertThat(listCalls()).hasSize(1);
	}

	@Test
	void scrollRequestsKeepTheQueryOfTheFirstPage() {
		List<Element> pages = scroll("/invocations?status=Failed&pageSize=20&details=false");

		List<String> expected = ssmAnswer(ListCommandInvocationsRequest.builder()
			.filters(CommandFilter.builder().key(CommandFilterKey.STATUS).value("Failed").build())
			.details(false)
			.maxResults(20)
			.build());
		assertThat(expected).hasSize(85);
		assertThat(shown(pages)).containsExactlyElementsOf(expected);
		assertThat(pages).hasSize(5);
		List<JsonNode> calls = listCalls();
		assertThat(calls).hasSize(5).allSatisfy((body) -> {
			assertThat(filters(body)).containsExactly(Map.entry("Status", "Failed"));
			assertThat(body.get("MaxResults").asInt()).isEqualTo(20);
			assertThat(body.get("Details").asBoolean()).isFalse();
		});
	}

	@Test
	void scrollResponsesLeaveTheAddressBarAlone() {
		MvcTestResult first = this.mvc.get().uri("/invocations?pageSize=10").exchange();
		Element sentinel = InvocationsHtml.sentinel(InvocationsHtml.page(body(first))).orElseThrow();

		assertThat(sentinel.hasAttr("hx-push-url")).isFalse();
		assertThat(htmx(asServletContainerReads(sentinel.attr("hx-get")))).hasStatusOk()
			.doesNotContainHeader("HX-Push-Url");
	}

}
