package dev.runboard.commands;

import java.util.List;

import dev.runboard.aws.InvocationRecord;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.PluginOutput;
import dev.runboard.aws.PluginView;
import dev.runboard.history.FailureSignatures;

import org.springframework.stereotype.Component;

/**
 * The failure signature the history store keeps of each failing invocation: the command
 * page's grouping ({@link FailureSignature}), from the output SSM listed, as the page
 * reads it. Its text is what the page shows of a group and what {@code /history}'s
 * {@code signature} filter matches.
 */
@Component
class KeptFailureSignatures implements FailureSignatures {

	@Override
	public int version() {
		return FailureSignature.VERSION;
	}

	@Override
	public String signature(InvocationRecord invocation) {
		List<PluginView> plugins = invocation.plugins()
			.stream()
			.map((plugin) -> new PluginView(plugin.name(), plugin.status(), plugin.statusDetails(),
					plugin.responseCode(), plugin.startedAt(), plugin.finishedAt(), PluginOutput.parse(plugin.output()),
					null, List.of(), null, null))
			.toList();
		InvocationView view = new InvocationView(invocation.commandId(), invocation.instanceId(),
				invocation.instanceName(), invocation.comment(), invocation.documentName(),
				invocation.documentVersion(), invocation.requestedAt(), invocation.status(), invocation.statusDetails(),
				null, null, false, null, plugins, List.of());
		return FailureSignature.of(view).text();
	}

}
