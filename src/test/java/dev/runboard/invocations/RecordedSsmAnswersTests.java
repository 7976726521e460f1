package dev.runboard.invocations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.InvocationsHtml;
import dev.runboard.testing.LocalWireMock;
import dev.runboard.testing.RunboardTest;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.util.UriUtils;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the pages show for answers recorded in the shape SSM sends them
 * ({@code src/test/resources/ssm-responses}, JSON 1.1 bodies with the service's field
 * names, epoch seconds written as doubles, Base64 page tokens): an oracle that is not the
 * sandbox engine the other tests read through. WireMock answers each operation, and each
 * request a test makes, with its recorded body; the real SDK reads it over HTTP.
 */
@RunboardTest
@WithMockUser(roles = { "USER", "OUTPUT" })
class RecordedSsmAnswersTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Failed on web-01: stdout and stderr, output in S3 and CloudWatch Logs. */
	static final String ROTATE = "6f1c4a2e-8b3d-4e5f-9a0b-1c2d3e4f5a6b";

	static final String ROTATE_NODE = "i-0a1b2c3d4e5f60718";

	/** Succeeded on db-02 with more stdout than lists keep; output in S3. */
	static final String PATCHING = "b7e2d4c6-1a3f-4b5d-8e9f-0a1b2c3d4e5f";

	static final String PATCHING_NODE = "i-05f3e2d1c0b9a8776";

	/** Never reached its node. */
	static final String UNDELIVERED = "0d9c8b7a-6f5e-4d3c-a2b1-f0e9d8c7b6a5";

	static final String UNDELIVERED_NODE = "i-0c4d5e6f7a8b9c0d1";

	/** The one invocation of the last page. */
	static final String DISK_USAGE = "3a4b5c6d-7e8f-4091-a2b3-c4d5e6f7a8b9";

	static final String DISK_USAGE_NODE = "i-09e8d7c6b5a4f3e21";

	/** Still running on 40 nodes, in the commands view only. */
	static final String DEPLOY = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";

	static final String UNKNOWN = "00000000-0000-4000-8000-000000000000";

	static final String FIRST_PAGE = "ListCommandInvocations-details-first-page.json";

	static final String PATCHING_ALONE = "ListCommandInvocations-one-invocation.json";

	static final String WHOLE_OUTPUT = "GetCommandInvocation-whole-output.json";

	/** The token of the first page, as recorded. */
	static final String NEXT_TOKEN = recordedJson(FIRST_PAGE).get("NextToken").asString();

	/** A token of some earlier query, which SSM no longer accepts. */
	static final String STALE_TOKEN = "AAEAAV9zdGFsZS9wYWdlK3Rva2VuL29mL2xhc3Qvd2VlaysrKysvLy8v"
			+ "QUFBQUFBQUFBQUFBQUFBQUFBQUFB+/Vw==";

	static final String S3_CONSOLE = "https://s3.console.aws.amazon.com/s3/object/acme-ssm-output?region=eu-west-1"
			+ "&prefix=runcommand/";

	static final WireMockServer ssm = LocalWireMock.start();

	/** The JVM's SSM endpoint, which passes every request on to the recorded answers. */
	@RegisterExtension
	static final FakeSsmServer relay = FakeSsmServer.local(null);

	@AfterAll
	static void stop() {
		ssm.stop();
	}

	@Autowired
	MockMvcTester mvc;

	@BeforeEach
	void recordedAnswers() {
		relay.relayTo(LocalWireMock.endpoint(ssm));
		ssm.resetAll();
		// Answers to particular requests outrank the first page, which answers any other.
		ssm.stubFor(operation("ListCommandInvocations").willReturn(recorded(200, FIRST_PAGE)));
		ssm.stubFor(operation("ListCommandInvocations").atPriority(1)
			.withRequestBody(matchingJsonPath("$.NextToken", equalTo(NEXT_TOKEN)))
			.willReturn(recorded(200, "ListCommandInvocations-details-last-page.json")));
		ssm.stubFor(operation("ListCommandInvocations").atPriority(1)
			.withRequestBody(matchingJsonPath("$.NextToken", equalTo(STALE_TOKEN)))
			.willReturn(recorded(400, "ListCommandInvocations-InvalidNextToken.json")));
		ssm.stubFor(operation("ListCommandInvocations").atPriority(1)
			.withRequestBody(matchingJsonPath("$.CommandId", equalTo(PATCHING)))
			.willReturn(recorded(200, PATCHING_ALONE)));
		ssm.stubFor(operation("ListCommandInvocations").atPriority(1)
			.withRequestBody(matchingJsonPath("$.CommandId", equalTo(UNKNOWN)))
			.willReturn(recorded(200, "ListCommandInvocations-no-invocations.json")));
		ssm.stubFor(
				operation("GetCommandInvocation").withRequestBody(matchingJsonPath("$.CommandId", equalTo(PATCHING)))
					.willReturn(recorded(200, WHOLE_OUTPUT)));
		ssm.stubFor(operation("ListCommands").willReturn(recorded(200, "ListCommands-first-page.json")));
	}

	@Test
	void rowsAreTheRecordedInvocationsInSsmOrderWithTheirStatuses() {
		Document page = page("/invocations");

		assertThat(page.select("tr[data-command-id]"))
			.extracting((row) -> InvocationsHtml.key(row) + " " + row.attr("data-status"))
			.containsExactly(ROTATE + "/" + ROTATE_NODE + " Failed", PATCHING + "/" + PATCHING_NODE + " Success",
					UNDELIVERED + "/" + UNDELIVERED_NODE + " TimedOut");
		assertThat(row(page, UNDELIVERED, UNDELIVERED_NODE).selectFirst("small.details").text())
			.isEqualTo("DeliveryTimedOut");
		assertThat(row(page, ROTATE, ROTATE_NODE).selectFirst("time").attr("datetime"))
			.as("RequestedDateTime 1.795166047412E9, to the millisecond")
			.isEqualTo("2026-11-20T09:14:07.412Z");
	}

	@Test
	void stdoutAndStderrAreShownApartWhereTheAgentJoinedThem() {
		Element row = row(page("/invocations"), ROTATE, ROTATE_NODE);

		assertThat(row.select("pre.stdout")).singleElement()
			.satisfies((pre) -> assertThat(pre.wholeText())
				.isEqualTo("rotating pattern: /var/log/nginx/*.log  after 1 days (14 rotations)\n"
						+ "rotating log /var/log/nginx/access.log, log->rotateCount is 14\n"
						+ "renaming /var/log/nginx/access.log to /var/log/nginx/access.log.1\n"
						+ "running postrotate script\n"));
		assertThat(row.select("pre.stderr")).singleElement()
			.satisfies((pre) -> assertThat(pre.wholeText())
				.isEqualTo("error: error creating output file /var/log/nginx/error.log.1: No space left on device\n"
						+ "failed to run commands: exit status 1"));
		assertThat(row.text()).doesNotContain("----------ERROR-------");
		assertThat(row.select("[data-truncated]")).isEmpty();
	}

	@Test
	void outputSsmCutShortIsShownWithoutItsMarkerAndSaysSo() {
		String listed = listedOutput(recordedJson(FIRST_PAGE).get("CommandInvocations").get(1));
		Element row = row(page("/invocations"), PATCHING, PATCHING_NODE);

		assertThat(listed).hasSize(2_500).endsWith("\n---Output truncated---");
		assertThat(row.selectFirst("pre.stdout").wholeText())
			.isEqualTo(listed.substring(0, listed.length() - "\n---Output truncated---".length()));
		assertThat(row.select("pre.stderr")).isEmpty();
		assertThat(row.select("[data-truncated]")).singleElement()
			.satisfies((note) -> assertThat(note.selectFirst("a").attr("href"))
				.isEqualTo("/invocations/" + PATCHING + "/" + PATCHING_NODE));
		assertThat(row.text()).doesNotContain("---Output truncated---");
	}

	@Test
	void s3OutputUrlsLinkToTheObjectsInTheS3Console() {
		Document page = page("/invocations");

		for (String[] invocation : new String[][] { { ROTATE, ROTATE_NODE }, { PATCHING, PATCHING_NODE } }) {
			Element row = row(page, invocation[0], invocation[1]);
			String key = invocation[0] + "/" + invocation[1] + "/awsrunShellScript/0.awsrunShellScript/";
			assertThat(row.select("a[data-link=s3-stdout]")).singleElement()
				.satisfies((link) -> assertThat(link.attr("href")).isEqualTo(S3_CONSOLE + key + "stdout"));
			assertThat(row.select("a[data-link=s3-stderr]")).singleElement()
				.satisfies((link) -> assertThat(link.attr("href")).isEqualTo(S3_CONSOLE + key + "stderr"));
		}
		assertThat(row(page, UNDELIVERED, UNDELIVERED_NODE).select("a[data-link]")).isEmpty();
	}

	@Test
	void onlyTheInvocationWithCloudWatchOutputEnabledLinksToItsLogStream() {
		Document page = page("/invocations");

		assertThat(page.select("a[data-link=cloudwatch]")).singleElement()
			.satisfies((link) -> assertThat(InvocationsHtml.key(link.closest("tr[data-command-id]")))
				.isEqualTo(ROTATE + "/" + ROTATE_NODE))
			.satisfies((link) -> assertThat(link.attr("href"))
				.isEqualTo("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1"
						+ "#logsV2:log-groups/log-group/$252Faws$252Fssm$252FAWS-RunShellScript/log-events/" + ROTATE
						+ "$252F" + ROTATE_NODE + "$252Faws-runShellScript$252Fstdout"));
	}

	@Test
	void theSentinelCarriesTheRecordedNextTokenSoThatSsmGetsItBackIntact() {
		assertThat(NEXT_TOKEN).contains("+", "/").endsWith("==");
		Element sentinel = InvocationsHtml.sentinel(page("/invocations")).orElseThrow();
		String url = sentinel.attr("hx-get");
		String encoded = url.substring(url.indexOf("nextToken=") + "nextToken=".length());

		assertThat(encoded).doesNotContain("+", "=", "&");
		assertThat(UriUtils.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(NEXT_TOKEN);

		MvcTestResult next = this.mvc.get()
			.uri(URI.create(AwsSourceTestSupport.asServletContainerReads(url)))
			.header("HX-Request", "true")
			.exchange();

		assertThat(next).hasStatusOk();
		Element rows = InvocationsHtml.rows(body(next));
		assertThat(InvocationsHtml.invocations(rows)).containsExactly(DISK_USAGE + "/" + DISK_USAGE_NODE);
		assertThat(rows.select("[data-end]")).hasSize(1);
		assertThat(InvocationsHtml.sentinel(rows)).isEmpty();
		assertThat(requests("ListCommandInvocations")).extracting((request) -> request.path("NextToken").asString(null))
			.containsExactly(null, NEXT_TOKEN);
	}

	@Test
	void theCommandsViewShowsTheRecordedCounts() {
		Document page = page("/commands");

		assertThat(page.select("tr[data-command-id]"))
			.extracting((row) -> row.attr("data-command-id") + " " + row.attr("data-status"))
			.containsExactly(DEPLOY + " InProgress", ROTATE + " Failed", PATCHING + " Success");
		Element rotate = page.selectFirst("tr[data-command-id=" + ROTATE + "]");
		assertThat(counts(rotate)).containsExactly("12", "12", "3", "1");
		assertThat(rotate.select("a[data-link=failed-invocations], a[data-link=timed-out-invocations]")).hasSize(2);
		Element deploy = page.selectFirst("tr[data-command-id=" + DEPLOY + "]");
		assertThat(counts(deploy)).containsExactly("17", "40", "0", "0");
		assertThat(deploy.hasClass("running")).isTrue();
		Element patching = page.selectFirst("tr[data-command-id=" + PATCHING + "]");
		assertThat(counts(patching)).containsExactly("1", "1", "0", "0");
		assertThat(patching.select("a[data-link=failed-invocations], a[data-link=timed-out-invocations]")).isEmpty();
		assertThat(page.select("tr[data-end]")).hasSize(1);
	}

	@Test
	void theDetailPageShowsTheWholeOutputGetCommandInvocationReturned() {
		String whole = recordedJson(WHOLE_OUTPUT).get("StandardOutputContent").asString();
		Document page = page("/invocations/" + PATCHING + "/" + PATCHING_NODE);
		Element plugin = page.selectFirst("article[data-plugin=aws:runShellScript]");

		assertThat(whole).hasSizeGreaterThan(2_500);
		assertThat(plugin.selectFirst("pre.stdout").wholeText()).isEqualTo(whole);
		assertThat(plugin.select("pre.stderr, [data-truncated]")).isEmpty();
		assertThat(page.select("section#live > p.notice")).isEmpty();
		assertThat(requests("GetCommandInvocation")).singleElement().satisfies((request) -> {
			assertThat(request.get("CommandId").asString()).isEqualTo(PATCHING);
			assertThat(request.get("InstanceId").asString()).isEqualTo(PATCHING_NODE);
			assertThat(request.get("PluginName").asString()).isEqualTo("aws:runShellScript");
		});
	}

	@Test
	void anInvocationGetCommandInvocationDoesNotKnowYetShowsTheListOutputAndSaysWhy() {
		ssm.stubFor(operation("GetCommandInvocation").atPriority(1)
			.willReturn(recorded(400, "GetCommandInvocation-InvocationDoesNotExist.json")));
		String listed = listedOutput(recordedJson(PATCHING_ALONE).get("CommandInvocations").get(0));

		MvcTestResult result = this.mvc.get().uri("/invocations/" + PATCHING + "/" + PATCHING_NODE).exchange();

		assertThat(result).hasStatusOk();
		Document page = InvocationsHtml.page(body(result));
		assertThat(page.select("section#live > p.notice")).singleElement()
			.satisfies((notice) -> assertThat(notice.text())
				.isEqualTo("SSM has no separate output yet. Showing what the list returned for aws:runShellScript."));
		Element plugin = page.selectFirst("article[data-plugin=aws:runShellScript]");
		assertThat(plugin.selectFirst("pre.stdout").wholeText())
			.isEqualTo(listed.substring(0, listed.length() - "\n---Output truncated---".length()));
		assertThat(plugin.select("[data-truncated]")).hasSize(1);
		assertThat(requests("GetCommandInvocation")).hasSize(1);
	}

	@Test
	void aCommandSsmListsNoInvocationsOfIsNotFound() {
		MvcTestResult result = this.mvc.get().uri("/invocations/" + UNKNOWN + "/" + PATCHING_NODE).exchange();

		assertThat(result).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(InvocationsHtml.page(body(result)).selectFirst("p.message").text()).isEqualTo(
				"SSM lists no invocation of command " + UNKNOWN + " on node " + PATCHING_NODE + " in eu-west-1.");
		assertThat(requests("GetCommandInvocation")).isEmpty();
	}

	@Test
	void aPageTokenSsmNoLongerAcceptsIsABadRequestNamingNextToken() {
		MvcTestResult result = this.mvc.get()
			.uri(URI.create("/invocations/rows?nextToken=" + UriUtils.encode(STALE_TOKEN, StandardCharsets.UTF_8)))
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		Document page = InvocationsHtml.page(body(result));
		assertThat(page.select(".message").text()).startsWith("nextToken:").contains("Reload");
		assertThat(page.select(".parameter code").text()).isEqualTo("nextToken");
		assertThat(requests("ListCommandInvocations")).singleElement()
			.satisfies((request) -> assertThat(request.get("NextToken").asString()).isEqualTo(STALE_TOKEN));
	}

	private Document page(String uri) {
		MvcTestResult result = this.mvc.get().uri(uri).exchange();
		assertThat(result).hasStatusOk();
		return InvocationsHtml.page(body(result));
	}

	private static Element row(Element page, String commandId, String instanceId) {
		return InvocationsHtml.row(page, commandId, instanceId);
	}

	/** Completed, target, error and delivery-timed-out counts of a commands row. */
	private static List<String> counts(Element row) {
		return List.of("completed", "target", "error", "delivery-timed-out")
			.stream()
			.map((count) -> row.selectFirst("[data-count=" + count + "]").text())
			.toList();
	}

	/** The single plugin's {@code Output} of a recorded invocation. */
	private static String listedOutput(JsonNode invocation) {
		return invocation.get("CommandPlugins").get(0).get("Output").asString();
	}

	/** The bodies of the requests for an operation that WireMock answered, in order. */
	private static List<JsonNode> requests(String operation) {
		return LocalWireMock.served(ssm)
			.stream()
			.filter((event) -> ("AmazonSSM." + operation).equals(event.getRequest().getHeader("X-Amz-Target")))
			.map((event) -> JSON.readTree(event.getRequest().getBody()))
			.toList();
	}

	private static MappingBuilder operation(String operation) {
		return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM." + operation));
	}

	/** A recorded answer, with the headers SSM sends. */
	private static ResponseDefinitionBuilder recorded(int status, String file) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/x-amz-json-1.1")
			.withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
			.withBody(read(file));
	}

	private static JsonNode recordedJson(String file) {
		return JSON.readTree(read(file));
	}

	private static String read(String file) {
		try {
			return new ClassPathResource("ssm-responses/" + file).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String body(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

}
