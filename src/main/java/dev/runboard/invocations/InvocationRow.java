package dev.runboard.invocations;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.PluginView;
import dev.runboard.aws.Source;
import dev.runboard.commands.FailureSignature;

/**
 * One row of the invocations table.
 *
 * @param source where it was read, or {@code null} when only one account and region is
 * configured (rows then need not say)
 * @param invocation the invocation, as the signed-in user may see it
 * @param details whether the table shows plugin details and output
 */
public record InvocationRow(Source source, InvocationView invocation, boolean details) {

	/** Its links, in its account and region. */
	public InvocationLinks links() {
		return InvocationLinks.of(this.invocation, this.source);
	}

	/**
	 * The line a folded output block shows: the telling line the command page's failure
	 * groups use, as printed; {@code null} when the plugin printed nothing.
	 */
	public String tellingLine(PluginView plugin) {
		return FailureSignature.tellingLine(plugin);
	}

	/** What the row asks for while its invocation is not final, or {@code null}. */
	public String refresh() {
		return this.invocation.running() ? links().row(this.details) : null;
	}

}
