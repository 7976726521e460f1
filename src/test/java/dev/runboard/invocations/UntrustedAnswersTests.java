package dev.runboard.invocations;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.runboard.testing.InvocationsHtml;
import dev.runboard.testing.TestInvocations;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.util.UriUtils;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What SSM answers is not trusted any more than what users type: IDs become path segments
 * of links and of the URLs htmx polls, so an endpoint answering with a command ID of
 * {@code ..} and a node ID of {@code invocations.json} must not turn a row's live status
 * into a request for {@code /invocations/../invocations.json}; and output in the JSON
 * export is never markup.
 */
class UntrustedAnswersTests extends AwsSourceTestSupport {

	static final String VALID_COMMAND = "c0ffee00-0000-4000-8000-000000000001";

	static final String VALID_NODE = "i-0123456789abcdef0";

	@Test
	void anInvocationWhoseIdsAreNotIdsFailsThePageSayingWhatSsmSentAndLinksNothing() {
		fleet(List.of(running("..", "invocations.json"), running(VALID_COMMAND, VALID_NODE)));

		for (boolean htmx : List.of(false, true)) {
			MvcTestResult result = htmx ? htmx("/invocations") : this.mvc.get().uri("/invocations").exchange();

			assertThat(result).hasStatus(HttpStatus.BAD_GATEWAY);
			assertThat(body(result)).contains("a command ID &quot;..&quot;").contains("not one");
			assertNoLinkTo(body(result), "..");
		}
	}

	@Test
	void aNodeIdThatIsNotOneIsRefusedLikeACommandId() {
		fleet(List.of(running(VALID_COMMAND, "../../logout")));

		MvcTestResult result = this.mvc.get().uri("/invocations").exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_GATEWAY);
		assertThat(body(result)).contains("a node ID &quot;../../logout&quot;");
		assertNoLinkTo(body(result), "../../logout");
	}

	@Test
	void inAMergedListTheStreamThatAnsweredSoIsAnErrorRowAndTheOthersAreListed() {
		fleet(List.of(running("..", "invocations.json"), done(VALID_COMMAND, VALID_NODE)));

		MvcTestResult result = this.mvc.get().uri("/invocations?status=InProgress&status=Success").exchange();

		assertThat(result).hasStatusOk();
		Document page = InvocationsHtml.page(body(result));
		assertThat(InvocationsHtml.invocations(page)).containsExactly(VALID_COMMAND + "/" + VALID_NODE);
		assertThat(page.select("[data-stream-error][data-stream-status=InProgress] .message").text())
			.contains("a command ID \"..\"");
		assertNoLinkTo(body(result), "..");
	}

	@Test
	void aCommandIdThatIsNotOneFailsTheCommandsView() {
		fleet(List.of(running("....................................", VALID_NODE)));

		MvcTestResult result = this.mvc.get().uri("/commands").exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_GATEWAY);
		assertThat(body(result)).contains("a command ID");
		assertNoLinkTo(body(result), "....................................");
	}

	@Test
	void anExportWhoseFirstPageHoldsSuchAnAnswerIsRefusedWithoutAFile() {
		fleet(List.of(running("..", "invocations.json")));

		MvcTestResult result = this.mvc.get().uri("/invocations.json").exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_GATEWAY);
		assertThat(result.getResponse().getContentType()).startsWith("text/html");
		assertThat(result.getResponse().getHeader("Content-Disposition")).isNull();
	}

	@Test
	void jsonExportWritesMarkupInOutputAsEscapesThatReadBackAsTheSameText() {
		String output = "<button hx-post=\"/logout\" hx-trigger=\"load\">&amp; out</button>\u2028next";
		fleet(List.of(TestInvocations.invocation(VALID_COMMAND, VALID_NODE, "AWS-RunShellScript", NEWEST, "Success",
				output)));

		String file = body(this.mvc.get().uri("/invocations.json").exchange());

		assertThat(file).doesNotContain("<", ">", "&", "\u2028").contains("\\u003C", "\\u003E", "\\u0026", "\\u2028");
		JsonNode export = JsonMapper.builder().build().readTree(file);
		assertThat(export.get("invocations").get(0).get("plugins").get(0).get("stdout").asString()).isEqualTo(output);
	}

	private static CommandInvocation running(String commandId, String instanceId) {
		return TestInvocations.invocation(commandId, instanceId, "AWS-RunShellScript", NEWEST, "InProgress", "so far");
	}

	private static CommandInvocation done(String commandId, String instanceId) {
		return TestInvocations.invocation(commandId, instanceId, "AWS-RunShellScript", NEWEST.minusSeconds(60),
				"Success", "done");
	}

	/**
	 * No link, form or URL htmx would request has {@code id} as a path segment, or a
	 * {@code ..} segment.
	 */
	private static void assertNoLinkTo(String html, String id) {
		String segment = "/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
		List<String> paths = new ArrayList<>();
		for (Element element : InvocationsHtml.page(html).select("[href], [action], [hx-get], [hx-post], [src]")) {
			for (String attribute : List.of("href", "action", "hx-get", "hx-post", "src")) {
				if (element.hasAttr(attribute)) {
					paths.add(element.attr(attribute).replaceAll("[?#].*", ""));
				}
			}
		}
		assertThat(paths).isNotEmpty()
			.noneMatch((path) -> path.contains(segment + "/") || path.endsWith(segment))
			.noneMatch((path) -> path.contains("/../") || path.endsWith("/.."));
	}

}
