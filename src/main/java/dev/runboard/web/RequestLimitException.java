package dev.runboard.web;

import java.time.Duration;

/**
 * A request that would be one too many of its kind at once, such as a third export of one
 * person while two are being written. The message says which limit, and is safe to show.
 */
public class RequestLimitException extends RuntimeException {

	private final boolean yours;

	private final Duration retryAfter;

	/**
	 * @param yours whether the limit is the asker's own (too many of theirs at once)
	 * rather than Runboard's as a whole (too many of everyone's)
	 * @param retryAfter when trying again is worth it
	 */
	public RequestLimitException(boolean yours, Duration retryAfter, String message) {
		super(message);
		this.yours = yours;
		this.retryAfter = retryAfter;
	}

	public boolean yours() {
		return this.yours;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
