package dev.runboard.invocations;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.runboard.aws.sandbox.SandboxClientFactory;
import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.RunboardTest.Setup;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default run: the sandbox serves whole output from S3 and CloudWatch Logs too, and
 * one command's output is larger than one read, so "Load more" shows.
 */
@RunboardTest(Setup.SANDBOX)
@WithMockUser
class InvocationOutputSandboxTests {

	/** The default {@code runboard.output.max-bytes}. */
	static final int MAX_BYTES = 256 * 1024;

	@Autowired
	MockMvcTester mvc;

	@Autowired
	SandboxClientFactory sandbox;

	@Autowired
	Clock clock;

	@Test
	void aSandboxInvocationHasMoreOutputThanOneReadAndBothSourcesServeAllOfIt() {
		SandboxData data = this.sandbox.fleets().get(0);
		Instant now = this.clock.instant();
		CommandInvocation invocation = null;
		String stdout = null;
		for (CommandInvocation candidate : data.invocationsAt(now)) {
			CommandPlugin plugin = candidate.commandPlugins().get(0);
			String full = data.fullOutput(candidate.commandId(), candidate.instanceId(), plugin.name(), now)
				.map(SandboxData.FullOutput::stdout)
				.orElse("");
			if (full.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
				invocation = candidate;
				stdout = full;
				break;
			}
		}
		assertThat(invocation).as("a sandbox invocation with more than %d bytes of stdout", MAX_BYTES).isNotNull();

		Document page = Jsoup.parse(body(this.mvc.get()
			.uri("/invocations/" + invocation.commandId() + "/" + invocation.instanceId())
			.exchange()));

		for (String source : List.of("s3", "cloudwatch")) {
			Element button = page.selectFirst("[data-read-output=" + source + "-stdout]");
			assertThat(button).as("the %s button", source).isNotNull();
			List<Document> chunks = readAll(button.attr("hx-get"));
			assertThat(chunks).as(source).hasSizeGreaterThan(1);
			assertThat(OutputTestSupport.text(chunks)).as(source).isEqualTo(stdout);
		}
	}

	private List<Document> readAll(String uri) {
		List<Document> chunks = new ArrayList<>();
		String next = uri;
		while (next != null) {
			assertThat(chunks).hasSizeLessThan(50);
			MvcTestResult result = this.mvc.get().uri(URI.create(next)).header("HX-Request", "true").exchange();
			assertThat(result).hasStatusOk();
			Document chunk = Jsoup.parseBodyFragment(body(result));
			assertThat(chunk.select("[data-output-problem]")).isEmpty();
			chunks.add(chunk);
			Element more = chunk.selectFirst("[data-load-more]");
			next = (more != null) ? more.attr("hx-get") : null;
		}
		return chunks;
	}

	private static String body(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

}
