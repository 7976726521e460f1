package dev.runboard.web;

import dev.runboard.aws.InvalidQueryException;

/**
 * The {@code nextToken} a scroll request carries: the page token of the page to show
 * next, as the previous page gave it. The server keeps no page state; this token is the
 * whole of it. It is either the token SSM issued (printable ASCII, at most
 * {@value QueryParameters#MAX_AWS_TOKEN_LENGTH} characters), or one Runboard issued for a
 * merged list ({@link #RUNBOARD_PREFIX}), which only its issuer reads.
 *
 * @param value the token, or {@code null} for the first page
 */
public record PageToken(String value) {

	/** How tokens Runboard issues begin; SSM's never do. */
	public static final String RUNBOARD_PREFIX = "m1.";

	/** The longest token Runboard issues. */
	public static final int MAX_RUNBOARD_LENGTH = 32_768;

	public static final PageToken FIRST = new PageToken(null);

	/**
	 * Reads the {@code nextToken} parameter.
	 * @throws InvalidQueryException when it cannot be a token either issued
	 */
	public static PageToken of(String value) {
		if (value == null) {
			return FIRST;
		}
		boolean runboard = value.startsWith(RUNBOARD_PREFIX) && value.length() <= MAX_RUNBOARD_LENGTH
				&& QueryParameters.printableAscii(value);
		if (!runboard && !QueryParameters.awsPageToken(value)) {
			throw invalid();
		}
		return new PageToken(value);
	}

	/** The answer to a token that is not one Runboard issued for this view. */
	public static InvalidQueryException invalid() {
		return new InvalidQueryException("nextToken",
				"nextToken: not a page token Runboard issued for this view. Reload the list to start from the first "
						+ "page.");
	}

	public boolean first() {
		return this.value == null;
	}

	/** Whether Runboard issued this token, rather than SSM. */
	public boolean runboards() {
		return this.value != null && this.value.startsWith(RUNBOARD_PREFIX);
	}

}
