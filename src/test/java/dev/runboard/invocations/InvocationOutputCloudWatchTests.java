package dev.runboard.invocations;

import java.util.List;

import dev.runboard.testing.FakeLogsServer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static dev.runboard.invocations.OutputFixtures.HOSTILE;
import static dev.runboard.invocations.OutputFixtures.LOG_GROUP;
import static dev.runboard.invocations.OutputFixtures.LONG_STDERR;
import static dev.runboard.invocations.OutputFixtures.LONG_STDOUT;
import static dev.runboard.invocations.OutputFixtures.PLUGIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole output paged from the log streams SSM writes, through the real CloudWatch
 * Logs client over HTTP: forward from the head of the stream, token after token, until
 * the service answers with the token it was given; and failures shown as sentences in the
 * output section.
 */
class InvocationOutputCloudWatchTests extends OutputTestSupport {

	static final CommandInvocation LONG = OutputFixtures.invocation("i-0000000000000c001",
			OutputFixtures.listed(LONG_STDOUT), LOG_GROUP);

	static final CommandInvocation DEFAULT_GROUP = OutputFixtures.invocation("i-0000000000000c002", "ok", "");

	static final CommandInvocation NO_STREAM = OutputFixtures.invocation("i-0000000000000c003", "", LOG_GROUP);

	static final CommandInvocation CLOUDWATCH_OFF = OutputFixtures.invocation("i-0000000000000c004", "ok", null);

	/** One event per line; the page ends each event with a line break. */
	static final String LONG_AS_EVENTS = LONG_STDOUT + "\n";

	@Test
	void theFirstChunkReadsTheStreamFromItsHeadAndSaysWhichStream() {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, "");

		Document first = chunk(outputUri(LONG, PLUGIN, "stdout", "cloudwatch"));

		JsonNode call = logs.calls().get(0).request();
		assertThat(call.get("logGroupName").asString()).isEqualTo(LOG_GROUP);
		assertThat(call.get("logStreamName").asString())
			.isEqualTo(OutputFixtures.logStream(LONG.instanceId(), "stdout"));
		assertThat(call.get("startFromHead").asBoolean()).isTrue();
		assertThat(call.get("limit").asInt()).isEqualTo(LOG_EVENTS_LIMIT);
		assertThat(call.has("nextToken")).isFalse();
		assertThat(first.selectFirst("[data-output-source]").text()).contains("CloudWatch Logs group " + LOG_GROUP)
			.contains("stream " + OutputFixtures.logStream(LONG.instanceId(), "stdout"));
		assertThat(LONG_AS_EVENTS).startsWith(first.selectFirst("pre.output-chunk").wholeText());
		assertThat(first.select("[data-load-more]")).hasSize(1);
	}

	@Test
	void loadingMoreFollowsTheForwardTokensUntilOneRepeatsWithNoEventLostOrRepeated() {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, "");

		List<Document> chunks = readAll(outputUri(LONG, PLUGIN, "stdout", "cloudwatch"));

		assertThat(text(chunks)).isEqualTo(LONG_AS_EVENTS);
		assertThat(chunks).hasSizeGreaterThan(3);
		assertThat(chunks.get(chunks.size() - 1).select("[data-output-end]")).hasSize(1);
		List<FakeLogsServer.Call> calls = logs.calls();
		long events = LONG_AS_EVENTS.chars().filter((c) -> c == '\n').count();
		assertThat(calls).as("one call per page of events, and one more that gets its token back")
			.hasSize((int) ((events + LOG_EVENTS_LIMIT - 1) / LOG_EVENTS_LIMIT) + 1);
		assertThat(calls).allSatisfy((call) -> {
			assertThat(call.request().get("logGroupName").asString()).isEqualTo(LOG_GROUP);
			assertThat(call.request().get("startFromHead").asBoolean()).isTrue();
		});
		for (int i = 1; i < calls.size(); i++) {
			assertThat(token(calls.get(i).request())).as("call %d asks from where call %d ended", i, i - 1)
				.isEqualTo(calls.get(i - 1).response().get("nextForwardToken").asString());
		}
		FakeLogsServer.Call last = calls.get(calls.size() - 1);
		assertThat(last.response().get("events")).isEmpty();
		assertThat(last.response().get("nextForwardToken").asString()).isEqualTo(token(last.request()));
	}

	private static String token(JsonNode request) {
		return request.hasNonNull("nextToken") ? request.get("nextToken").asString() : null;
	}

	@Test
	void emptyPagesBeforeTheEventsAreFollowedWithinOneChunk() {
		fleet(LONG);
		output(LONG, PLUGIN, "first line\nsecond line\n", "");
		logs.emptyPagesFirst(3);

		Document chunk = chunk(outputUri(LONG, PLUGIN, "stdout", "cloudwatch"));

		assertThat(chunk.selectFirst("pre.output-chunk").wholeText()).isEqualTo("first line\nsecond line\n");
		assertThat(chunk.select("[data-output-end]")).hasSize(1);
		assertThat(logs.calls()).hasSize(5);
	}

	@Test
	void aChunkMakesABoundedNumberOfCallsAndOffersToGoOn() {
		fleet(LONG);
		output(LONG, PLUGIN, "first line\nsecond line\n", "");
		logs.emptyPagesFirst(50);

		Document chunk = chunk(outputUri(LONG, PLUGIN, "stdout", "cloudwatch"));

		assertThat(logs.calls()).hasSize(10);
		assertThat(chunk.selectFirst("pre.output-chunk").wholeText()).isEmpty();
		assertThat(chunk.select("[data-load-more]")).hasSize(1);
	}

	@Test
	void stderrIsItsOwnStream() {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, LONG_STDERR);

		List<Document> chunks = readAll(outputUri(LONG, PLUGIN, "stderr", "cloudwatch"));

		assertThat(text(chunks)).isEqualTo(LONG_STDERR);
		assertThat(logs.calls()).allSatisfy((call) -> assertThat(call.request().get("logStreamName").asString())
			.isEqualTo(OutputFixtures.logStream(LONG.instanceId(), "stderr")));
	}

	@Test
	void withoutANamedGroupTheStreamIsInTheDocumentsDefaultGroup() {
		fleet(DEFAULT_GROUP);
		output(DEFAULT_GROUP, PLUGIN, "ok\n", "");

		Document chunk = chunk(outputUri(DEFAULT_GROUP, PLUGIN, "stdout", "cloudwatch"));

		assertThat(chunk.selectFirst("pre.output-chunk").wholeText()).isEqualTo("ok\n");
		assertThat(logs.calls().get(0).request().get("logGroupName").asString())
			.isEqualTo("/aws/ssm/AWS-RunShellScript");
	}

	@Test
	void outputIsTextNeverMarkup() {
		fleet(LONG);
		output(LONG, PLUGIN, HOSTILE, "");

		MvcTestResult result = htmx(outputUri(LONG, PLUGIN, "stdout", "cloudwatch"));
		Document chunk = Jsoup.parseBodyFragment(body(result));

		assertThat(chunk.selectFirst("pre.output-chunk").wholeText())
			.isEqualTo(HOSTILE.replace("\u001B[1;31m", "").replace("\u001B[0m", ""));
		assertThat(chunk.select("pre *, script, b, img, [onerror], [hx-trigger=load], [hx-get=/evil]")).isEmpty();
		assertThat(body(result)).contains("&lt;script&gt;alert(").doesNotContain("\u001B");
	}

	@Test
	void accessDeniedNamesTheIamActionAndKeepsTheConsoleLink() {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, "");
		logs.failNext(1, 400, "AccessDeniedException", "User: arn:aws:sts::111122223333:assumed-role/runboard/i-0abc "
				+ "is not authorized to perform: logs:GetLogEvents on resource: arn:aws:logs:eu-west-1:111122223333");

		Document chunk = chunk(outputUri(LONG, PLUGIN, "stdout", "cloudwatch"));

		assertThat(chunk.selectFirst("[data-output-problem]").text()).contains("logs:GetLogEvents")
			.contains("IAM")
			.contains(LOG_GROUP)
			.doesNotContain("111122223333");
		assertThat(chunk.select("a[data-link=cloudwatch]")).singleElement()
			.satisfies((link) -> assertThat(link.attr("href"))
				.startsWith("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:"));
		assertThat(chunk.select("pre, [data-load-more]")).isEmpty();
		assertThat(logs.calls()).hasSize(1);
	}

	@Test
	void aStreamThatIsNotThereSaysItDoesNotExistYet() {
		fleet(NO_STREAM);

		Document chunk = chunk(outputUri(NO_STREAM, PLUGIN, "stdout", "cloudwatch"));

		assertThat(chunk.selectFirst("[data-output-problem]").text()).contains("does not exist (yet)")
			.contains(OutputFixtures.logStream(NO_STREAM.instanceId(), "stdout"));
		assertThat(chunk.select("a[data-link=cloudwatch]")).hasSize(1);
	}

	@Test
	void aTokenTheServiceRefusesAsksToStartAgain() {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, "");

		Document chunk = chunk(outputUri(LONG, PLUGIN, "stdout", "cloudwatch") + "&token=f%2F123%2Fs");

		assertThat(chunk.selectFirst("[data-output-problem]").text()).contains("no longer accepts this page token");
		assertThat(logs.calls()).singleElement()
			.satisfies((call) -> assertThat(token(call.request())).isEqualTo("f/123/s"));
	}

	@Test
	void aCommandWithoutCloudWatchOutputSaysSoWithoutACall() {
		fleet(CLOUDWATCH_OFF);

		Document chunk = chunk(outputUri(CLOUDWATCH_OFF, PLUGIN, "stdout", "cloudwatch"));

		assertThat(chunk.selectFirst("[data-output-problem]").text()).contains("did not send its output to CloudWatch");
		assertThat(logs.calls()).isEmpty();
	}

	@Test
	void theGroupAndStreamAreWhatSsmSaysWhateverTheRequestCarries() {
		fleet(LONG);
		output(LONG, PLUGIN, "ok\n", "");

		chunk(outputUri(LONG, PLUGIN, "stdout", "cloudwatch")
				+ "&logGroupName=%2Faws%2Flambda%2Fsecrets&logStreamName=other&group=x&stream2=y");

		assertThat(logs.calls()).hasSize(2).allSatisfy((call) -> {
			assertThat(call.request().get("logGroupName").asString()).isEqualTo(LOG_GROUP);
			assertThat(call.request().get("logStreamName").asString())
				.isEqualTo(OutputFixtures.logStream(LONG.instanceId(), "stdout"));
		});
	}

}
