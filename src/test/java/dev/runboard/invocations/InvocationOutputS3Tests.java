package dev.runboard.invocations;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.runboard.testing.FakeS3Server;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static dev.runboard.invocations.OutputFixtures.BUCKET;
import static dev.runboard.invocations.OutputFixtures.HOSTILE;
import static dev.runboard.invocations.OutputFixtures.LONG_STDERR;
import static dev.runboard.invocations.OutputFixtures.LONG_STDOUT;
import static dev.runboard.invocations.OutputFixtures.PLUGIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole output read from the S3 objects SSM names, through the real S3 client over
 * HTTP: ranged reads no larger than the cap, "Load more" from where the last chunk ended
 * until the object ends, and failures shown as sentences in the output section.
 */
class InvocationOutputS3Tests extends OutputTestSupport {

	static final CommandInvocation LONG = OutputFixtures.invocation("i-0000000000000b001",
			OutputFixtures.listed(LONG_STDOUT) + "\n----------ERROR-------\n" + LONG_STDERR.substring(0, 200), null);

	static final CommandInvocation HOSTILE_OUTPUT = OutputFixtures.invocation("i-0000000000000b002", HOSTILE, null);

	static final CommandInvocation NOT_UPLOADED = OutputFixtures.invocation("i-0000000000000b003", "", null);

	@Test
	void eachReadAsksForOneRangeNoLargerThanTheCapAndSaysWhereTheTextComesFrom() {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, LONG_STDERR);

		Document first = chunk(outputUri(LONG, PLUGIN, "stdout", "s3"));

		assertThat(s3.calls()).singleElement().satisfies((call) -> {
			assertThat(call.method()).isEqualTo("GET");
			assertThat(call.bucket()).isEqualTo(BUCKET);
			assertThat(call.key()).isEqualTo(OutputFixtures.key(LONG.instanceId(), "stdout"));
			assertThat(call.range()).isEqualTo("bytes=0-" + (MAX_BYTES - 1));
		});
		int total = LONG_STDOUT.getBytes(StandardCharsets.UTF_8).length;
		assertThat(first.selectFirst("[data-output-source]").text())
			.contains("S3 object s3://" + BUCKET + "/" + OutputFixtures.key(LONG.instanceId(), "stdout"))
			.contains(String.format("%,d bytes", total));
		String text = first.selectFirst("pre.output-chunk").wholeText();
		assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MAX_BYTES);
		assertThat(LONG_STDOUT).startsWith(text);
		assertThat(text).as("a chunk that is not the last ends with a whole line").endsWith("\n");
		assertThat(first.select("[data-load-more]")).singleElement()
			.satisfies((more) -> assertThat(more.text()).contains(String.format("of %,d bytes shown", total)));
		assertThat(first.select("[data-output-end]")).isEmpty();
	}

	@Test
	void loadingMoreUntilTheEndReassemblesTheObjectWithNoByteLostOrRepeated() {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, LONG_STDERR);

		List<Document> chunks = readAll(outputUri(LONG, PLUGIN, "stdout", "s3"));

		assertThat(text(chunks)).isEqualTo(LONG_STDOUT);
		int total = LONG_STDOUT.getBytes(StandardCharsets.UTF_8).length;
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
		assertThat(chunks.get(chunks.size() - 1).select("[data-output-end]")).hasSize(1);
		assertThat(chunks.subList(1, chunks.size())).as("the source is said once, above the first chunk")
			.allSatisfy((chunk) -> assertThat(chunk.select("[data-output-source]")).isEmpty());
	}

	@Test
	void stderrIsReadFromItsOwnObject() {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, LONG_STDERR);

		List<Document> chunks = readAll(outputUri(LONG, PLUGIN, "stderr", "s3"));

		assertThat(text(chunks)).isEqualTo(LONG_STDERR);
		assertThat(s3.calls()).extracting(FakeS3Server.Call::key)
			.containsOnly(OutputFixtures.key(LONG.instanceId(), "stderr"));
		assertThat(chunks.get(0).select("pre.output-chunk.stderr")).hasSize(1);
	}

	@Test
	void aSmallObjectIsOneChunkThatSaysItIsTheEnd() {
		fleet(HOSTILE_OUTPUT);
		output(HOSTILE_OUTPUT, PLUGIN, "compiled 3 files\n", "");

		Document chunk = chunk(outputUri(HOSTILE_OUTPUT, PLUGIN, "stdout", "s3"));

		assertThat(chunk.selectFirst("pre.output-chunk").wholeText()).isEqualTo("compiled 3 files\n");
		assertThat(chunk.select("[data-load-more]")).isEmpty();
		assertThat(chunk.select("[data-output-end]")).hasSize(1);
		assertThat(s3.calls()).hasSize(1);
	}

	@Test
	void anEmptyObjectIsAnEmptyOutputNotAnError() {
		fleet(LONG);
		s3.failNext(1, 416, "InvalidRange", "The requested range is not satisfiable");

		Document chunk = chunk(outputUri(LONG, PLUGIN, "stdout", "s3"));

		assertThat(chunk.selectFirst("pre.output-chunk").wholeText()).isEmpty();
		assertThat(chunk.select("[data-output-end]")).hasSize(1);
		assertThat(chunk.select("[data-output-problem], [data-load-more]")).isEmpty();
	}

	@Test
	void outputIsTextNeverMarkup() {
		fleet(HOSTILE_OUTPUT);
		output(HOSTILE_OUTPUT, PLUGIN, HOSTILE, "");

		MvcTestResult result = htmx(outputUri(HOSTILE_OUTPUT, PLUGIN, "stdout", "s3"));
		Document chunk = Jsoup.parseBodyFragment(body(result));

		assertThat(chunk.selectFirst("pre.output-chunk").wholeText())
			.isEqualTo(HOSTILE.replace("\u001B[1;31m", "").replace("\u001B[0m", ""));
		assertThat(chunk.select("pre *, script, b, img, [onerror], [hx-trigger=load], [hx-get=/evil]")).isEmpty();
		assertThat(body(result)).contains("&lt;script&gt;alert(").doesNotContain("\u001B");
	}

	@Test
	void accessDeniedNamesTheIamActionAndKeepsTheConsoleLink() {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, LONG_STDERR);
		s3.failNext(1, 403, "AccessDenied", "User: arn:aws:sts::111122223333:assumed-role/runboard/i-0abc is not "
				+ "authorized to perform: s3:GetObject on resource: arn:aws:s3:::runboard-output/runcommand/x");

		Document chunk = chunk(outputUri(LONG, PLUGIN, "stdout", "s3"));

		assertThat(chunk.selectFirst("[data-output-problem]").text()).contains("s3:GetObject")
			.contains("IAM")
			.contains("s3://" + BUCKET + "/")
			.doesNotContain("111122223333");
		assertThat(chunk.select("a[data-link=s3-stdout]")).singleElement()
			.satisfies((link) -> assertThat(link.attr("href"))
				.startsWith("https://s3.console.aws.amazon.com/s3/object/" + BUCKET + "?region=eu-west-1&prefix="));
		assertThat(chunk.select("pre, [data-load-more], [data-output-end]")).isEmpty();
		assertThat(s3.calls()).hasSize(1);
	}

	@Test
	void anObjectThatIsNotThereSaysItDoesNotExistYet() {
		fleet(NOT_UPLOADED);

		Document chunk = chunk(outputUri(NOT_UPLOADED, PLUGIN, "stdout", "s3"));

		assertThat(chunk.selectFirst("[data-output-problem]").text()).contains("does not exist (yet)")
			.contains(OutputFixtures.key(NOT_UPLOADED.instanceId(), "stdout"));
		assertThat(chunk.select("a[data-link=s3-stdout]")).hasSize(1);
		assertThat(chunk.select("pre")).isEmpty();
	}

	@Test
	void otherS3FailuresAreASentenceNeverAStackTrace() {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, LONG_STDERR);
		s3.failNext(3, 500, "InternalError", "We encountered an internal error. Please try again.");

		MvcTestResult result = htmx(outputUri(LONG, PLUGIN, "stdout", "s3"));

		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(body(result)).contains("S3 answered s3:GetObject with an error (InternalError)")
			.doesNotContain("Exception")
			.doesNotContain("at software.amazon");
		assertThat(s3.calls()).as("the SDK retried the server error").hasSize(3);
	}

	@Test
	void theBucketAndKeyAreWhatSsmSaysWhateverTheRequestCarries() {
		fleet(LONG);
		output(LONG, PLUGIN, LONG_STDOUT, LONG_STDERR);

		Document chunk = chunk(outputUri(LONG, PLUGIN, "stdout", "s3") + "&bucket=attacker-bucket"
				+ "&key=secrets%2Fid_rsa&s3Key=..%2F..%2Fetc%2Fpasswd&url=https%3A%2F%2Fevil.example%2Fx"
				+ "&location=s3%3A%2F%2Fother%2Fkey");

		assertThat(chunk.select("pre.output-chunk")).hasSize(1);
		assertThat(s3.calls()).singleElement().satisfies((call) -> {
			assertThat(call.bucket()).isEqualTo(BUCKET);
			assertThat(call.key()).isEqualTo(OutputFixtures.key(LONG.instanceId(), "stdout"));
			assertThat(call.query()).isNull();
		});
		assertThat(chunk.selectFirst("[data-load-more]").attr("hx-get")).doesNotContain("attacker")
			.doesNotContain("secrets")
			.doesNotContain("evil");
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

}
