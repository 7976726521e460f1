package dev.runboard.aws;

import java.time.Duration;

/**
 * A call to AWS did not give Runboard what it asked for, classified once for every
 * service and every caller (see {@code aws/sdk/AwsFailures}). The message is a sentence a
 * person can act on; what that means for an HTTP answer is decided by the web layer, from
 * the {@link Kind}.
 */
public class AwsFailure extends RuntimeException {

	/** What went wrong, as far as a person can act on it. */
	public enum Kind {

		/** AWS is throttling the account's requests, even after the SDK's retries. */
		THROTTLED(Duration.ofSeconds(5)),

		/** The credentials are valid but lack the permission {@link #action()} names. */
		DENIED(null),

		/**
		 * AWS does not accept the credentials at all: unknown or revoked key, bad
		 * signature.
		 */
		INVALID_CREDENTIALS(null),

		/** The credentials, or the role session, have expired. */
		EXPIRED_CREDENTIALS(null),

		/** STS refused to let Runboard assume the role of another account. */
		ROLE_REFUSED(null),

		/** The SDK found no credentials anywhere in its default chain. */
		NO_CREDENTIALS(null),

		/** The command, node, plugin, object or log stream does not exist. */
		NOT_FOUND(null),

		/**
		 * SSM no longer accepts a page token: it expired, or belongs to another query.
		 */
		EXPIRED_PAGE_TOKEN(null),

		/** AWS refused the request as malformed, such as a filter it does not take. */
		REJECTED(null),

		/** No answer: the network path, DNS, or a timeout. */
		UNREACHABLE(Duration.ofSeconds(10)),

		/** Any other error the service answered with. */
		ERROR(null);

		private final Duration retryAfter;

		Kind(Duration retryAfter) {
			this.retryAfter = retryAfter;
		}

		/**
		 * How long to wait before trying again, or {@code null} when waiting will not
		 * help.
		 */
		public Duration retryAfter() {
			return this.retryAfter;
		}

		/** Whether the request itself is at fault, not AWS or Runboard's access to it. */
		public boolean requestAtFault() {
			return this == NOT_FOUND || this == EXPIRED_PAGE_TOKEN || this == REJECTED;
		}

	}

	private final Kind kind;

	private final String action;

	private final String code;

	private final boolean mayHaveActed;

	/**
	 * @param action the IAM action of the call, such as {@code ssm:ListCommands}
	 * @param code what AWS answered, such as {@code AccessDeniedException}, or the kind
	 * of client failure when it did not answer
	 */
	public AwsFailure(Kind kind, String action, String code, String message, Throwable cause) {
		this(kind, action, code, message, cause, false);
	}

	/**
	 * @param mayHaveActed whether the request may have reached AWS and been acted on
	 * although no usable answer came back (see {@link #mayHaveActed()})
	 */
	public AwsFailure(Kind kind, String action, String code, String message, Throwable cause, boolean mayHaveActed) {
		super(message, cause);
		this.kind = kind;
		this.action = action;
		this.code = code;
		this.mayHaveActed = mayHaveActed;
	}

	/** A failure that is not an SDK exception, such as an empty answer for one item. */
	public static AwsFailure notFound(String action, String message) {
		return new AwsFailure(Kind.NOT_FOUND, action, "NotFound", message, null);
	}

	public Kind kind() {
		return this.kind;
	}

	/** The IAM action of the call that failed, such as {@code ssm:ListCommands}. */
	public String action() {
		return this.action;
	}

	/**
	 * The error code AWS answered with, such as {@code AccessDeniedException}, or the
	 * simple name of the client exception when no answer came.
	 */
	public String code() {
		return this.code;
	}

	/**
	 * Whether AWS may have done what was asked although the call failed: it timed out or
	 * lost its connection after the request was sent, or the service answered with a
	 * server error (5xx), or with an answer Runboard cannot use. A call that was not
	 * idempotent ({@code SendCommand}) must not be made again before someone checks.
	 */
	public boolean mayHaveActed() {
		return this.mayHaveActed;
	}

}
