package dev.runboard.invocations;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.aws.sandbox.SandboxLogsClient;
import dev.runboard.aws.sandbox.SandboxS3Client;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeLogsServer;
import dev.runboard.testing.FakeS3Server;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.RunboardTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code aws} source wired to local SSM, S3 and CloudWatch Logs endpoints that speak
 * the services' protocols (JSON 1.1, S3 REST), so the real SDK clients read whole output
 * over HTTP. All three answer from one data set each test sets: the invocations SSM
 * lists, and the whole output behind them that S3 objects and log streams hold. Reads are
 * capped at 4 KiB and 40 log events per call, so a few tens of kilobytes take many
 * chunks. Output is reserved for the role {@code OUTPUT}, which the test user has unless
 * a test says otherwise.
 */
@RunboardTest
@WithMockUser(roles = { "USER", "OUTPUT" })
abstract class OutputTestSupport {

	/** {@code runboard.output.max-bytes} of the {@code aws} setup. */
	static final int MAX_BYTES = 4096;

	/** {@code runboard.output.log-events-limit} of the {@code aws} setup. */
	static final int LOG_EVENTS_LIMIT = 40;

	static final Instant NOW = Instant.parse("2026-11-20T03:00:00Z");

	private static volatile List<CommandInvocation> invocations = List.of();

	private static final Map<String, SandboxData.FullOutput> outputs = new ConcurrentHashMap<>();

	static final SandboxData DATA = new SandboxData() {

		@Override
		public List<CommandInvocation> invocationsAt(Instant now) {
			return invocations;
		}

		@Override
		public Optional<FullOutput> fullOutput(String commandId, String instanceId, String pluginName, Instant now) {
			return Optional.ofNullable(outputs.get(commandId + "/" + instanceId + "/" + pluginName));
		}

	};

	static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.local(new SandboxSsmClient(DATA, CLOCK, Region.EU_WEST_1));

	@RegisterExtension
	static final FakeS3Server s3 = FakeS3Server.local(new SandboxS3Client(DATA, CLOCK));

	@RegisterExtension
	static final FakeLogsServer logs = FakeLogsServer.local(new SandboxLogsClient(DATA, CLOCK));

	@Autowired
	MockMvcTester mvc;

	@BeforeEach
	void forgetData() {
		invocations = List.of();
		outputs.clear();
	}

	/** SSM lists these invocations (newest first) for the current test. */
	static void fleet(CommandInvocation... newestFirst) {
		invocations = List.of(newestFirst);
	}

	/** The whole output of a plugin, behind the list's 2,500 characters. */
	static void output(CommandInvocation invocation, String plugin, String stdout, String stderr) {
		outputs.put(invocation.commandId() + "/" + invocation.instanceId() + "/" + plugin,
				new SandboxData.FullOutput(stdout, stderr));
	}

	/** The first chunk's address, as the detail page's buttons ask for it. */
	static String outputUri(CommandInvocation invocation, String plugin, String stream, String source) {
		return "/invocations/" + invocation.commandId() + "/" + invocation.instanceId() + "/output?plugin=" + plugin
				+ "&stream=" + stream + "&source=" + source;
	}

	/** A GET as htmx sends it. */
	MvcTestResult htmx(String uri) {
		return this.mvc.get().uri(URI.create(uri)).header("HX-Request", "true").exchange();
	}

	/** One chunk, which must render. */
	Document chunk(String uri) {
		MvcTestResult result = htmx(uri);
		assertThat(result.getResponse().getStatus()).as("status of %s: %s", uri, body(result)).isEqualTo(200);
		return Jsoup.parseBodyFragment(body(result));
	}

	/**
	 * Reads the whole output as the page does: the first chunk, then each chunk's "Load
	 * more" until a chunk has none.
	 */
	List<Document> readAll(String uri) {
		List<Document> chunks = new ArrayList<>();
		String next = uri;
		while (next != null) {
			assertThat(chunks).as("chunks read, bounded").hasSizeLessThan(200);
			Document chunk = chunk(next);
			chunks.add(chunk);
			Element more = chunk.selectFirst("[data-load-more]");
			next = (more != null) ? AwsSourceTestSupport.asServletContainerReads(more.attr("hx-get")) : null;
		}
		return chunks;
	}

	/** The output text of these chunks, in order. */
	static String text(List<Document> chunks) {
		StringBuilder text = new StringBuilder();
		for (Document chunk : chunks) {
			chunk.select("pre.output-chunk").forEach((pre) -> text.append(pre.wholeText()));
		}
		return text.toString();
	}

	static String body(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

}
