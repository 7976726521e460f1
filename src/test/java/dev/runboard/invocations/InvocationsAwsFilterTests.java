package dev.runboard.invocations;

import java.util.List;
import java.util.stream.Stream;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each filter shows exactly the invocations SSM returns for the equivalent request, in
 * SSM's order, with the status SSM reports: the table adds nothing and drops nothing.
 */
class InvocationsAwsFilterTests extends AwsSourceTestSupport {

	/** {@link #FLEET} with the finer states SSM reports for timed-out invocations. */
	static final List<CommandInvocation> TIMEOUTS = FLEET.stream().map((invocation) -> {
		if (!"TimedOut".equals(invocation.statusAsString())) {
			return invocation;
		}
		String details = (invocation.instanceId().hashCode() % 3 == 0) ? "DeliveryTimedOut" : "ExecutionTimedOut";
		return invocation.toBuilder().statusDetails(details).build();
	}).toList();

	static final CommandInvocation SOME = FLEET.get(41);

	@BeforeEach
	void timeouts() {
		fleet(TIMEOUTS);
	}

	static Stream<Arguments> filters() {
		return Stream.of(Arguments.of("status=Failed", request(filter(CommandFilterKey.STATUS, "Failed"))),
				Arguments.of("status=InProgress", request(filter(CommandFilterKey.STATUS, "InProgress"))),
				Arguments.of("status=DeliveryTimedOut", request(filter(CommandFilterKey.STATUS, "DeliveryTimedOut"))),
				Arguments.of("status=ExecutionTimedOut", request(filter(CommandFilterKey.STATUS, "ExecutionTimedOut"))),
				Arguments.of("document=AWS-RunPatchBaseline",
						request(filter(CommandFilterKey.DOCUMENT_NAME, "AWS-RunPatchBaseline"))),
				Arguments.of("after=2026-11-20",
						request(filter(CommandFilterKey.INVOKED_AFTER, "2026-11-20T00:00:00Z"))),
				Arguments.of("before=2026-11-19T22:00:00Z",
						request(filter(CommandFilterKey.INVOKED_BEFORE, "2026-11-19T22:00:00Z"))),
				Arguments.of("after=2026-11-19T23:00:00Z&before=2026-11-20T01:00:00Z",
						request(filter(CommandFilterKey.INVOKED_AFTER, "2026-11-19T23:00:00Z"),
								filter(CommandFilterKey.INVOKED_BEFORE, "2026-11-20T01:00:00Z"))),
				Arguments.of("status=Success&document=AWS-RunShellScript&after=2026-11-20",
						request(filter(CommandFilterKey.STATUS, "Success"),
								filter(CommandFilterKey.DOCUMENT_NAME, "AWS-RunShellScript"),
								filter(CommandFilterKey.INVOKED_AFTER, "2026-11-20T00:00:00Z"))),
				Arguments.of("commandId=" + SOME.commandId(),
						request().toBuilder().commandId(SOME.commandId()).build()),
				Arguments.of("instanceId=" + SOME.instanceId(),
						request().toBuilder().instanceId(SOME.instanceId()).build()),
				Arguments.of("commandId=" + SOME.commandId() + "&status=Failed",
						request(filter(CommandFilterKey.STATUS, "Failed")).toBuilder()
							.commandId(SOME.commandId())
							.build()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("filters")
	void eachFilterShowsExactlyWhatSsmReturnsForIt(String query, ListCommandInvocationsRequest equivalent) {
		List<String> expected = ssmAnswer(equivalent);
		assertThat(expected).as("SSM's answer, which the filter narrows").isNotEmpty().hasSizeLessThan(FLEET.size());

		List<Element> pages = scroll("/invocations?" + query);

		assertThat(shown(pages)).containsExactlyElementsOf(expected);
		assertThat(listCalls()).hasSameSizeAs(pages);
	}

	@Test
	void aQueryMatchingNothingShowsTheEmptyStateAfterOneCall() {
		String query = "commandId=" + SOME.commandId() + "&status=InProgress";
		assertThat(ssmAnswer(
				request(filter(CommandFilterKey.STATUS, "InProgress")).toBuilder().commandId(SOME.commandId()).build()))
			.isEmpty();

		List<Element> pages = scroll("/invocations?" + query);

		assertThat(pages).hasSize(1);
		assertThat(shown(pages)).isEmpty();
		assertThat(pages.get(0).select("[data-end]").text()).contains("No invocations match");
		assertThat(listCalls()).hasSize(1);
	}

	private static ListCommandInvocationsRequest request(CommandFilter... filters) {
		ListCommandInvocationsRequest.Builder request = ListCommandInvocationsRequest.builder()
			.details(true)
			.maxResults(50);
		if (filters.length > 0) {
			request.filters(filters);
		}
		return request.build();
	}

	private static CommandFilter filter(CommandFilterKey key, String value) {
		return CommandFilter.builder().key(key).value(value).build();
	}

}
