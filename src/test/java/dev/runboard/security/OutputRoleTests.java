package dev.runboard.security;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.OutputInvocations;
import dev.runboard.testing.RunboardTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

/**
 * With {@code runboard.security.output-role} set, only users holding that role see plugin
 * output, output links and the detail page's stdout and stderr; everyone else sees
 * statuses and metadata and a note saying why output is hidden, and Runboard does not
 * even fetch the whole output for them. Through the real SDK against a local SSM
 * endpoint, with output worth hiding and S3 and CloudWatch output locations.
 */
@RunboardTest
class OutputRoleTests {

	static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

	static final String FINISHED_PATH = "/invocations/0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10/i-0123456789abcdef0";

	static final String RUNNING_PATH = "/invocations/7f3c1a2b-9d4e-4f5a-8b6c-0d1e2f3a4b5c/i-0fedcba9876543210";

	static final CommandInvocation FINISHED = OutputInvocations.invocation("0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10",
			"i-0123456789abcdef0", NOW, "Failed");

	static final CommandInvocation RUNNING = OutputInvocations.invocation("7f3c1a2b-9d4e-4f5a-8b6c-0d1e2f3a4b5c",
			"i-0fedcba9876543210", NOW.minusSeconds(60), "InProgress");

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer
		.local(new SandboxSsmClient((now) -> List.of(FINISHED, RUNNING), Clock.systemUTC(), Region.EU_WEST_1));

	/** Every kind of output link the pages can show. */
	static final String OUTPUT_LINK = "data-link=\"(s3-stdout|s3-stderr|cloudwatch|cloudwatch-stderr)\"";

	@Autowired
	MockMvcTester mvc;

	@ParameterizedTest
	@ValueSource(strings = { "/invocations", "/invocations/rows", FINISHED_PATH + "/row", RUNNING_PATH + "/row",
			FINISHED_PATH, RUNNING_PATH })
	void userWithoutTheRoleGetsNoOutputAndNoOutputLinks(String path) {
		for (boolean htmx : new boolean[] { false, true }) {
			String body = body(get(path, htmx, user("viewer").roles("USER")));
			assertThat(body).as("%s, htmx %s", path, htmx)
				.contains("data-status=\"")
				.doesNotContain(OutputInvocations.STDOUT)
				.doesNotContain(OutputInvocations.STDERR)
				.doesNotContainPattern(OUTPUT_LINK)
				.doesNotContain("s3.console.aws.amazon.com")
				.doesNotContain("#logsV2:")
				.doesNotContain("ops-output-bucket")
				.doesNotContain("data-truncated");
		}
		assertThat(ssm.calls("GetCommandInvocation")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/invocations", FINISHED_PATH, RUNNING_PATH })
	void userWithoutTheRoleIsToldWhyOutputIsHidden(String path) {
		assertThat(body(get(path, false, user("viewer").roles("USER")))).contains("data-output-hidden")
			.contains("<code>OUTPUT</code>");
	}

	@Test
	void userWithoutTheRoleStillSeesStatusesAndMetadata() {
		assertThat(body(get(FINISHED_PATH, false, user("viewer").roles("USER"))))
			.contains("data-command-id=\"" + FINISHED.commandId() + "\"")
			.contains("data-status=\"Failed\"")
			.contains("aws:runShellScript")
			.contains("AWS-RunShellScript")
			.contains("/runboard/output");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/invocations", "/invocations/rows", FINISHED_PATH + "/row", RUNNING_PATH + "/row",
			FINISHED_PATH, RUNNING_PATH })
	void userWithTheRoleGetsOutputAndOutputLinks(String path) {
		for (boolean htmx : new boolean[] { false, true }) {
			String body = body(get(path, htmx, user("reader").roles("USER", "OUTPUT")));
			assertThat(body).as("%s, htmx %s", path, htmx)
				.contains(OutputInvocations.STDOUT)
				.contains(OutputInvocations.STDERR)
				.containsPattern("data-link=\"s3-stdout\"")
				.containsPattern("data-link=\"cloudwatch\"")
				.doesNotContain("data-output-hidden");
		}
	}

	/**
	 * Where output is kept (the S3 bucket and prefix, the log group) says where to read
	 * it: the command page names it only to users with the role, as the detail page does.
	 */
	@Test
	void theCommandPageNamesWhereOutputIsKeptOnlyToUsersWithTheRole() {
		String path = "/commands/" + FINISHED.commandId();
		assertThat(body(get(path, false, user("viewer").roles("USER")))).doesNotContain("ops-output-bucket")
			.doesNotContain("runboard-output")
			.doesNotContain("/runboard/output")
			.contains("hidden: output role only");
		assertThat(body(get(path, false, user("reader").roles("USER", "OUTPUT")))).contains("ops-output-bucket")
			.contains("/runboard/output")
			.doesNotContain("hidden: output role only");
	}

	@Test
	void detailPageFetchesTheWholeOutputOnlyForUsersWithTheRole() {
		body(get(FINISHED_PATH, false, user("viewer").roles("USER")));
		assertThat(ssm.calls("GetCommandInvocation")).isEmpty();
		body(get(FINISHED_PATH, false, user("reader").roles("USER", "OUTPUT")));
		assertThat(ssm.calls("GetCommandInvocation")).hasSize(1);
	}

	@Test
	void roleIsMatchedExactly() {
		String body = body(get(FINISHED_PATH, false, user("viewer").roles("USER", "OUTPUT_READER", "output")));
		assertThat(body).contains("data-output-hidden").doesNotContain(OutputInvocations.STDOUT);
	}

	private MvcTestResult get(String path, boolean htmx, RequestPostProcessor user) {
		return htmx ? this.mvc.get().uri(path).header("HX-Request", "true").with(user).exchange()
				: this.mvc.get().uri(path).with(user).exchange();
	}

	private static String body(MvcTestResult result) {
		assertThat(result).hasStatusOk();
		try {
			return result.getResponse().getContentAsString();
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
