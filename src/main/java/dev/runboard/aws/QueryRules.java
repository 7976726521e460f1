package dev.runboard.aws;

import java.time.Instant;

/**
 * The rules both list operations share, each written once: how many items a page may ask
 * for, and that a time range is not empty.
 */
public final class QueryRules {

	/** {@code MaxResults} of {@code ListCommandInvocations} and {@code ListCommands}. */
	public static final int MAX_PAGE_SIZE = 50;

	private QueryRules() {
	}

	/**
	 * @throws InvalidQueryException when {@code pageSize} is not 1 to
	 * {@value #MAX_PAGE_SIZE}
	 */
	public static int pageSize(int pageSize) {
		if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
			throw new InvalidQueryException("pageSize", "pageSize: a whole number from 1 to 50.");
		}
		return pageSize;
	}

	/**
	 * @throws InvalidQueryException when {@code after} is later than {@code before}:
	 * nothing can match
	 */
	public static void order(Instant after, Instant before) {
		if (after != null && before != null && after.isAfter(before)) {
			throw new InvalidQueryException("after", "after: " + after + " is later than before (" + before
					+ "); nothing can match. Swap the two values.");
		}
	}

}
