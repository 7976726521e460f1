package dev.runboard.aws.sdk;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import dev.runboard.aws.AwsFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import software.amazon.awssdk.core.exception.SdkException;

/**
 * Every AWS call of one source goes through here: a timer per operation and outcome, the
 * one classification of failures ({@link AwsFailures}), and for SSM's reads a short-lived
 * cache of answers keyed by the whole request (query and page token) with single-flight
 * loading, so a link opened by a whole channel at once costs one call; and, when on, the
 * pages read ahead of a scrolling user ({@link ReadAhead}), which a request takes before
 * calling SSM.
 */
final class AwsCalls {

	/** A service Runboard calls, as metrics, IAM and people name it. */
	enum Service {

		SSM("Systems Manager", "SSM", "ssm", "runboard.ssm.requests",
				"Calls to AWS Systems Manager, after the SDK's retries"),

		S3("S3", "S3", "s3", "runboard.output.requests",
				"Reads of whole output from S3 and CloudWatch Logs, after the SDK's retries"),

		LOGS("CloudWatch Logs", "CloudWatch Logs", "logs", "runboard.output.requests",
				"Reads of whole output from S3 and CloudWatch Logs, after the SDK's retries");

		/** What pages call the service. */
		final String title;

		/** What log lines and short sentences call it. */
		final String shortName;

		private final String iamPrefix;

		private final String metric;

		private final String description;

		Service(String title, String shortName, String iamPrefix, String metric, String description) {
			this.title = title;
			this.shortName = shortName;
			this.iamPrefix = iamPrefix;
			this.metric = metric;
			this.description = description;
		}

		String action(String operation) {
			return this.iamPrefix + ":" + operation;
		}

	}

	private final String where;

	private final KeptAnswers cache;

	private final MeterRegistry meters;

	private final Counter hits;

	private final Counter misses;

	private final ReadAhead readAhead;

	/**
	 * @param where the account and region these calls go to, as pages name them
	 * @param cache the answers kept for every source, bounded by their weight, or
	 * {@code null} when the cache is off
	 * @param readAhead where pages read ahead are kept, or {@code null} when prefetching
	 * is off
	 */
	AwsCalls(String where, KeptAnswers cache, ReadAhead readAhead, MeterRegistry meters) {
		this.where = where;
		this.readAhead = readAhead;
		this.meters = meters;
		this.cache = cache;
		this.hits = Counter.builder("runboard.ssm.cache").tag("result", "hit").register(meters);
		this.misses = Counter.builder("runboard.ssm.cache").tag("result", "miss").register(meters);
	}

	/**
	 * The answer to {@code request}: from the cache, from a call another thread is
	 * already making for the same request, or from a new call on this thread. Failures
	 * are never cached: everyone waiting gets the same failure, the next request tries
	 * again.
	 * @param request the whole SDK request, which keys the cache
	 * @throws AwsFailure when AWS did not answer as asked
	 */
	@SuppressWarnings("unchecked")
	<R> R cached(Service service, String operation, Object request, Supplier<R> call) {
		if (this.cache == null) {
			return readAheadOrCall(service, operation, request, call);
		}
		ConcurrentMap<KeptAnswers.Key, CompletableFuture<Object>> answers = this.cache.asMap();
		KeptAnswers.Key key = new KeptAnswers.Key(this.where, request);
		CompletableFuture<Object> mine = new CompletableFuture<>();
		CompletableFuture<Object> existing = answers.putIfAbsent(key, mine);
		if (existing != null) {
			this.hits.increment();
			try {
				return (R) existing.join();
			}
			catch (CompletionException ex) {
				throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : ex;
			}
		}
		this.misses.increment();
		try {
			R answer = readAheadOrCall(service, operation, request, call);
			mine.complete(answer);
			this.cache.arrived(key, mine);
			return answer;
		}
		catch (RuntimeException | Error ex) {
			// Whoever waits for this call must not wait forever, whatever went wrong.
			answers.remove(key, mine);
			mine.completeExceptionally(ex);
			throw ex;
		}
	}

	/**
	 * Drops every answer kept or read ahead, after a write changed what SSM would answer:
	 * the page a user lands on after cancelling shows the command cancelling, not as it
	 * was.
	 */
	void forgetAnswers() {
		if (this.cache != null) {
			this.cache.forget(this.where);
		}
		if (this.readAhead != null) {
			this.readAhead.forget();
		}
	}

	/**
	 * Starts reading {@code request} in the background, so that {@link #cached} finds its
	 * answer when it is asked for, unless prefetching is off or the answer is already
	 * there. The read is timed and classified like any call; its failure is dropped.
	 */
	<R> void prefetch(Service service, String operation, Object request, Supplier<R> call) {
		if (this.readAhead != null
				&& (this.cache == null || this.cache.getIfPresent(new KeptAnswers.Key(this.where, request)) == null)) {
			this.readAhead.start(request, () -> call(service, operation, call));
		}
	}

	/**
	 * The answer read ahead for {@code request}, taken from where it is kept (waiting for
	 * it if still in flight); empty when prefetching is off, nothing was read ahead for
	 * it, or the read failed. Never calls AWS.
	 */
	@SuppressWarnings("unchecked")
	<R> Optional<R> readAhead(Object request) {
		if (this.readAhead == null) {
			return Optional.empty();
		}
		return this.readAhead.take(request).map((answer) -> (R) answer);
	}

	@SuppressWarnings("unchecked")
	private <R> R readAheadOrCall(Service service, String operation, Object request, Supplier<R> call) {
		if (this.readAhead != null) {
			Optional<Object> answer = this.readAhead.take(request);
			if (answer.isPresent()) {
				return (R) answer.get();
			}
		}
		return call(service, operation, call);
	}

	/**
	 * Makes one call, timed, its failure classified.
	 * @throws AwsFailure when AWS did not answer as asked
	 */
	<R> R call(Service service, String operation, Supplier<R> call) {
		Timer.Sample sample = Timer.start(this.meters);
		String outcome = "success";
		try {
			return call.get();
		}
		catch (SdkException ex) {
			AwsFailure failure = AwsFailures.classify(ex, service, service.action(operation), this.where);
			outcome = outcome(failure.kind());
			throw failure;
		}
		finally {
			sample.stop(Timer.builder(service.metric)
				.description(service.description)
				.tag("operation", operation)
				.tag("outcome", outcome)
				.register(this.meters));
		}
	}

	private static String outcome(AwsFailure.Kind kind) {
		return switch (kind) {
			case THROTTLED -> "throttled";
			case UNREACHABLE, NO_CREDENTIALS -> "unreachable";
			default -> "error";
		};
	}

}
