package dev.runboard.invocations;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import dev.runboard.testing.FakeLogsServer;
import dev.runboard.testing.FakeS3Server;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static dev.runboard.invocations.OutputFixtures.BUCKET;
import static dev.runboard.invocations.OutputFixtures.HOSTILE;
import static dev.runboard.invocations.OutputFixtures.LOG_GROUP;
import static dev.runboard.invocations.OutputFixtures.LONG_STDERR;
import static dev.runboard.invocations.OutputFixtures.LONG_STDOUT;
import static dev.runboard.invocations.OutputFixtures.PLUGIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole output of a plugin, read through the real SDK clients over HTTP from where
 * SSM says it lives: the S3 objects it names, in ranged reads no larger than the cap, or
 * the log streams it writes, paged forward from the head token after token. What both
 * stores must do alike is one test run for each ({@link Store}); what only one of them
 * does follows.
 */
class InvocationOutputTests extends OutputTestSupport {

	static final CommandInvocation LONG = OutputFixtures.invocation("i-0000000000000b001",
			OutputFixtures.listed(LONG_STDOUT) + "\n----------ERROR-------\n" + LONG_STDERR.substring(0, 200),
			LOG_GROUP);

	static final CommandInvocation HOSTILE_OUTPUT = OutputFixtures.invocation("i-0000000000000b002", HOSTILE,
			LOG_GROUP);

	/** SSM names where its output would be, but nothing was written there. */
	static final CommandInvocation NOT_WRITTEN = OutputFixtures.invocation("i-0000000000000b003", "", LOG_GROUP);

	static final CommandInvocation DEFAULT_GROUP = OutputFixtures.invocation("i-0000000000000c002", "ok", "");

	static final CommandInvocation CLOUDWATCH_OFF = OutputFixtures.invocation("i-0000000000000c004", "ok", null);

	/**
	 * Where whole output is read from, as each store's tests tell it apart: the
	 * {@code source} parameter, the IAM action a denial names, the console link kept, and
	 * what each request asked for.
	 */
	enum Store {

		S3("s3", "s3:GetObject", "a[data-link=s3-stdout]",
				"https://s3.console.aws.amazon.com/s3/object/" + BUCKET + "?region=eu-west-1&prefix=") {

			@Override
			String where(CommandInvocation invocation, String stream) {
				return "s3://" + BUCKET + "/" + OutputFixtures.key(invocation.instanceId(), stream);
			}

			@Override
			List<String> asked() {
				return s3.calls().stream().map((call) -> "s3://" + call.bucket() + "/" + call.key()).toList();
			}

			@Override
			void deny() {
				s3.failNext(1, 403, "AccessDenied", "User: arn:aws:sts::111122223333:assumed-role/runboard/i-0abc is "
						+ "not authorized to perform: s3:GetObject on resource: arn:aws:s3:::runboard-output/x");
			}

			@Override
			String asRead(String text) {
				return text;
			}

		},

		CLOUDWATCH("cloudwatch", "logs:GetLogEvents", "a[data-link=cloudwatch]",
				"https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:") {

			@Override
			String where(CommandInvocation invocation, String stream) {
				return LOG_GROUP + " " + OutputFixtures.logStream(invocation.instanceId(), stream);
			}

			@Override
			List<String> asked() {
				Function<JsonNode, String> location = (request) -> request.get("logGroupName").asString() + " "
						+ request.get("logStreamName").asString();
				return logs.calls().stream().map((call) -> location.apply(call.request())).toList();
			}

			@Override
			void deny() {
				logs.failNext(1, 400, "AccessDeniedException", "User: arn:aws:sts::111122223333:assumed-role/runboard/"
						+ "i-0abc is not authorized to perform: logs:GetLogEvents on resource: arn:aws:logs:eu-west-1");
			}

			/** One event per line; the page ends each event with a line break. */
			@Override
			String asRead(String text) {
				return text.endsWith("\n") ? text : text + "\n";
			}

		};

		final String source;

		final String action;

		final String link;

		final String console;

		Store(String source, String action, String link, String console) {
			this.source = source;
			this.action = action;
			this.link = link;
			this.console = console;
		}

		/** The object or log stream SSM names for a stream of the invocation. */
		abstract String where(CommandInvocation invocation, String stream);

		/** Where each request to the store asked to read, in order. */
		abstract List<String> asked();

		/** The next request is refused for want of the IAM permission. */
		abstract void deny();

		/** The output as the store hands it back. */
		abstract String asRead(String text);

		String uri(CommandInvocation invocation, String stream) {
			return outputUri(invocation, PLUGIN, stream, this.source);
		}

	}

	@ParameterizedTest
	@EnumSource
	void readingToTheEndReassemblesTheStreamWithNothingLostOrRepeated(Store store) {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, LONG_STDERR);

		List<Document> chunks = readAll(store.uri(LONG, "stdout"));

		assertThat(text(chunks)).isEqualTo(store.asRead(LONG_STDOUT));
		assertThat(chunks).hasSizeGreaterThan(3);
		assertThat(chunks.get(chunks.size() - 1).select("[data-output-end]")).hasSize(1);
		assertThat(chunks.subList(1, chunks.size())).as("the source is said once, above the first chunk")
			.allSatisfy((chunk) -> assertThat(chunk.select("[data-output-source]")).isEmpty());
		assertThat(store.asked()).containsOnly(store.where(LONG, "stdout"));
	}

	@ParameterizedTest
	@EnumSource
	void stderrIsReadFromItsOwnObjectOrStream(Store store) {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, LONG_STDERR);

		List<Document> chunks = readAll(store.uri(LONG, "stderr"));

		assertThat(text(chunks)).isEqualTo(LONG_STDERR);
		assertThat(store.asked()).containsOnly(store.where(LONG, "stderr"));
		assertThat(chunks.get(0).select("pre.output-chunk.stderr")).hasSize(1);
	}

	@ParameterizedTest
	@EnumSource
	void outputIsTextNeverMarkup(Store store) {
		fleet(HOSTILE_OUTPUT);
		output(HOSTILE_OUTPUT, PLUGIN, HOSTILE, "");

		MvcTestResult result = htmx(store.uri(HOSTILE_OUTPUT, "stdout"));
		Document chunk = Jsoup.parseBodyFragment(body(result));

		assertThat(chunk.selectFirst("pre.output-chunk").wholeText())
			.isEqualTo(HOSTILE.replace("\u001B[1;31m", "").replace("\u001B[0m", ""));
		assertThat(chunk.select("pre *, script, b, img, [onerror], [hx-trigger=load], [hx-get=/evil]")).isEmpty();
		assertThat(body(result)).contains("&lt;script&gt;alert(").doesNotContain("\u001B");
	}

	@ParameterizedTest
	@EnumSource
	void accessDeniedNamesTheIamActionAndKeepsTheConsoleLink(Store store) {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, LONG_STDERR);
		store.deny();

		Document chunk = chunk(store.uri(LONG, "stdout"));

		assertThat(chunk.selectFirst("[data-output-problem]").text()).contains(store.action)
			.contains("IAM")
			.contains((store == Store.S3) ? "s3://" + BUCKET + "/" : LOG_GROUP)
			.doesNotContain("111122223333");
		assertThat(chunk.select(store.link)).singleElement()
			.satisfies((link) -> assertThat(link.attr("href")).startsWith(store.console));
		assertThat(chunk.select("pre, [data-load-more], [data-output-end]")).isEmpty();
		assertThat(store.asked()).hasSize(1);
	}

	@ParameterizedTest
	@EnumSource
	void anObjectOrStreamThatIsNotThereSaysItDoesNotExistYet(Store store) {
		fleet(NOT_WRITTEN);

		Document chunk = chunk(store.uri(NOT_WRITTEN, "stdout"));

		String name = (store == Store.S3) ? OutputFixtures.key(NOT_WRITTEN.instanceId(), "stdout")
				: OutputFixtures.logStream(NOT_WRITTEN.instanceId(), "stdout");
		assertThat(chunk.selectFirst("[data-output-problem]").text()).contains("does not exist (yet)").contains(name);
		assertThat(chunk.select(store.link)).hasSize(1);
		assertThat(chunk.select("pre")).isEmpty();
	}

	@ParameterizedTest
	@EnumSource
	void whereItIsReadIsWhatSsmSaysWhateverTheRequestCarries(Store store) {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, LONG_STDERR);

		Document chunk = chunk(store.uri(LONG, "stdout") + "&bucket=attacker-bucket&key=secrets%2Fid_rsa"
				+ "&s3Key=..%2F..%2Fetc%2Fpasswd&url=https%3A%2F%2Fevil.example%2Fx&location=s3%3A%2F%2Fother%2Fkey"
				+ "&logGroupName=%2Faws%2Flambda%2Fsecrets&logStreamName=other&group=x&stream2=y");

		assertThat(chunk.select("pre.output-chunk")).hasSize(1);
		assertThat(store.asked()).isNotEmpty().containsOnly(store.where(LONG, "stdout"));
		assertThat(chunk.selectFirst("[data-load-more]").attr("hx-get")).doesNotContain("attacker")
			.doesNotContain("secrets")
			.doesNotContain("evil")
			.doesNotContain("lambda");
	}

	@Test
	void s3IsReadInConsecutiveRangesNoLargerThanTheCapEachSayingWhereTheTextComesFrom() {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, LONG_STDERR);

		Document first = chunk(Store.S3.uri(LONG, "stdout"));

		int total = LONG_STDOUT.getBytes(StandardCharsets.UTF_8).length;
		assertThat(s3.calls()).singleElement().satisfies((call) -> {
			assertThat(call.method()).isEqualTo("GET");
			assertThat(call.range()).isEqualTo("bytes=0-" + (MAX_BYTES - 1));
			assertThat(call.query()).isNull();
		});
		assertThat(first.selectFirst("[data-output-source]").text())
			.contains("S3 object " + Store.S3.where(LONG, "stdout"))
			.contains(String.format("%,d bytes", total));
		String text = first.selectFirst("pre.output-chunk").wholeText();
		assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MAX_BYTES);
		assertThat(LONG_STDOUT).startsWith(text);
		assertThat(text).as("a chunk that is not the last ends with a whole line").endsWith("\n");
		assertThat(first.select("[data-load-more]")).singleElement()
			.satisfies((more) -> assertThat(more.text()).contains(String.format("of %,d bytes shown", total)));
		assertThat(first.select("[data-output-end]")).isEmpty();

		s3.reset();
		List<Document> chunks = readAll(Store.S3.uri(LONG, "stdout"));
		assertThat(chunks).hasSizeGreaterThan(total / MAX_BYTES);
		List<FakeS3Server.Call> calls = s3.calls();
		assertThat(calls).hasSameSizeAs(chunks);
		long offset = 0;
		for (int i = 0; i < chunks.size(); i++) {
			Element pre = chunks.get(i).selectFirst("pre.output-chunk");
			assertThat(pre.attr("data-offset")).isEqualTo(Long.toString(offset));
			assertThat(calls.get(i).range()).isEqualTo("bytes=" + offset + "-" + (offset + MAX_BYTES - 1));
			offset += pre.wholeText().getBytes(StandardCharsets.UTF_8).length;
		}
		assertThat(offset).isEqualTo(total);
	}

	@Test
	void aSmallS3ObjectIsOneChunkThatSaysItIsTheEnd() {
		fleet(HOSTILE_OUTPUT);
		output(HOSTILE_OUTPUT, PLUGIN, "compiled 3 files\n", "");

		Document chunk = chunk(Store.S3.uri(HOSTILE_OUTPUT, "stdout"));

		assertThat(chunk.selectFirst("pre.output-chunk").wholeText()).isEqualTo("compiled 3 files\n");
		assertThat(chunk.select("[data-load-more]")).isEmpty();
		assertThat(chunk.select("[data-output-end]")).hasSize(1);
		assertThat(s3.calls()).hasSize(1);
	}

	@Test
	void anEmptyS3ObjectIsAnEmptyOutputNotAnError() {
		fleet(LONG);
		s3.failNext(1, 416, "InvalidRange", "The requested range is not satisfiable");

		Document chunk = chunk(Store.S3.uri(LONG, "stdout"));

		assertThat(chunk.selectFirst("pre.output-chunk").wholeText()).isEmpty();
		assertThat(chunk.select("[data-output-end]")).hasSize(1);
		assertThat(chunk.select("[data-output-problem], [data-load-more]")).isEmpty();
	}

	@Test
	void otherS3FailuresAreASentenceNeverAStackTrace() {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, LONG_STDERR);
		s3.failNext(3, 500, "InternalError", "We encountered an internal error. Please try again.");

		MvcTestResult result = htmx(Store.S3.uri(LONG, "stdout"));

		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(body(result)).contains("S3 answered s3:GetObject with an error (InternalError)")
			.doesNotContain("Exception")
			.doesNotContain("at software.amazon");
		assertThat(s3.calls()).as("the SDK retried the server error").hasSize(3);
	}

	@Test
	void aPluginTheInvocationDoesNotHaveIsABadRequestAfterAskingSsmOnly() {
		fleet(LONG);

		MvcTestResult result = htmx(outputUri(LONG, "..%2F..%2Fsecrets", "stdout", "s3"));

		assertThat(result.getResponse().getStatus()).isEqualTo(400);
		assertThat(body(result)).contains("plugin").contains(PLUGIN);
		assertThat(ssm.calls()).hasSize(1);
		assertThat(s3.calls()).isEmpty();
	}

	@Test
	void theFirstLogsChunkReadsTheStreamFromItsHeadAndSaysWhichStream() {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, "");

		Document first = chunk(Store.CLOUDWATCH.uri(LONG, "stdout"));

		JsonNode call = logs.calls().get(0).request();
		assertThat(call.get("logGroupName").asString()).isEqualTo(LOG_GROUP);
		assertThat(call.get("logStreamName").asString())
			.isEqualTo(OutputFixtures.logStream(LONG.instanceId(), "stdout"));
		assertThat(call.get("startFromHead").asBoolean()).isTrue();
		assertThat(call.get("limit").asInt()).isEqualTo(LOG_EVENTS_LIMIT);
		assertThat(call.has("nextToken")).isFalse();
		assertThat(first.selectFirst("[data-output-source]").text()).contains("CloudWatch Logs group " + LOG_GROUP)
			.contains("stream " + OutputFixtures.logStream(LONG.instanceId(), "stdout"));
		assertThat(Store.CLOUDWATCH.asRead(LONG_STDOUT)).startsWith(first.selectFirst("pre.output-chunk").wholeText());
		assertThat(first.select("[data-load-more]")).hasSize(1);
	}

	@Test
	void logsArePagedByTheForwardTokensUntilOneRepeats() {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, "");

		readAll(Store.CLOUDWATCH.uri(LONG, "stdout"));

		List<FakeLogsServer.Call> calls = logs.calls();
		long events = Store.CLOUDWATCH.asRead(LONG_STDOUT).chars().filter((c) -> c == '\n').count();
		assertThat(calls).as("one call per page of events, and one more that gets its token back")
			.hasSize((int) ((events + LOG_EVENTS_LIMIT - 1) / LOG_EVENTS_LIMIT) + 1);
		assertThat(calls).allSatisfy((call) -> assertThat(call.request().get("startFromHead").asBoolean()).isTrue());
		for (int i = 1; i < calls.size(); i++) {
			assertThat(token(calls.get(i).request())).as("call %d asks from where call %d ended", i, i - 1)
				.isEqualTo(calls.get(i - 1).response().get("nextForwardToken").asString());
		}
		FakeLogsServer.Call last = calls.get(calls.size() - 1);
		assertThat(last.response().get("events")).isEmpty();
		assertThat(last.response().get("nextForwardToken").asString()).isEqualTo(token(last.request()));
	}

	@Test
	void emptyLogPagesBeforeTheEventsAreFollowedWithinOneChunk() {
		fleet(LONG);
		output(LONG, PLUGIN, "first line\nsecond line\n", "");
		logs.emptyPagesFirst(3);

		Document chunk = chunk(Store.CLOUDWATCH.uri(LONG, "stdout"));

		assertThat(chunk.selectFirst("pre.output-chunk").wholeText()).isEqualTo("first line\nsecond line\n");
		assertThat(chunk.select("[data-output-end]")).hasSize(1);
		assertThat(logs.calls()).hasSize(5);
	}

	@Test
	void aLogsChunkMakesABoundedNumberOfCallsAndOffersToGoOn() {
		fleet(LONG);
		output(LONG, PLUGIN, "first line\nsecond line\n", "");
		logs.emptyPagesFirst(50);

		Document chunk = chunk(Store.CLOUDWATCH.uri(LONG, "stdout"));

		assertThat(logs.calls()).hasSize(10);
		assertThat(chunk.selectFirst("pre.output-chunk").wholeText()).isEmpty();
		assertThat(chunk.select("[data-load-more]")).hasSize(1);
	}

	@Test
	void withoutANamedGroupTheStreamIsInTheDocumentsDefaultGroup() {
		fleet(DEFAULT_GROUP);
		output(DEFAULT_GROUP, PLUGIN, "ok\n", "");

		Document chunk = chunk(Store.CLOUDWATCH.uri(DEFAULT_GROUP, "stdout"));

		assertThat(chunk.selectFirst("pre.output-chunk").wholeText()).isEqualTo("ok\n");
		assertThat(logs.calls().get(0).request().get("logGroupName").asString())
			.isEqualTo("/aws/ssm/AWS-RunShellScript");
	}

	@Test
	void aLogsTokenTheServiceRefusesAsksToStartAgain() {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, "");

		Document chunk = chunk(Store.CLOUDWATCH.uri(LONG, "stdout") + "&token=f%2F123%2Fs");

		assertThat(chunk.selectFirst("[data-output-problem]").text()).contains("no longer accepts this page token");
		assertThat(logs.calls()).singleElement()
			.satisfies((call) -> assertThat(token(call.request())).isEqualTo("f/123/s"));
	}

	@Test
	void aCommandWithoutCloudWatchOutputSaysSoWithoutACall() {
		fleet(CLOUDWATCH_OFF);

		Document chunk = chunk(Store.CLOUDWATCH.uri(CLOUDWATCH_OFF, "stdout"));

		assertThat(chunk.selectFirst("[data-output-problem]").text()).contains("did not send its output to CloudWatch");
		assertThat(logs.calls()).isEmpty();
	}

	private static String token(JsonNode request) {
		return request.hasNonNull("nextToken") ? request.get("nextToken").asString() : null;
	}

}
