package dev.runboard.invocations;

import java.net.URI;

import dev.runboard.testing.InvocationsHtml;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * A filter change is an htmx request to the same URL as the page: it gets the results
 * alone, and the canonical link of the new view for the address bar.
 */
class InvocationsAwsHtmxFilterTests extends AwsSourceTestSupport {

	/** What the filter form submits: every field, most of them blank. */
	static final String FORM = "/invocations?status=Failed&document=&commandId=&instanceId=&after=&before="
			+ "&details=true";

	@Test
	void aFilterChangeGetsOnlyTheResultsFragment() {
		MvcTestResult result = htmx(FORM);

		assertThat(result).hasStatusOk();
		assertThat(body(result)).doesNotContain("<html", "<head", "<body", "id=\"filters\"").startsWith("<section");
		Document fragment = InvocationsHtml.page(body(result));
		assertThat(fragment.body().children()).singleElement()
			.satisfies((section) -> assertThat(section.is("section#results")).isTrue());
		assertThat(fragment.select("tbody#invocations tr[data-command-id]")).hasSize(50)
			.allSatisfy((row) -> assertThat(row.attr("data-status")).isEqualTo("Failed"));
		assertThat(InvocationsHtml.sentinel(fragment)).isPresent();
		assertThat(listCalls()).hasSize(1);
		assertThat(filters(listCalls().get(0))).containsOnly(entry("Status", "Failed"));
	}

	@Test
	void aFilterChangePushesTheCanonicalLinkWithBlankAndDefaultParametersDropped() {
		assertThat(htmx(FORM)).hasHeader("HX-Push-Url", "/invocations?status=Failed");
		assertThat(htmx("/invocations?status=failed&document=AWS-RunShellScript&after=2026-11-20&before=&pageSize=50"))
			.hasHeader("HX-Push-Url",
					"/invocations?status=Failed&document=AWS-RunShellScript&after=2026-11-20T00:00:00Z");
		assertThat(htmx("/invocations?status=&document=&details=false&pageSize=20")).hasHeader("HX-Push-Url",
				"/invocations?details=false&pageSize=20");
	}

	@Test
	void theLinkToShareIsTheLinkPushedToTheAddressBar() {
		MvcTestResult result = htmx(FORM + "&after=2026-11-20");

		String pushed = result.getResponse().getHeader("HX-Push-Url");
		assertThat(pushed).isEqualTo("/invocations?status=Failed&after=2026-11-20T00:00:00Z");
		assertThat(InvocationsHtml.page(body(result)).select("a.share")).singleElement()
			.satisfies((link) -> assertThat(link.attr("href")).isEqualTo(pushed));
	}

	@Test
	void clearingEveryFilterPushesThePlainListAddress() {
		assertThat(htmx("/invocations?status=&document=&commandId=&instanceId=&after=&before=&details=true"))
			.hasHeader("HX-Push-Url", "/invocations");
	}

	@Test
	void thePageAndTheFragmentVaryOnHxRequest() {
		assertThat(htmx(FORM)).headers()
			.hasHeaderSatisfying("Vary", (values) -> assertThat(values)
				.anySatisfy((value) -> assertThat(value).containsIgnoringCase("HX-Request")));
		assertThat(this.mvc.get().uri(URI.create(FORM))).hasStatusOk()
			.doesNotContainHeader("HX-Push-Url")
			.headers()
			.hasHeaderSatisfying("Vary", (values) -> assertThat(values)
				.anySatisfy((value) -> assertThat(value).containsIgnoringCase("HX-Request")));
	}

	@Test
	void theFullPageWithoutHxRequestIsAWholeDocument() {
		MvcTestResult result = this.mvc.get().uri(URI.create(FORM)).exchange();

		assertThat(result).hasStatusOk();
		Document page = InvocationsHtml.page(body(result));
		assertThat(body(result)).contains("<html");
		assertThat(page.select("form#filters")).hasSize(1);
		assertThat(page.select("section#results")).hasSize(1);
	}

}
