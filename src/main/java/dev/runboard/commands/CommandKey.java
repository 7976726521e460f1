package dev.runboard.commands;

import dev.runboard.web.QueryParameters;
import dev.runboard.web.RequestBinder;

/**
 * Which command a link names: the {@code commandId} path variable, checked by shape
 * before anything asks AWS. The command page, its parts and its actions take it.
 */
public record CommandKey(String commandId) {

	static RequestBinder<CommandKey> binder() {
		return RequestBinder.of(CommandKey.class, (values) -> new CommandKey(QueryParameters.required("commandId",
				QueryParameters.commandId(values.pathVariables().get("commandId")), "a command ID")));
	}

}
