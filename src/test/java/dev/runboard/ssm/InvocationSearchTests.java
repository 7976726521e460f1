package dev.runboard.ssm;

import java.util.List;

import dev.runboard.ssm.SsmSources.SsmSource;
import org.junit.jupiter.api.Test;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading {@code status} (repeated, or {@code problems}), {@code region} and
 * {@code account} into the streams SSM is asked for.
 */
class InvocationSearchTests {

	static final SsmSources TWO_REGIONS = new SsmSources(
			List.of(new SsmSource(null, "eu-west-1", null), new SsmSource(null, "us-east-1", null)));

	@Test
	void problemsAsksForFailedTimedOutAndCancelledOnce() {
		assertThat(search("status", "problems").streamStatuses()).containsExactly("Cancelled", "Failed", "TimedOut");
	}

	@Test
	void aFinerStatusIsDroppedWhenTheStatusIncludingItIsAskedFor() {
		assertThat(
				search("status", "problems", "status", "AccessDenied", "status", "ExecutionTimedOut").streamStatuses())
			.containsExactly("Cancelled", "Failed", "TimedOut");
		assertThat(search("status", "DeliveryTimedOut", "status", "Failed").streamStatuses()).containsExactly("Failed",
				"DeliveryTimedOut");
	}

	@Test
	void noStatusIsOneStreamOfEveryStatus() {
		assertThat(search().streamStatuses()).containsExactly((String) null);
	}

	@Test
	void repeatedStatusesKeepTheirOrderInTheLinkAndDuplicatesAreDropped() {
		InvocationSearch search = search("document", "AWS-RunShellScript", "status", "TimedOut", "status", "failed",
				"status", "TimedOut", "commandId", "0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10");

		assertThat(search.uri("/invocations")).isEqualTo("/invocations?commandId=0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10"
				+ "&status=TimedOut&status=Failed&document=AWS-RunShellScript");
	}

	@Test
	void aSingleStatusLinkIsWhatItAlwaysWas() {
		assertThat(search("status", "Failed", "after", "2026-11-20").uri("/invocations"))
			.isEqualTo("/invocations?status=Failed&after=2026-11-20T00:00:00Z");
	}

	@Test
	void regionIsOneOfTheConfiguredOrAll() {
		assertThat(search("region", "US-EAST-1").region()).isEqualTo("us-east-1");
		assertThat(search("region", "all").region()).isEqualTo(SsmSources.ALL);
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> search("region", "eu-west-2"))
			.withMessageContaining("eu-west-1, us-east-1, or all");
	}

	@Test
	void accountIsRefusedWhenNoneIsConfigured() {
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> search("account", "prod"))
			.satisfies((ex) -> assertThat(ex.getParameter()).isEqualTo("account"));
	}

	@Test
	void pendingWithANodeIsRefusedAmongOtherStatusesToo() {
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> search("instanceId", "i-0123456789abcdef0", "status", "Failed", "status", "Pending"))
			.withMessageContaining("Pending cannot be combined with instanceId");
	}

	static InvocationSearch search(String... namesAndValues) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			parameters.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return InvocationSearch.from(parameters, TWO_REGIONS);
	}

}
