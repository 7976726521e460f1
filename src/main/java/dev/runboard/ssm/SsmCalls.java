package dev.runboard.ssm;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Every SSM call goes through here: a short-lived cache of answers keyed by the region
 * and the whole request (query and page token), with single-flight loading, so a link
 * opened by a whole channel at once costs one call; and a timer per operation and
 * outcome.
 */
class SsmCalls {

	private final String region;

	private final Cache<Key, CompletableFuture<Object>> cache;

	private final MeterRegistry meters;

	private final Counter hits;

	private final Counter misses;

	private record Key(String region, Object request) {

	}

	/**
	 * @param ttl how long an answer is reused; zero turns the cache off
	 */
	SsmCalls(String region, Duration ttl, MeterRegistry meters) {
		this.region = region;
		this.meters = meters;
		// A 50-row page with output weighs around 100 KB: 500 answers bound the cache to
		// tens of megabytes however many distinct pages a burst asks for.
		this.cache = ttl.isZero() ? null : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(500).build();
		this.hits = Counter.builder("runboard.ssm.cache").tag("result", "hit").register(meters);
		this.misses = Counter.builder("runboard.ssm.cache").tag("result", "miss").register(meters);
	}

	/**
	 * The answer to {@code request}: from the cache, from a call another thread is
	 * already making for the same request, or from a new call on this thread. Failures
	 * are never cached: everyone waiting gets the same failure, the next request tries
	 * again.
	 */
	@SuppressWarnings("unchecked")
	<R> R call(String operation, Object request, Supplier<R> call) {
		if (this.cache == null) {
			return timed(operation, call);
		}
		ConcurrentMap<Key, CompletableFuture<Object>> answers = this.cache.asMap();
		Key key = new Key(this.region, request);
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
			R answer = timed(operation, call);
			mine.complete(answer);
			return answer;
		}
		catch (RuntimeException | Error ex) {
			// Whoever waits for this call must not wait forever, whatever went wrong.
			answers.remove(key, mine);
			mine.completeExceptionally(ex);
			throw ex;
		}
	}

	private <R> R timed(String operation, Supplier<R> call) {
		Timer.Sample sample = Timer.start(this.meters);
		String outcome = "success";
		try {
			return call.get();
		}
		catch (SdkException ex) {
			outcome = outcome(ex);
			throw ex;
		}
		finally {
			sample.stop(Timer.builder("runboard.ssm.requests")
				.description("Calls to AWS Systems Manager, after the SDK's retries")
				.tag("operation", operation)
				.tag("outcome", outcome)
				.register(this.meters));
		}
	}

	private static String outcome(SdkException ex) {
		if (ex instanceof AwsServiceException service) {
			return service.isThrottlingException() ? "throttled" : "error";
		}
		return "unreachable";
	}

}
