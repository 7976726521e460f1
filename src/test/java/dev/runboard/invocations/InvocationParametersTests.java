package dev.runboard.invocations;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Unknown or malformed query parameters of {@code /invocations} and
 * {@code /invocations/rows}: HTTP 400 with a page or fragment that names the parameter
 * and the accepted values, never a stack trace, and never a call to AWS.
 */
@RunboardTest
@WithMockUser(roles = { "USER", "OUTPUT" })
class InvocationParametersTests {

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(30,
			Instant.parse("2026-11-20T12:00:00Z"));

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.listing(INVOCATIONS);

	static final String HOSTILE = "<script>alert(1)</script>";

	static final String ALL_STATUSES = "Pending, InProgress, Delayed, Success, Cancelled, Failed, TimedOut, "
			+ "AccessDenied, DeliveryTimedOut, ExecutionTimedOut, Undeliverable, InvalidPlatform, Terminated";

	@Autowired
	MockMvcTester mvc;

	/**
	 * A request with parameters that must be refused.
	 *
	 * @param parameter the parameter the answer must name (its message starts "parameter:
	 * ")
	 * @param accepted what the answer must say is accepted
	 */
	record Invalid(String parameter, String accepted, String... namesAndValues) {

		@Override
		public String toString() {
			return String.join(" ", this.namesAndValues);
		}

	}

	static List<Invalid> invalidFilters() {
		return List.of(new Invalid("commandId", "36 characters", "commandId", "12345"),
				new Invalid("instanceId", "i- followed by 8 or 17", "instanceId", "web-01"),
				new Invalid("status", ALL_STATUSES, "status", "Done"),
				new Invalid("status", ALL_STATUSES, "status", "Cancelling"),
				new Invalid("document", "1 to 128", "document", "Run Shell Script"),
				new Invalid("document", "1 to 128", "document", "D".repeat(129)),
				new Invalid("after", "2026-11-20T00:00:00Z", "after", "yesterday"),
				new Invalid("before", "2026-11-20T00:00:00Z", "before", "2026-02-30"),
				new Invalid("after", "2026-11-20T10:00 meaning UTC", "after", "2026-12-06T10"),
				new Invalid("before", "2026-11-20T10:00 meaning UTC", "before", "2026-12-06 10:00 UTC"),
				new Invalid("after", "later than before", "after", "2026-11-21", "before", "2026-11-20"),
				new Invalid("details", "true or false", "details", "yes"),
				new Invalid("pageSize", "1 to 50", "pageSize", "0"),
				new Invalid("pageSize", "1 to 50", "pageSize", "51"),
				new Invalid("pageSize", "1 to 50", "pageSize", "-1"),
				new Invalid("pageSize", "1 to 50", "pageSize", "abc"),
				new Invalid("pageSize", "1 to 50", "pageSize", "1e3"),
				new Invalid("executionStage", "only filters commands", "executionStage", "Complete"),
				new Invalid("ExecutionStage", "only filters commands", "ExecutionStage", "Executing"),
				new Invalid("status", "cannot be combined with instanceId", "instanceId", "i-0123456789abcdef0",
						"status", "Pending"),
				new Invalid("status", ALL_STATUSES, "status", "Failed", "status", "Done"));
	}

	static List<Invalid> invalidScrollParameters() {
		return List.of(new Invalid("nextToken", "Reload the list", "nextToken", "not a token"),
				new Invalid("nextToken", "Reload the list", "nextToken", "x".repeat(4097)),
				new Invalid("nextToken", "at most once", "nextToken", "a", "nextToken", "b"));
	}

	static Stream<Arguments> invalidOnEitherPath() {
		return Stream.concat(invalidFilters().stream().map((invalid) -> arguments("/invocations", invalid)),
				Stream.concat(invalidFilters().stream(), invalidScrollParameters().stream())
					.map((invalid) -> arguments("/invocations/rows", invalid)));
	}

	static Stream<Invalid> invalidOnRows() {
		return Stream.concat(invalidFilters().stream(), invalidScrollParameters().stream());
	}

	@ParameterizedTest(name = "{0}?{1}")
	@ValueSource(strings = { "/invocations", "/invocations/rows" })
	void aValidQueryCallsAwsOnce(String path) {
		assertThat(get(path, "status", "Failed", "pageSize", "5")).hasStatusOk();
		assertThat(ssm.calls("ListCommandInvocations")).hasSize(1);
	}

	@ParameterizedTest(name = "{0}?{1}")
	@MethodSource("invalidOnEitherPath")
	void invalidParameterGets400PageNamingItWithoutCallingAws(String path, Invalid invalid) {
		MvcTestResult result = get(path, invalid.namesAndValues()).exchange();
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		assertNamesParameterWithoutInternals(result, invalid);
		assertThat(result).bodyText().contains("<html");
		assertThat(ssm.calls()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidFilters")
	void invalidFilterInAnHtmxRequestGets400ResultsFragmentAndKeepsTheAddressBar(Invalid invalid) {
		MvcTestResult result = get("/invocations", invalid.namesAndValues()).header("HX-Request", "true").exchange();
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasHeader("HX-Push-Url", "false");
		assertNamesParameterWithoutInternals(result, invalid);
		// The fragment replaces #results, so it must stay the target of the next filter
		// change.
		assertThat(result).bodyText().doesNotContain("<html").contains("id=\"results\"");
		assertThat(ssm.calls()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidOnRows")
	void invalidScrollRequestFromHtmxGets400ErrorRow(Invalid invalid) {
		MvcTestResult result = get("/invocations/rows", invalid.namesAndValues()).header("HX-Request", "true")
			.exchange();
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasHeader("HX-Push-Url", "false");
		assertNamesParameterWithoutInternals(result, invalid);
		assertThat(result).bodyText().doesNotContain("<html").contains("<tr class=\"error-row\"");
		assertThat(ssm.calls()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "commandId", "instanceId", "status", "document", "after", "before", "details", "pageSize",
			"executionStage" })
	void hostileParameterValueIsNeverReflectedUnescaped(String parameter) {
		for (String path : List.of("/invocations", "/invocations/rows")) {
			assertThat(get(path, parameter, HOSTILE)).hasStatus(HttpStatus.BAD_REQUEST)
				.bodyText()
				.doesNotContain(HOSTILE, "<script>alert");
			assertThat(get(path, parameter, HOSTILE).header("HX-Request", "true")).hasStatus(HttpStatus.BAD_REQUEST)
				.bodyText()
				.doesNotContain(HOSTILE, "<script>alert");
		}
		assertThat(ssm.calls()).isEmpty();
	}

	@Test
	void hostilePageTokenIsLeftToAwsToRefuseAndNeverReflected() {
		assertThat(get("/invocations/rows", "nextToken", HOSTILE).header("HX-Request", "true"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyText()
			.contains("<tr class=\"error-row\"")
			.doesNotContain(HOSTILE, "<script>alert", "Exception");
		assertThat(ssm.calls("ListCommandInvocations")).hasSize(1);
	}

	@Test
	void hostileUnknownParameterIsIgnoredAndNeverReflected() {
		assertThat(get("/invocations", "q", HOSTILE, HOSTILE, "x")).hasStatusOk()
			.bodyText()
			.contains("data-command-id=")
			.doesNotContain(HOSTILE, "<script>alert");
	}

	@Test
	void blankFilterFormIsAcceptedAndPushesTheCanonicalLink() {
		assertThat(get("/invocations", "status", "", "document", "", "commandId", "", "instanceId", "", "after", "",
				"before", "", "details", "true")
			.header("HX-Request", "true")).hasStatusOk().hasHeader("HX-Push-Url", "/invocations");
		assertThat(ssm.calls("ListCommandInvocations")).hasSize(1);
	}

	private MockMvcRequestBuilder get(String path, String... namesAndValues) {
		MockMvcRequestBuilder request = this.mvc.get().uri(path);
		for (int i = 0; i < namesAndValues.length; i += 2) {
			request.param(namesAndValues[i], namesAndValues[i + 1]);
		}
		return request;
	}

	private static void assertNamesParameterWithoutInternals(MvcTestResult result, Invalid invalid) {
		assertThat(result).bodyText()
			.as("names %s and what it accepts: %s", invalid.parameter(), Arrays.toString(invalid.namesAndValues()))
			.containsIgnoringCase(invalid.parameter() + ": ")
			.contains(invalid.accepted())
			.doesNotContain("Exception", "at dev.runboard", "at org.springframework", "at java.", "dev.runboard.aws",
					"software.amazon");
	}

}
