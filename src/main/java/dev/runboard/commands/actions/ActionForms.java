package dev.runboard.commands.actions;

import java.util.List;

import dev.runboard.security.OperatorAccess;
import dev.runboard.web.ActionRefused;
import dev.runboard.web.ActionRefused.Reason;
import dev.runboard.web.QueryParameters;
import dev.runboard.web.RequestBinder;

import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What the action handlers take, bound from the request instead of parsed by them.
 */
final class ActionForms {

	private ActionForms() {
	}

	/**
	 * The signed-in user, allowed to act. Binding it refuses a user who may not, so a
	 * handler that takes it first refuses before it reads anything else.
	 */
	record Operator(String name) {

		/**
		 * Refuses, before anything asks AWS: not found when actions are off, as if they
		 * did not exist; forbidden without the operator role.
		 */
		static RequestBinder<Operator> binder(OperatorAccess access) {
			return RequestBinder.of(Operator.class, (values) -> {
				if (!access.enabled()) {
					throw new ActionRefused(Reason.NOT_ENABLED,
							"Actions are not enabled in this Runboard (runboard.actions.enabled).");
				}
				if (!access.allowed()) {
					throw new ActionRefused(Reason.NOT_ALLOWED,
							"Cancelling and rerunning commands is reserved for users with the role " + access.role()
									+ ".");
				}
				return new Operator(SecurityContextHolder.getContext().getAuthentication().getName());
			});
		}

	}

	/**
	 * A cancel form.
	 *
	 * @param nodes the {@code instanceId}s given, each checked by shape; empty for every
	 * node
	 */
	record Cancel(List<String> nodes) {

		static RequestBinder<Cancel> binder() {
			return RequestBinder.of(Cancel.class,
					(values) -> new Cancel(values.parameters()
						.getOrDefault("instanceId", List.of())
						.stream()
						.filter((value) -> value != null && !value.isBlank())
						.map((value) -> QueryParameters.instanceId(value.strip()))
						.toList()));
		}

	}

	/**
	 * A rerun form.
	 *
	 * @param failedOnly {@code scope=failed}: to the nodes where the command failed,
	 * rather than ({@code scope=all}) to all of its targets
	 * @param confirmed what the confirmation of a rerun on the failed nodes carried, or
	 * {@code null}
	 */
	record Rerun(boolean failedOnly, String confirmed) {

		static RequestBinder<Rerun> binder() {
			return RequestBinder
				.of(Rerun.class,
						(values) -> new Rerun(
								"failed".equals(QueryParameters.required("scope",
										QueryParameters.oneOf("scope", values.single("scope"),
												List.of("all", "failed")),
										"all or failed")),
								values.single("confirmed")));
		}

	}

}
