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

		assertThat(page.select(".stream summary small").eachText())
			.allSatisfy((count) -> assertThat(count).matches("\\d{1,3}(,\\d{3})* characters"))
			.anySatisfy((count) -> assertThat(count).contains(","));
		assertThat(page.selectFirst("[data-read-output=s3-stdout]").text()).isEqualTo("Read the whole stdout from S3");
		for (String source : List.of("s3", "cloudwatch")) {
			Element button = page.selectFirst("[data-read-output=" + source + "-stdout]");
			assertThat(button).as("the %s button", source).isNotNull();
			List<Document> chunks = readAll(button.attr("hx-get"));
			assertThat(chunks).as(source).hasSizeGreaterThan(1);
			assertThat(OutputTestSupport.text(chunks)).as(source).isEqualTo(stdout);
		}
	}

	/**
	 * An invocation the agent never ran has no output anywhere: neither its row nor its
	 * page offers a link to S3 or CloudWatch Logs or a button to read its whole output;
	 * both say why instead.
	 */
	@Test
	void anUndeliverableInvocationOffersNoOutputLinkNorWholeOutputButSaysWhy() {
		CommandInvocation undeliverable = this.sandbox.fleets()
			.get(0)
			.invocationsAt(this.clock.instant())
			.stream()
			.filter((candidate) -> "Undeliverable".equals(candidate.statusDetails())
					&& !candidate.commandPlugins().get(0).standardOutputUrl().isEmpty())
			.findFirst()
			.orElseThrow();

		Document page = Jsoup.parse(body(this.mvc.get()
			.uri("/invocations/{c}/{i}?region=eu-west-1", undeliverable.commandId(), undeliverable.instanceId())
			.exchange()));
		Document row = Jsoup.parse(body(this.mvc.get()
			.uri("/invocations?commandId={c}&instanceId={i}&region=eu-west-1", undeliverable.commandId(),
					undeliverable.instanceId())
			.exchange()));

		assertThat(page.select("[data-read-output]")).as("whole-output buttons").isEmpty();
		assertThat(page.select("a[data-link]")).as("output links").isEmpty();
		assertThat(page.select("[data-never-ran]")).isNotEmpty()
			.allSatisfy((reason) -> assertThat(reason.text()).contains("never ran (Undeliverable)"));
		assertThat(row.select("#invocations tr[data-command-id]")).hasSize(1);
		assertThat(row.select("#invocations a[data-link]")).as("output links in its row").isEmpty();
		assertThat(row.select("#invocations [data-never-ran]")).isNotEmpty();
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
