package dev.runboard.invocations;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.PluginView;
import dev.runboard.aws.Source;
import dev.runboard.commands.FailureSignature;

/**
 * One row of the invocations table, or of history's.
 *
 * @param source where it was read, or {@code null} when only one account and region is
 * configured (rows then need not say)
 * @param invocation the invocation, as the signed-in user may see it
 * @param details whether the table shows plugin details and output
 * @param recorded whether it comes from the history store: such a row shows what was
 * recorded and does not ask SSM for more, and its node leads to the node's history
 * @param matches the lines of its output a search of history matched, or {@code null}
 * when the row is not a search's (or its user may not read output)
 */
public record InvocationRow(Source source, InvocationView invocation, boolean details, boolean recorded,
		SearchMatches matches) {

	/** A row of the table or of history, not of a search. */
	public InvocationRow(Source source, InvocationView invocation, boolean details, boolean recorded) {
		this(source, invocation, details, recorded, null);
	}

	/** A row of the live table, read from SSM. */
	public InvocationRow(Source source, InvocationView invocation, boolean details) {
		this(source, invocation, details, false);
	}

	/** Its links, in its account and region. */
	public InvocationLinks links() {
		return InvocationLinks.of(this.invocation, this.source);
	}

	/**
	 * The line a folded output block shows: the telling line the command page's failure
	 * groups use, as printed; {@code null} when the plugin printed nothing. In a row that
	 * failed, only the plugin that failed tells why: the others (a step skipped on this
	 * platform, one that succeeded before it) show their name and exit code alone, so a
	 * screen holds more failed rows.
	 */
	public String tellingLine(PluginView plugin) {
		if (this.invocation.problem() && plugin != FailureSignature.failingPlugin(this.invocation)) {
			return null;
		}
		return FailureSignature.tellingLine(plugin);
	}

	/** What the row asks for while its invocation is not final, or {@code null}. */
	public String refresh() {
		return (!this.recorded && this.invocation.running()) ? links().row(this.details) : null;
	}

	/** Where its node ID leads: every invocation on the node, in the same table. */
	public String node() {
		return this.recorded ? links().nodeHistory() : links().node();
	}

}
