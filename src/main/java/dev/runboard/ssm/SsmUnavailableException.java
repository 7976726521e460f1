package dev.runboard.ssm;

import java.time.Duration;

import org.springframework.http.HttpStatus;

/**
 * SSM could not answer: throttled after the SDK's retries, access denied, unreachable.
 * The message is a sentence a person can act on.
 */
public class SsmUnavailableException extends RuntimeException {

	private final HttpStatus status;

	private final Duration retryAfter;

	public SsmUnavailableException(HttpStatus status, String message, Duration retryAfter, Throwable cause) {
		super(message, cause);
		this.status = status;
		this.retryAfter = retryAfter;
	}

	public HttpStatus getStatus() {
		return this.status;
	}

	/**
	 * How long the client should wait before retrying, or {@code null}.
	 */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

}
