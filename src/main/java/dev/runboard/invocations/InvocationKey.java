package dev.runboard.invocations;

import dev.runboard.web.QueryParameters;
import dev.runboard.web.RequestBinder;

/**
 * Which invocation a link names: the {@code commandId} and {@code instanceId} path
 * variables, each checked by shape before anything asks AWS.
 */
record InvocationKey(String commandId, String instanceId) {

	static RequestBinder<InvocationKey> binder() {
		return RequestBinder.of(InvocationKey.class,
				(values) -> new InvocationKey(
						QueryParameters.required("commandId",
								QueryParameters.commandId(values.pathVariables().get("commandId")), "a command ID"),
						QueryParameters.required("instanceId",
								QueryParameters.instanceId(values.pathVariables().get("instanceId")), "a node ID")));
	}

}
