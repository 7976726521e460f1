package dev.runboard.history;

import dev.runboard.aws.InvocationRecord;

/**
 * How a failing invocation's failure signature is computed, as the command page groups
 * failures: the store keeps each failing invocation's signature with the {@link #version}
 * of the rules that computed it, and computes again those of another version rather than
 * compare signatures of two versions. Implemented where the grouping lives
 * ({@code commands}); without such a bean no signature is kept.
 */
public interface FailureSignatures {

	/** The version of the rules: a signature kept with another one is computed again. */
	int version();

	/**
	 * The signature of a failing, final invocation, from what SSM listed of it (the
	 * output the command page reads too).
	 */
	String signature(InvocationRecord invocation);

}
