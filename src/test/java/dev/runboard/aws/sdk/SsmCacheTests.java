package dev.runboard.aws.sdk;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.InvocationQuery;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Page;
import dev.runboard.aws.RunCommand;
import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.TestInvocations;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CancelCommandRequest;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The short-lived cache in front of SSM ({@code runboard.ssm.cache-ttl}), through the
 * real SDK against a local endpoint: a query asked by a whole channel at once costs one
 * {@code ListCommandInvocations} call; other queries and pages are other calls; failures
 * are never kept; a write forgets what was kept; and with the cache off every query is a
 * call.
 */
class SsmCacheTests {

	static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(120, NOW);

	static final String LIST = "ListCommandInvocations";

	/** Still running, so it can be cancelled. */
	static final CommandInvocation RUNNING = INVOCATIONS.get(4);

	static final List<CancelCommandRequest> cancelled = new CopyOnWriteArrayList<>();

	static final SandboxData DATA = new SandboxData() {

		@Override
		public List<CommandInvocation> invocationsAt(Instant now) {
			return INVOCATIONS;
		}

		@Override
		public void cancel(CancelCommandRequest request, Instant now) {
			cancelled.add(request);
		}

	};

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer
		.local(new SandboxSsmClient(DATA, Clock.fixed(NOW, ZoneOffset.UTC), Region.EU_WEST_1));

	@Test
	void sixtySimultaneousAsksOfOneQueryCostOneSsmCall() throws Exception {
		try (TestSources sources = TestSources.aws("runboard.ssm.cache-ttl=10s")) {
			InvocationQuery query = new InvocationQuery(null, null, "Failed", "AWS-RunPatchBaseline", null,
					Instant.parse("2026-11-20T11:00:00Z"), true, 50);
			CountDownLatch gate = ssm.hold();

			List<Future<Page<InvocationView>>> asks = together(60, () -> sources.runCommand().invocations(query, null));
			// Every other ask has found the call in flight before SSM answers it, so this
			// proves single flight, not only a warm cache.
			awaitHits(sources, 59);
			assertThat(ssm.calls(LIST)).hasSize(1);
			gate.countDown();

			List<List<String>> rows = new ArrayList<>();
			for (Future<Page<InvocationView>> ask : asks) {
				rows.add(keys(ask.get(60, TimeUnit.SECONDS)));
			}
			assertThat(rows.get(0)).isNotEmpty();
			assertThat(rows).allSatisfy((seen) -> assertThat(seen).isEqualTo(rows.get(0)));
			assertThat(ssm.calls(LIST)).hasSize(1);
			assertThat(ssm.calls(LIST).get(0).body().get("Filters")).hasSize(3);
		}
	}

	/**
	 * The answers kept are bounded by what they weigh, for every account and region
	 * together: sixty pages of around ten kilobytes and more, in two regions, do not all
	 * stay in 64 KB, so asking them all again asks SSM again for nearly all. A bound by
	 * count (500 answers per source) kept them all.
	 */
	@Test
	void theAnswersKeptWeighNoMoreThanTheCacheMaxSizeForEverySourceTogether() {
		try (TestSources sources = TestSources.aws("runboard.ssm.cache-ttl=1m", "runboard.ssm.cache-max-size=64KB",
				"runboard.ssm.regions[0]=eu-west-1", "runboard.ssm.regions[1]=us-east-1")) {
			List<Runnable> asks = new ArrayList<>();
			for (var source : sources.sources().all()) {
				for (int pageSize = 21; pageSize <= 50; pageSize++) {
					InvocationQuery query = new InvocationQuery(null, null, null, null, null, null, true, pageSize);
					asks.add(() -> source.runCommand().invocations(query, null));
				}
			}
			asks.forEach(Runnable::run);
			assertThat(ssm.calls(LIST)).hasSize(60);

			asks.forEach(Runnable::run);
			assertThat(ssm.calls(LIST).size() - 60).as("asked again of SSM").isGreaterThanOrEqualTo(50);
		}
	}

	@Test
	void distinctQueriesAndPageTokensAreDistinctCallsAndRepeatsAreServedFromTheCache() {
		try (TestSources sources = TestSources.aws("runboard.ssm.cache-ttl=10s")) {
			RunCommand ssmCalls = sources.runCommand();
			InvocationQuery failed = query("Failed", 5);
			InvocationQuery succeeded = query("Success", 5);
			InvocationQuery lighter = new InvocationQuery(null, null, "Failed", null, null,
					Instant.parse("2026-11-20T11:40:00Z"), false, 5);

			Page<InvocationView> first = ssmCalls.invocations(failed, null);
			Page<InvocationView> second = ssmCalls.invocations(failed, first.nextToken());
			Page<InvocationView> success = ssmCalls.invocations(succeeded, null);
			ssmCalls.invocations(lighter, null);

			assertThat(ssm.calls(LIST)).hasSize(4);
			assertThat(keys(second)).isNotEmpty().doesNotContainAnyElementsOf(keys(first));
			assertThat(keys(success)).isNotEmpty().doesNotContainAnyElementsOf(keys(first));
			assertThat(ssm.calls(LIST).get(1).body().get("NextToken")).isNotNull();

			assertThat(keys(ssmCalls.invocations(failed, null))).isEqualTo(keys(first));
			assertThat(keys(ssmCalls.invocations(failed, first.nextToken()))).isEqualTo(keys(second));
			assertThat(keys(ssmCalls.invocations(succeeded, null))).isEqualTo(keys(success));
			ssmCalls.invocations(lighter, null);
			assertThat(ssm.calls(LIST)).as("calls after repeating each query").hasSize(4);
		}
	}

	@Test
	void aFailedCallIsNotCachedTheNextAskCallsAgain() {
		try (TestSources sources = TestSources.aws("runboard.ssm.cache-ttl=10s")) {
			InvocationQuery query = query("TimedOut", 50);
			ssm.failNext(1, 400, "AccessDeniedException", "not authorized to perform ssm:ListCommandInvocations");

			assertThatExceptionOfType(AwsFailure.class).isThrownBy(() -> sources.runCommand().invocations(query, null));
			assertThat(keys(sources.runCommand().invocations(query, null))).isNotEmpty();
			assertThat(ssm.calls(LIST)).hasSize(2);

			sources.runCommand().invocations(query, null);
			assertThat(ssm.calls(LIST)).as("the success is kept").hasSize(2);
		}
	}

	@Test
	void asksWaitingForAFailingCallShareItsFailureAndTheNextAskCallsAgain() throws Exception {
		try (TestSources sources = TestSources.aws("runboard.ssm.cache-ttl=10s")) {
			InvocationQuery query = query("Cancelled", 50);
			ssm.failNext(1, 400, "AccessDeniedException", "not authorized to perform ssm:ListCommandInvocations");
			CountDownLatch gate = ssm.hold();

			List<Future<Page<InvocationView>>> asks = together(10, () -> sources.runCommand().invocations(query, null));
			awaitHits(sources, 9);
			gate.countDown();
			for (Future<Page<InvocationView>> ask : asks) {
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> ask.get(60, TimeUnit.SECONDS))
					.havingCause()
					.isInstanceOfSatisfying(AwsFailure.class,
							(failure) -> assertThat(failure.action()).isEqualTo("ssm:ListCommandInvocations"));
			}
			assertThat(ssm.calls(LIST)).hasSize(1);

			assertThat(keys(sources.runCommand().invocations(query, null))).isNotEmpty();
			assertThat(ssm.calls(LIST)).hasSize(2);
		}
	}

	@Test
	void aCancelForgetsWhatWasKeptSoTheCommandIsReadAsItNowIs() {
		try (TestSources sources = TestSources.aws("runboard.ssm.cache-ttl=5m")) {
			sources.runCommand().command(RUNNING.commandId());
			sources.runCommand().command(RUNNING.commandId());
			assertThat(ssm.calls("ListCommands")).as("a kept answer serves the second read").hasSize(1);

			sources.runCommand().cancel(RUNNING.commandId(), List.of(RUNNING.instanceId()));
			assertThat(cancelled).isNotEmpty();
			sources.runCommand().command(RUNNING.commandId());
			assertThat(ssm.calls("ListCommands")).as("asked again after the cancel").hasSize(2);
		}
	}

	@Test
	void withTheCacheOffEveryAskIsOneSsmCall() {
		try (TestSources sources = TestSources.aws("runboard.ssm.cache-ttl=0")) {
			CommandInvocation first = INVOCATIONS.get(0);
			for (int i = 0; i < 3; i++) {
				sources.runCommand().invocations(query("Failed", 50), null);
			}
			sources.runCommand().invocation(first.commandId(), first.instanceId());
			sources.runCommand().invocation(first.commandId(), first.instanceId());

			assertThat(ssm.calls(LIST)).hasSize(5);
		}
	}

	static InvocationQuery query(String status, int pageSize) {
		return new InvocationQuery(null, null, status, null, null, Instant.parse("2026-11-20T11:40:00Z"), true,
				pageSize);
	}

	static List<String> keys(Page<InvocationView> page) {
		return page.items().stream().map((view) -> view.commandId() + "/" + view.instanceId()).toList();
	}

	/** Every task starts at the same moment, each on its own thread. */
	static <T> List<Future<T>> together(int tasks, Callable<T> task) {
		ExecutorService threads = Executors.newFixedThreadPool(tasks);
		CyclicBarrier start = new CyclicBarrier(tasks);
		List<Future<T>> futures = new ArrayList<>();
		for (int i = 0; i < tasks; i++) {
			futures.add(threads.submit(() -> {
				start.await(30, TimeUnit.SECONDS);
				return task.call();
			}));
		}
		threads.shutdown();
		return futures;
	}

	/** Waits, boundedly, until the cache has counted this many hits. */
	static void awaitHits(TestSources sources, double expected) throws InterruptedException {
		for (int i = 0; i < 600 && hits(sources) < expected; i++) {
			Thread.sleep(50);
		}
		assertThat(hits(sources)).as("asks that found the call in flight").isGreaterThanOrEqualTo(expected);
	}

	static double hits(TestSources sources) {
		Counter hits = sources.meters().find("runboard.ssm.cache").tag("result", "hit").counter();
		return Optional.ofNullable(hits).map(Counter::count).orElse(0.0);
	}

}
