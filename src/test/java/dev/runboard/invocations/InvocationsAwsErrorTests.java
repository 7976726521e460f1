package dev.runboard.invocations;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import dev.runboard.testing.InvocationsHtml;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a person sees when SSM fails: a sentence to act on, the right status, the page
 * still usable, and a failed scroll page that can be retried in place. The SDK retries
 * throttling and server errors (standard mode, three attempts) before Runboard sees the
 * failure.
 */
class InvocationsAwsErrorTests extends AwsSourceTestSupport {

	static final int SDK_ATTEMPTS = 3;

	@Test
	void throttlingOnEveryAttemptIsServiceUnavailableWithRetryAfterAndASentence() {
		ssm.failNext(SDK_ATTEMPTS, 400, "ThrottlingException", "Rate exceeded");

		MvcTestResult result = this.mvc.get().uri("/invocations").exchange();

		assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(result.getResponse().getHeader("Retry-After")).containsOnlyDigits().isNotEqualTo("0");
		assertThat(message(InvocationsHtml.page(body(result)))).contains("throttling").contains("try again");
		assertNoInternals(body(result));
		assertThat(listCalls()).hasSize(SDK_ATTEMPTS);
	}

	@Test
	void throttlingThatPassesWithinTheSdksRetriesIsInvisible() {
		ssm.failNext(SDK_ATTEMPTS - 1, 400, "ThrottlingException", "Rate exceeded");

		MvcTestResult result = this.mvc.get().uri("/invocations").exchange();

		assertThat(result).hasStatusOk();
		assertThat(InvocationsHtml.invocations(InvocationsHtml.page(body(result)))).hasSize(50);
		assertThat(listCalls()).hasSize(SDK_ATTEMPTS);
	}

	@Test
	void accessDeniedNamesTheIamActionRunboardNeeds() {
		ssm.failNext(1, 400, "AccessDeniedException", "User: arn:aws:sts::111122223333:assumed-role/runboard/i-0abc "
				+ "is not authorized to perform this operation");

		MvcTestResult result = this.mvc.get().uri("/invocations").exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_GATEWAY);
		assertThat(message(InvocationsHtml.page(body(result)))).contains("ssm:ListCommandInvocations")
			.contains("IAM")
			.doesNotContain("111122223333");
		assertNoInternals(body(result));
		assertThat(listCalls()).hasSize(1);
	}

	@Test
	void aCommandSsmDoesNotKnowIsNotFound() {
		ssm.failNext(1, 400, "InvalidCommandId", "");

		MvcTestResult result = this.mvc.get().uri("/invocations?commandId=" + FLEET.get(0).commandId()).exchange();

		assertThat(result).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(message(InvocationsHtml.page(body(result)))).contains("no command with that ID");
		assertNoInternals(body(result));
	}

	@Test
	void aPageTokenOfAnotherQueryIsABadRequestNamingNextToken() {
		String token = firstSentinelToken("/invocations?status=Failed&pageSize=5");

		MvcTestResult result = this.mvc.get()
			.uri(URI.create("/invocations/rows?status=Success&pageSize=5&nextToken=" + encode(token)))
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		Document page = InvocationsHtml.page(body(result));
		assertThat(message(page)).startsWith("nextToken:").contains("Reload");
		assertThat(page.select(".parameter code").text()).isEqualTo("nextToken");
		assertNoInternals(body(result));
		assertThat(listCalls()).hasSize(2);
	}

	@Test
	void aFailedScrollPageBecomesARowThatRetriesTheSameUrl() {
		String next = asServletContainerReads(firstSentinelUrl("/invocations?status=Failed&pageSize=20"));
		ssm.failNext(SDK_ATTEMPTS, 400, "ThrottlingException", "Rate exceeded");

		MvcTestResult failed = htmx(next);

		assertThat(failed).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(body(failed)).doesNotContain("<html", "<body", "<main");
		Element rows = InvocationsHtml.rows(body(failed));
		assertThat(rows.children()).singleElement().satisfies((row) -> assertThat(row.is("tr.error-row")).isTrue());
		Element retry = rows.selectFirst("tr.error-row button");
		assertThat(retry.text()).isEqualTo("Retry");
		assertThat(retry.attr("hx-get")).isEqualTo(next);
		assertThat(retry.attr("hx-swap")).isEqualTo("outerHTML");
		assertThat(rows.selectFirst(".message").text()).contains("throttling");
		assertNoInternals(body(failed));

		MvcTestResult retried = htmx(retry.attr("hx-get"));

		assertThat(retried).hasStatusOk();
		assertThat(InvocationsHtml.invocations(InvocationsHtml.rows(body(retried)))).hasSize(20);
	}

	@Test
	void anExpiredTokenOnScrollOffersToStartOverInsteadOfRetrying() {
		String token = firstSentinelToken("/invocations?status=Failed&pageSize=5");

		MvcTestResult result = htmx("/invocations/rows?status=Success&pageSize=5&nextToken=" + encode(token));

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		Element row = InvocationsHtml.rows(body(result)).selectFirst("tr.error-row");
		assertThat(row).isNotNull();
		assertThat(row.select("button")).isEmpty();
		assertThat(row.select("a[href^=/invocations]")).isNotEmpty();
		assertThat(row.text()).contains("nextToken");
	}

	@Test
	void aFailedFilterChangeShowsAnErrorPanelInPlaceOfTheResults() {
		ssm.failNext(1, 400, "AccessDeniedException", "not authorized");

		MvcTestResult result = htmx("/invocations?status=Failed");

		assertThat(result).hasStatus(HttpStatus.BAD_GATEWAY).hasHeader("HX-Push-Url", "false");
		assertThat(body(result)).doesNotContain("<html", "<body");
		Document fragment = InvocationsHtml.page(body(result));
		assertThat(fragment.select("section#results.error-panel")).hasSize(1);
		assertThat(message(fragment)).contains("ssm:ListCommandInvocations");
	}

	private String firstSentinelUrl(String uri) {
		MvcTestResult result = this.mvc.get().uri(uri).exchange();
		assertThat(result).hasStatusOk();
		return InvocationsHtml.sentinel(InvocationsHtml.page(body(result))).orElseThrow().attr("hx-get");
	}

	/**
	 * The token SSM issued for the first page of {@code uri}, as the sentinel carries it.
	 */
	private String firstSentinelToken(String uri) {
		String next = asServletContainerReads(firstSentinelUrl(uri));
		String encoded = next.substring(next.indexOf("nextToken=") + "nextToken=".length());
		return UriUtils.decode(encoded, StandardCharsets.UTF_8);
	}

	private static String encode(String value) {
		return UriUtils.encode(value, StandardCharsets.UTF_8);
	}

	private static String message(Document page) {
		return page.select(".message").text();
	}

	/**
	 * A person reads this page: no exception names, no stack trace, no SDK internals (the
	 * SDK's messages say "(Service: Ssm, Status Code: …, Request ID: …)"); Runboard's own
	 * request ID is shown on purpose.
	 */
	private static void assertNoInternals(String body) {
		assertThat(body).doesNotContain("Exception", "software.amazon", "dev.runboard", "\tat ", "Caused by",
				"Service: Ssm", "Status Code");
	}

}
