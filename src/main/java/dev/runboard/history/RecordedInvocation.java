package dev.runboard.history;

import java.util.ArrayList;
import java.util.List;

import dev.runboard.aws.InvocationRecord;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.PluginView;
import dev.runboard.aws.RunCommand;

/**
 * An invocation as the store holds it. Pages show it as they show a live one, through the
 * {@link dev.runboard.aws.RunCommand#view} of its source.
 *
 * @param account the account it was read in, or {@code null} for Runboard's own
 * @param region the region it was read in
 * @param invocation what SSM said of it last, each failing plugin's whole output included
 * where it was read
 * @param lost whether SSM forgot it before it was final: its status is the last one seen
 * @param outputCut whether the store kept less of its output than the node printed (the
 * list's 2,500 characters of a plugin whose whole output was not read, or a whole output
 * SSM cut): search does not find the rest
 */
public record RecordedInvocation(String account, String region, InvocationRecord invocation, boolean lost,
		boolean outputCut) {

	/**
	 * What a row shows of it, as a live row would: the list's output of each plugin, and
	 * its links.
	 * @param runCommand the calls of the account and region it was read in, which make
	 * its links (and call nothing)
	 */
	public InvocationView view(RunCommand runCommand) {
		return runCommand.view(this.invocation);
	}

	/**
	 * What its page shows: as {@link #view}, with each plugin's whole output where the
	 * store kept it ({@code GetCommandInvocation}'s, read for failing plugins whose list
	 * output was cut).
	 */
	public InvocationView detail(RunCommand runCommand) {
		InvocationView view = view(runCommand);
		List<PluginView> plugins = new ArrayList<>(view.plugins().size());
		for (int i = 0; i < view.plugins().size(); i++) {
			PluginView plugin = view.plugins().get(i);
			InvocationRecord.Plugin kept = (i < this.invocation.plugins().size()) ? this.invocation.plugins().get(i)
					: null;
			plugins.add((kept != null && kept.whole() != null) ? plugin.withOutput(kept.whole().output()) : plugin);
		}
		return view.withPlugins(plugins);
	}

}
