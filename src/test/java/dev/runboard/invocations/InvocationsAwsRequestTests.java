package dev.runboard.invocations;

import java.net.URI;

import dev.runboard.testing.InvocationsHtml;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * What the SDK sends to SSM for each query parameter: the {@code ListCommandInvocations}
 * request body as it goes over the wire.
 */
class InvocationsAwsRequestTests extends AwsSourceTestSupport {

	@Test
	void anUnfilteredListAsksForFiftyInvocationsWithDetailsAndNothingElse() {
		assertThat(this.mvc.get().uri("/invocations")).hasStatusOk();

		assertThat(ssm.calls()).hasSize(1);
		JsonNode body = onlyListCall();
		assertThat(body.get("MaxResults").asInt()).isEqualTo(50);
		assertThat(body.get("Details").asBoolean()).isTrue();
		assertThat(body.has("Filters")).isFalse();
		assertThat(body.has("CommandId")).isFalse();
		assertThat(body.has("InstanceId")).isFalse();
		assertThat(body.has("NextToken")).isFalse();
	}

	@Test
	void pageSizeIsSentAsMaxResults() {
		assertThat(this.mvc.get().uri("/invocations?pageSize=7")).hasStatusOk();

		assertThat(onlyListCall().get("MaxResults").asInt()).isEqualTo(7);
	}

	@Test
	void detailsFalseAsksSsmForNoPluginDetails() {
		assertThat(this.mvc.get().uri("/invocations?details=false")).hasStatusOk();

		assertThat(onlyListCall().get("Details").asBoolean()).isFalse();
	}

	@Test
	void afterAndBeforeAreSentAsInvokedAfterAndInvokedBeforeWithIsoInstants() {
		assertThat(this.mvc.get().uri("/invocations?after=2026-11-19T21:15:30Z&before=2026-11-20T01:45:00Z"))
			.hasStatusOk();

		assertThat(filters(onlyListCall())).containsOnly(entry("InvokedAfter", "2026-11-19T21:15:30Z"),
				entry("InvokedBefore", "2026-11-20T01:45:00Z"));
	}

	@Test
	void aDateMeansTheStartOfThatDayInUtc() {
		assertThat(this.mvc.get().uri("/invocations?after=2026-11-19&before=2026-11-20")).hasStatusOk();

		assertThat(filters(onlyListCall())).containsOnly(entry("InvokedAfter", "2026-11-19T00:00:00Z"),
				entry("InvokedBefore", "2026-11-20T00:00:00Z"));
	}

	@Test
	void aTimeWithoutAZoneIsSentAsThatTimeInUtcAndAnOffsetIsApplied() {
		assertThat(this.mvc.get()
			.uri("/invocations")
			.param("after", "2026-11-19 21:15")
			.param("before", "2026-11-20T02:45:00+01:00")).hasStatusOk();

		assertThat(filters(onlyListCall())).containsOnly(entry("InvokedAfter", "2026-11-19T21:15:00Z"),
				entry("InvokedBefore", "2026-11-20T01:45:00Z"));
	}

	@Test
	void statusIsSentAsTheStatusFilterSpelledAsSsmSpellsIt() {
		assertThat(this.mvc.get().uri("/invocations?status=timedout")).hasStatusOk();

		assertThat(filters(onlyListCall())).containsOnly(entry("Status", "TimedOut"));
	}

	@Test
	void documentIsSentAsTheDocumentNameFilter() {
		assertThat(this.mvc.get().uri("/invocations?document=AWS-RunPatchBaseline")).hasStatusOk();

		assertThat(filters(onlyListCall())).containsOnly(entry("DocumentName", "AWS-RunPatchBaseline"));
	}

	@Test
	void everyFilterAtOnceIsSentOncePerKey() {
		assertThat(this.mvc.get()
			.uri("/invocations?status=Failed&document=AWS-RunShellScript&after=2026-11-19&before=2026-11-20T01:00:00Z"))
			.hasStatusOk();

		assertThat(filters(onlyListCall())).containsOnly(entry("InvokedAfter", "2026-11-19T00:00:00Z"),
				entry("InvokedBefore", "2026-11-20T01:00:00Z"), entry("Status", "Failed"),
				entry("DocumentName", "AWS-RunShellScript"));
	}

	@Test
	void commandIdAndInstanceIdAreSentAsTheirOwnFieldsNotAsFilters() {
		String commandId = FLEET.get(9).commandId();
		String instanceId = FLEET.get(9).instanceId();

		assertThat(this.mvc.get().uri("/invocations?commandId={c}&instanceId={i}", commandId, instanceId))
			.hasStatusOk();

		JsonNode body = onlyListCall();
		assertThat(body.get("CommandId").asString()).isEqualTo(commandId);
		assertThat(body.get("InstanceId").asString()).isEqualTo(instanceId);
		assertThat(body.has("Filters")).isFalse();
	}

	@Test
	void aScrollRequestSendsTheTokenSsmIssuedForTheSameQuery() {
		ListCommandInvocationsRequest firstPage = ListCommandInvocationsRequest.builder()
			.filters(CommandFilter.builder().key(CommandFilterKey.STATUS).value("Failed").build())
			.details(true)
			.maxResults(5)
			.build();
		String issued = ssmBackend.listCommandInvocations(firstPage).nextToken();
		MvcTestResult page = this.mvc.get().uri("/invocations?status=Failed&pageSize=5").exchange();
		Element sentinel = InvocationsHtml.sentinel(InvocationsHtml.page(body(page))).orElseThrow();

		assertThat(htmx(asServletContainerReads(sentinel.attr("hx-get")))).hasStatusOk();

		assertThat(listCalls()).hasSize(2);
		JsonNode first = listCalls().get(0);
		JsonNode scroll = listCalls().get(1);
		assertThat(issued).contains("+", "/", "=");
		assertThat(scroll.get("NextToken").asString()).isEqualTo(issued);
		assertThat(filters(scroll)).isEqualTo(filters(first)).containsOnly(entry("Status", "Failed"));
		assertThat(scroll.get("MaxResults").asInt()).isEqualTo(5);
		assertThat(scroll.get("Details").asBoolean()).isTrue();
	}

	@Test
	void nextTokenFromTheUrlIsSentToSsmUnchanged() {
		assertThat(this.mvc.get().uri(URI.create("/invocations/rows?nextToken=AAEAAQ%2Bx%2Fy%3D%3D")))
			.hasStatus4xxClientError();

		assertThat(onlyListCall().get("NextToken").asString()).isEqualTo("AAEAAQ+x/y==");
	}

	private static JsonNode onlyListCall() {
		assertThat(ssm.calls()).extracting((call) -> call.operation()).containsExactly(LIST);
		return listCalls().get(0);
	}

}
