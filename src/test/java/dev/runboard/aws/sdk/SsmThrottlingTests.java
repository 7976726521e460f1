package dev.runboard.aws.sdk;

import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.time.Instant;
import java.util.List;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.InvocationQuery;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.SignedInClient;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Throttling as SSM sends it (HTTP 400 with the unmodelled error code
 * {@code ThrottlingException}) against a local endpoint: the SDK retries it as often as
 * {@code runboard.ssm.max-attempts} allows, then the person gets a 503 with
 * {@code Retry-After} and a sentence, and a scroll page gets a row to retry in place.
 */
@RunboardTest
@WithMockUser
class SsmThrottlingTests {

	/** {@code runboard.ssm.max-attempts}: its default, in the {@code aws} setup. */
	static final int MAX_ATTEMPTS = 3;

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(60,
			Instant.parse("2026-11-20T12:00:00Z"));

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.listing(INVOCATIONS);

	@Autowired
	MockMvcTester mvc;

	@Test
	void throttlingOnEveryAttemptIsA503WithRetryAfterAndASentenceAfterMaxAttempts() {
		throttleEveryAttempt();

		MvcTestResult page = this.mvc.get().uri("/invocations?status=Failed").exchange();

		assertThat(page).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(page).headers().containsHeader(HttpHeaders.RETRY_AFTER);
		assertThat(Long.parseLong(page.getResponse().getHeader(HttpHeaders.RETRY_AFTER))).isPositive();
		assertThat(page).bodyText()
			.contains("AWS is throttling Systems Manager requests for this account and region")
			.contains("Wait a few seconds and try again.")
			.doesNotContain("ThrottlingException")
			.doesNotContain("Exception");
		assertThat(ssm.calls("ListCommandInvocations")).as("attempts").hasSize(MAX_ATTEMPTS);
	}

	@Test
	void aThrottledScrollPageBecomesARetryRowAndRetryingAfterTheThrottlingServesThePage() {
		MvcTestResult first = this.mvc.get().uri("/invocations?pageSize=10").exchange();
		assertThat(first).hasStatusOk();
		String secondPage = SignedInClient.nextUrl(body(first)).orElseThrow();
		throttleEveryAttempt();

		// As a URI, not a template: the token is already encoded, as a browser sends it.
		MvcTestResult throttled = this.mvc.get().uri(URI.create(secondPage)).header("HX-Request", "true").exchange();

		assertThat(throttled).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(throttled).headers().containsHeader(HttpHeaders.RETRY_AFTER);
		String row = body(throttled);
		assertThat(row).contains("<tr class=\"error-row\"")
			.contains("AWS is throttling Systems Manager requests")
			.doesNotContain("<html")
			.doesNotContain("data-command-id");
		String retry = SignedInClient.retryUrl(row).orElseThrow();
		assertThat(retry).isEqualTo(secondPage);

		ssm.reset();
		MvcTestResult retried = this.mvc.get().uri(URI.create(retry)).header("HX-Request", "true").exchange();

		assertThat(retried).hasStatusOk();
		assertThat(SignedInClient.rows(body(retried))).hasSize(10)
			.first()
			.isEqualTo(INVOCATIONS.get(10).commandId() + "/" + INVOCATIONS.get(10).instanceId());
		assertThat(ssm.calls("ListCommandInvocations")).hasSize(1);
	}

	@Test
	void aThrottleThatClearsWithinTheSdkRetriesServesThePage() {
		ssm.failNext(MAX_ATTEMPTS - 1, 400, "ThrottlingException", "Rate exceeded");

		assertThat(this.mvc.get().uri("/invocations?status=Success")).hasStatusOk()
			.bodyText()
			.contains("data-command-id=\"" + INVOCATIONS.get(0).commandId() + "\"");
		assertThat(ssm.calls("ListCommandInvocations")).hasSize(MAX_ATTEMPTS);
	}

	@Test
	void theSdkMakesAsManyAttemptsAsRunboardSsmMaxAttemptsSays() {
		try (TestSources sources = TestSources.aws("runboard.ssm.max-attempts=2")) {
			throttleEveryAttempt();
			assertThatExceptionOfType(AwsFailure.class)
				.isThrownBy(() -> sources.runCommand()
					.invocations(new InvocationQuery(null, null, "Failed", null, null, null, true, 50), null))
				.satisfies((failure) -> assertThat(failure.kind()).isEqualTo(AwsFailure.Kind.THROTTLED));
			assertThat(ssm.calls("ListCommandInvocations")).as("attempts").hasSize(2);
		}
	}

	/** More throttling answers than any call can use; {@link #reset} clears the rest. */
	private static void throttleEveryAttempt() {
		ssm.failNext(10 * MAX_ATTEMPTS, 400, "ThrottlingException", "Rate exceeded");
	}

	private static String body(MvcTestResult result) {
		try {
			return result.getResponse().getContentAsString();
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
