package dev.runboard.web;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.TestInvocations;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request has an ID: in the response header, on the error page a person reads out
 * to whoever runs Runboard, and in the log lines written while serving it.
 */
@RunboardTest
@WithMockUser(roles = { "USER", "OUTPUT" })
@ExtendWith(OutputCaptureExtension.class)
class RequestIdTests {

	static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer
		.local(new SandboxSsmClient((now) -> TestInvocations.generate(20, Instant.parse("2026-11-20T12:00:00Z")),
				Clock.systemUTC(), Region.EU_WEST_1));

	@Autowired
	MockMvcTester mvc;

	@Test
	void everyResponseCarriesAGeneratedId() {
		MvcTestResult first = this.mvc.get().uri("/invocations").exchange();
		MvcTestResult second = this.mvc.get().uri("/invocations").exchange();
		assertThat(first).hasStatusOk().headers().hasHeaderSatisfying("X-Request-Id", (values) -> {
			assertThat(values).singleElement().asString().matches(UUID);
		});
		assertThat(first.getResponse().getHeader("X-Request-Id"))
			.isNotEqualTo(second.getResponse().getHeader("X-Request-Id"));
	}

	@Test
	void anIdFromTheProxyInFrontIsKept() {
		assertThat(this.mvc.get().uri("/invocations").header("X-Request-Id", "alb-7f3a.42:1")).hasStatusOk()
			.headers()
			.hasValue("X-Request-Id", "alb-7f3a.42:1");
	}

	@Test
	void anIncomingIdThatDoesNotLookLikeAnIdIsReplaced() {
		for (String unsafe : List.of("<script>alert(1)</script>", "abc\r\nlevel=ERROR forged", "a b", "x".repeat(129),
				"-leading-dash")) {
			MvcTestResult result = this.mvc.get().uri("/invocations").header("X-Request-Id", unsafe).exchange();
			assertThat(result.getResponse().getHeader("X-Request-Id")).as(unsafe).matches(UUID);
		}
	}

	@Test
	void theErrorPageShowsTheId() {
		assertThat(this.mvc.get().uri("/invocations?pageSize=999").header("X-Request-Id", "trace-400")).hasStatus(400)
			.bodyText()
			.contains("Request ID: <code>trace-400</code>");
	}

	@Test
	void theErrorRowOfAFailedScrollPageShowsTheId() {
		assertThat(this.mvc.get()
			.uri("/invocations/rows?pageSize=999")
			.header("HX-Request", "true")
			.header("X-Request-Id", "trace-row")).hasStatus(400)
			.bodyText()
			.contains("class=\"error-row\"")
			.contains("Request ID: <code>trace-row</code>");
	}

	@Test
	void logLinesWrittenWhileServingTheRequestCarryTheId(CapturedOutput output) {
		ssm.failNext(1, 400, "AccessDeniedException", "not authorized to perform: ssm:ListCommandInvocations");
		assertThat(this.mvc.get().uri("/invocations").header("X-Request-Id", "trace-log")).hasStatus(502);
		// Plain lines carry the ID in brackets (logging.pattern.correlation); JSON lines
		// carry
		// it as a field, which the container test checks in a process of its own.
		assertThat(output.getOut().lines().filter((line) -> line.contains("SSM denied ssm:ListCommandInvocations")))
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains("WARN")
			.contains("[trace-log]");
	}

	@Test
	void theIdIsNotLeftBehindForTheNextRequestOnTheSameThread(CapturedOutput output) {
		this.mvc.get().uri("/invocations").header("X-Request-Id", "trace-first").exchange();
		ssm.failNext(1, 400, "AccessDeniedException", "not authorized to perform: ssm:ListCommandInvocations");
		this.mvc.get().uri("/invocations").header("X-Request-Id", "trace-second").exchange();
		// Only the second request logs the denial: its line carries that request's ID
		// alone.
		assertThat(output.getOut().lines().filter((line) -> line.contains("SSM denied")))
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains("[trace-second]")
			.doesNotContain("trace-first");
	}

}
