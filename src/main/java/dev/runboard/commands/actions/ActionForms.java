package dev.runboard.commands.actions;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.runboard.aws.Ids;
import dev.runboard.aws.InvalidQueryException;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.commands.CommandLinks;
import dev.runboard.security.OperatorAccess;
import dev.runboard.web.ActionRefused;
import dev.runboard.web.ActionRefused.Reason;
import dev.runboard.web.BackLink;
import dev.runboard.web.QueryParameters;
import dev.runboard.web.RequestBinder;

import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What the action handlers take, bound from the request instead of parsed by them.
 */
final class ActionForms {

	/** The shape of a nonce, as {@link ActionLedger#nonce()} makes them. */
	private static final String NONCE = "[a-z0-9]{4}";

	private ActionForms() {
	}

	/**
	 * The signed-in user, allowed to act. Binding it refuses a user who may not, so a
	 * handler that takes it first refuses before it reads anything else.
	 */
	record Operator(String name) {

		/**
		 * Refuses, before anything asks AWS, and audits the refusal: not found when
		 * actions are off, as if they did not exist; forbidden without the operator role,
		 * or when the roles the user signed in with must be checked again.
		 */
		static RequestBinder<Operator> binder(OperatorAccess access, Sources sources) {
			return RequestBinder.of(Operator.class, (values) -> {
				backToTheCommand(values, sources);
				if (!access.enabled()) {
					throw ActionAudit.refusedRequest(new ActionRefused(Reason.NOT_ENABLED,
							"Actions are not enabled in this Runboard (runboard.actions.enabled)."), 404);
				}
				if (!access.allowed()) {
					throw ActionAudit.refusedRequest(new ActionRefused(Reason.NOT_ALLOWED,
							"Cancelling and rerunning commands is reserved for users with the role " + access.role()
									+ "."),
							403);
				}
				String stale = access.staleSignIn();
				if (stale != null) {
					throw ActionAudit.refusedRequest(new ActionRefused(Reason.NOT_ALLOWED, stale), 403);
				}
				return new Operator(SecurityContextHolder.getContext().getAuthentication().getName());
			});
		}

		/**
		 * The error page of an action leads back to the command page it was asked on,
		 * when the path names a command and the source is one of Runboard's.
		 */
		private static void backToTheCommand(RequestBinder.Values values, Sources sources) {
			String commandId = values.pathVariables().get("commandId");
			if (!Ids.commandId(commandId)) {
				return;
			}
			Source source;
			try {
				source = sources.one(sources.accountNamed(values.single("account"), false),
						sources.regionNamed(values.single("region"), false));
			}
			catch (InvalidQueryException ex) {
				source = sources.primary();
			}
			BackLink.set(new CommandLinks(commandId, sources.shown(source)).page(), "Back to the command");
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
	 * @param statuses for {@code scope=failed}, the failing statuses whose nodes it
	 * reruns ({@code statuses}, repeatable: {@code Failed}, {@code TimedOut},
	 * {@code Cancelled}; all three when none is given)
	 * @param confirmed for {@code scope=failed}, what its confirmation carried; required
	 * @param checked the nonce of an attempt of unknown outcome that the operator checked
	 * ({@code checked}), or {@code null}
	 */
	record Rerun(boolean failedOnly, List<String> statuses, String confirmed, String checked) {

		static RequestBinder<Rerun> binder() {
			return RequestBinder.of(Rerun.class, (values) -> {
				boolean failedOnly = "failed".equals(QueryParameters.required("scope",
						QueryParameters.oneOf("scope", values.single("scope"), List.of("all", "failed")),
						"all or failed"));
				String checked = values.single("checked");
				if (checked != null && !checked.matches(NONCE)) {
					throw new InvalidQueryException("checked",
							"checked: the nonce of the attempt you checked, such as k3f9 (four letters or digits).");
				}
				if (!failedOnly) {
					return new Rerun(false, List.of(), null, checked);
				}
				String confirmed = values.single("confirmed");
				if (confirmed == null) {
					throw new InvalidQueryException("confirmed", "confirmed: a rerun on the failed nodes sends to "
							+ "the nodes its confirmation listed. Open the confirmation (Rerun on the failed nodes…) "
							+ "and send it from there.");
				}
				return new Rerun(true, FailedStatuses.bind(values.parameters().get("statuses")), confirmed, checked);
			});
		}

	}

	/**
	 * What the confirmation of a rerun on the failed nodes lists.
	 *
	 * @param statuses the failing statuses whose nodes it lists
	 */
	record FailedStatuses(List<String> statuses) {

		static RequestBinder<FailedStatuses> binder() {
			return RequestBinder.of(FailedStatuses.class,
					(values) -> new FailedStatuses(bind(values.parameters().get("statuses"))));
		}

		/**
		 * The statuses given, each one of {@link InvocationView#FAILING}, in that order;
		 * all of them when none is given.
		 */
		static List<String> bind(List<String> given) {
			if (given == null || given.stream().allMatch((value) -> value == null || value.isBlank())) {
				return InvocationView.FAILING;
			}
			Set<String> chosen = new HashSet<>();
			for (String value : given) {
				if (value != null && !value.isBlank()) {
					chosen.add(QueryParameters.oneOf("statuses", value.strip(), InvocationView.FAILING));
				}
			}
			return InvocationView.FAILING.stream().filter(chosen::contains).toList();
		}

	}

}
