package dev.runboard.invocations;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Source;

/**
 * One row of the invocations table.
 *
 * @param source where it was read, or {@code null} when only one account and region is
 * configured (rows then need not say)
 * @param invocation the invocation, as the signed-in user may see it
 * @param links its links, in its account and region
 * @param details whether the table shows plugin details and output
 */
public record InvocationRow(Source source, InvocationView invocation, InvocationLinks links, boolean details) {

	static InvocationRow of(Source source, InvocationView invocation, boolean details) {
		return new InvocationRow(source, invocation, InvocationLinks.of(invocation, source), details);
	}

	/** What the row asks for while its invocation is not final, or {@code null}. */
	public String refresh() {
		return this.invocation.running() ? this.links.row(this.details) : null;
	}

}
