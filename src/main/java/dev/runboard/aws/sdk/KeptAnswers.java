package dev.runboard.aws.sdk;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import software.amazon.awssdk.core.SdkResponse;

/**
 * Answers of AWS kept in memory for every source at once (the answer cache, or the pages
 * read ahead), bounded by what they weigh in bytes rather than by how many there are: a
 * count per source multiplies by accounts × regions, and one page with output weighs a
 * hundred times one without. An answer weighs what it weighed on the wire (its
 * {@code Content-Length}) or, without one, an estimate from its text; an answer still
 * being read weighs {@link #IN_FLIGHT} until it is there.
 */
final class KeptAnswers {

	/** What an answer weighs while it is being read. */
	static final int IN_FLIGHT = 1024;

	/**
	 * One answer's key: the source's label and the whole SDK request.
	 *
	 * @param where the account and region, as pages name them
	 * @param request the SDK request
	 */
	record Key(String where, Object request) {

	}

	private final Cache<Key, CompletableFuture<Object>> answers;

	/**
	 * @param expiry how long an answer is kept
	 * @param maxBytes the most all answers kept may weigh together
	 */
	KeptAnswers(Duration expiry, long maxBytes) {
		// Eviction on the caller's thread: the bound holds when a put returns.
		this.answers = Caffeine.newBuilder()
			.executor(Runnable::run)
			.expireAfterWrite(expiry)
			.maximumWeight(maxBytes)
			.<Key, CompletableFuture<Object>>weigher((key, answer) -> weight(answer))
			.build();
	}

	ConcurrentMap<Key, CompletableFuture<Object>> asMap() {
		return this.answers.asMap();
	}

	CompletableFuture<Object> getIfPresent(Key key) {
		return this.answers.getIfPresent(key);
	}

	/** Weighs an answer again once it is there. */
	void arrived(Key key, CompletableFuture<Object> answer) {
		this.answers.asMap().replace(key, answer, answer);
	}

	/** Drops every answer of one source. */
	void forget(String where) {
		this.answers.asMap().keySet().removeIf((key) -> key.where().equals(where));
	}

	static int weight(CompletableFuture<Object> answer) {
		if (!answer.isDone() || answer.isCompletedExceptionally()) {
			return IN_FLIGHT;
		}
		Object value = answer.getNow(null);
		if (value instanceof SdkResponse response && response.sdkHttpResponse() != null) {
			String length = response.sdkHttpResponse().firstMatchingHeader("Content-Length").orElse(null);
			if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 10) {
				return Math.max(IN_FLIGHT, Integer.parseInt(length));
			}
		}
		// Java strings hold mostly Latin-1 text in a byte each; the objects around them
		// about as much again.
		return Math.max(IN_FLIGHT, String.valueOf(value).length() * 2);
	}

}
