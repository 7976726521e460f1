package dev.runboard.invocations;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.OutputInvocations;
import dev.runboard.testing.RunboardTest;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

/**
 * Rows are drawn once and shown again, and what is shown again is only ever what the user
 * asking would have been drawn: never another user's output, never a status or output the
 * invocation no longer has, never an age from when it was drawn. Through the real SDK
 * against a local SSM endpoint, with the output role set.
 */
@RunboardTest
class RenderedRowsTests {

	static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

	static final String COMMAND = "0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10";

	static final String NODE = "i-0123456789abcdef0";

	static final CommandInvocation FAILED = OutputInvocations.invocation(COMMAND, NODE, NOW, "Failed");

	/** What the endpoint lists: one invocation, whose status a test may change. */
	static final AtomicReference<CommandInvocation> listed = new AtomicReference<>(FAILED);

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer
		.local(new SandboxSsmClient((now) -> List.of(listed.get()), Clock.systemUTC(), Region.EU_WEST_1));

	static final RequestPostProcessor READER = user("reader").roles("USER", "OUTPUT");

	static final RequestPostProcessor VIEWER = user("viewer").roles("USER");

	@Autowired
	MockMvcTester mvc;

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void reset() {
		listed.set(FAILED);
	}

	@Test
	void aFinalRowIsDrawnOnceAndShownAgainAsItWasDrawn() {
		String first = rows(READER);
		double hits = count("hit");
		String second = rows(READER);

		assertThat(count("hit")).as("rows shown again").isEqualTo(hits + 1);
		assertThat(second).isEqualTo(first).contains(OutputInvocations.STDOUT);
	}

	@Test
	void aRowKeptForAReaderOfOutputIsNeverShownToAUserWithoutTheRole() {
		assertThat(rows(READER)).contains(OutputInvocations.STDOUT);
		assertThat(rows(READER)).contains(OutputInvocations.STDOUT);

		String viewers = rows(VIEWER);
		assertThat(viewers).contains("data-status=\"Failed\"")
			.doesNotContain(OutputInvocations.STDOUT)
			.doesNotContain(OutputInvocations.STDERR)
			.doesNotContain("data-link=");
		assertThat(rows(VIEWER)).isEqualTo(viewers);
		assertThat(rows(READER)).contains(OutputInvocations.STDOUT);
	}

	@Test
	void aRowWithoutDetailsIsNotTheRowWithThem() {
		rows(READER);
		String without = body("/invocations/rows?details=false", READER);
		assertThat(without).contains("data-status=\"Failed\"").doesNotContain(OutputInvocations.STDOUT);
	}

	@Test
	void aRowWhoseStatusChangedIsDrawnWithTheNewStatus() {
		listed.set(OutputInvocations.invocation(COMMAND, NODE, NOW, "InProgress"));
		assertThat(rows(READER)).contains("data-status=\"InProgress\"").contains("hx-trigger=");
		assertThat(rows(READER)).contains("data-status=\"InProgress\"");

		listed.set(FAILED);
		assertThat(rows(READER)).contains("data-status=\"Failed\"")
			.doesNotContain("InProgress")
			.doesNotContain("hx-trigger=");

		listed.set(OutputInvocations.invocation(COMMAND, NODE, NOW, "Cancelled"));
		assertThat(rows(READER)).contains("data-status=\"Cancelled\"").doesNotContain("data-status=\"Failed\"");
	}

	@Test
	void aRunningRowIsDrawnAgainWhenItsOutputGrows() {
		CommandInvocation running = OutputInvocations.invocation(COMMAND, NODE, NOW, "InProgress");
		listed.set(running);
		rows(READER);
		double hits = count("hit");
		assertThat(rows(READER)).contains("hx-trigger=").doesNotContain("second line");
		assertThat(count("hit")).as("the same running row, shown again").isEqualTo(hits + 1);

		CommandPlugin plugin = running.commandPlugins().get(0);
		listed.set(running.toBuilder()
			.commandPlugins(List.of(plugin.toBuilder().output(plugin.output() + "\nsecond line").build()))
			.build());
		double misses = count("miss");
		assertThat(rows(READER)).contains("second line").contains("data-status=\"InProgress\"");
		assertThat(count("miss")).as("drawn again").isEqualTo(misses + 1);
	}

	@Test
	void aRowCarriesNoAgeTheBrowserWritesIt() {
		assertThat(rows(READER))
			.containsPattern("<time datetime=\"2026-11-20T12:00:00Z\" data-age>2026-11-20 12:00:00 UTC</time>")
			.doesNotContain("class=\"age\"")
			.doesNotContain(" ago");
	}

	@Test
	void aRowOfAsciiAnswersIsAscii() {
		// The template's own text is written as character references, so a row costs the
		// response's UTF-8 encoder its fast path only where SSM's answers are not ASCII.
		assertThat(rows(READER)).contains("Whole output and details &rarr;").matches("\\p{ASCII}*");
	}

	@Test
	void theWholePageShowsTheKeptRows() {
		String row = rows(READER);
		var page = this.mvc.get().uri("/invocations").with(READER).exchange();
		assertThat(page).hasStatusOk().bodyText().contains(row);
	}

	private String rows(RequestPostProcessor user) {
		return body("/invocations/rows", user);
	}

	private String body(String path, RequestPostProcessor user) {
		MvcTestResult result = this.mvc.get().uri(path).header("HX-Request", "true").with(user).exchange();
		assertThat(result).hasStatusOk();
		String body = new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
		int start = body.indexOf("<tr data-command-id=");
		int end = body.indexOf("</tr>", start);
		assertThat(start).as("a row in %s", body).isNotNegative();
		return body.substring(start, end + "</tr>".length());
	}

	private double count(String result) {
		FunctionCounter gets = this.meters.find("cache.gets")
			.tag("cache", "runboard.rows")
			.tag("result", result)
			.functionCounter();
		return (gets != null) ? gets.count() : 0;
	}

}
