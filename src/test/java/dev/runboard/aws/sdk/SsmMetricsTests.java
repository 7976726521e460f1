package dev.runboard.aws.sdk;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.InvocationQuery;
import dev.runboard.aws.RunCommand;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.TestInvocations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What operators graph, recorded by the calls themselves: every SSM call timed by
 * operation and outcome, and the cache's hits and misses counted. One attempt per call,
 * so a throttled call fails without the SDK's back-off. ({@link SsmMetricsEndpointTests}:
 * how they are served.)
 */
class SsmMetricsTests {

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(30,
			Instant.parse("2026-11-20T12:00:00Z"));

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.listing(INVOCATIONS);

	@Test
	void ssmCallsAreTimedByOperationAndOutcomeAndCacheHitsAndMissesCounted() {
		try (TestSources sources = TestSources.aws("runboard.ssm.cache-ttl=10s", "runboard.ssm.max-attempts=1")) {
			RunCommand calls = sources.runCommand();
			MeterRegistry meters = sources.meters();
			CommandInvocation failed = INVOCATIONS.get(1);

			calls.invocations(query("Failed"), null);
			calls.invocations(query("Failed"), null);
			ssm.failNext(1, 400, "AccessDeniedException", "not authorized");
			assertThatExceptionOfType(AwsFailure.class).isThrownBy(() -> calls.invocations(query("Success"), null))
				.satisfies((failure) -> assertThat(failure.kind()).isEqualTo(AwsFailure.Kind.DENIED));
			ssm.failNext(1, 400, "ThrottlingException", "Rate exceeded");
			assertThatExceptionOfType(AwsFailure.class).isThrownBy(() -> calls.invocations(query("TimedOut"), null))
				.satisfies((failure) -> assertThat(failure.kind()).isEqualTo(AwsFailure.Kind.THROTTLED));
			calls.detail(calls.invocation(failed.commandId(), failed.instanceId()));

			assertThat(count(meters, "ListCommandInvocations", "success")).isEqualTo(2);
			assertThat(count(meters, "ListCommandInvocations", "error")).isEqualTo(1);
			assertThat(count(meters, "ListCommandInvocations", "throttled")).isEqualTo(1);
			assertThat(count(meters, "GetCommandInvocation", "success")).isEqualTo(1);
			assertThat(cache(meters, "hit")).isEqualTo(1);
			assertThat(cache(meters, "miss")).isEqualTo(5);
			assertThat(meters.get("runboard.ssm.requests")
				.tags("operation", "ListCommandInvocations", "outcome", "success")
				.timer()
				.totalTime(TimeUnit.NANOSECONDS)).isPositive();
		}
	}

	private static InvocationQuery query(String status) {
		return new InvocationQuery(null, null, status, null, null, null, true, 50);
	}

	private static long count(MeterRegistry meters, String operation, String outcome) {
		Timer timer = meters.find("runboard.ssm.requests").tags("operation", operation, "outcome", outcome).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private static double cache(MeterRegistry meters, String result) {
		Counter counter = meters.find("runboard.ssm.cache").tag("result", result).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
