package dev.runboard.commands.actions;

import java.util.List;

import dev.runboard.aws.Printable;
import dev.runboard.web.ActionRefused;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The audit lines of actions, on the {@code runboard.audit} logger, all with the same
 * fields: who, which action, on which command in which source, on which nodes, the
 * commands it sent, and how it ended. A line is written when an action is requested,
 * before anything asks AWS (so an attempt that dies mid-call still left one), when it
 * ends, and when it is refused, whatever refused it.
 */
final class ActionAudit {

	private static final Log audit = LogFactory.getLog("runboard.audit");

	private ActionAudit() {
	}

	/**
	 * One line.
	 * @param action {@code cancel}, {@code rerun-all}, {@code rerun-failed}, or what a
	 * refused request asked, as far as it is known
	 * @param source the source's label, or what the request named
	 * @param nodes what the action acts on: node IDs, {@code all}, or for a rerun on the
	 * failed nodes before they are read, {@code failed:<statuses>}; IDs Runboard checked,
	 * or text made {@link Printable} by the caller
	 * @param outcome {@code requested}, {@code success}, {@code partly-done},
	 * {@code error}, {@code unknown}, {@code duplicate-ignored}, {@code in-flight},
	 * {@code unknown-refused}, {@code acknowledged}, {@code refused}
	 * @param status the HTTP status of a refusal, or {@code 0}
	 * @param error what went wrong, or {@code null}
	 */
	static void line(String user, String action, String commandId, String source, String nodes, List<String> sent,
			String outcome, int status, String error) {
		if (!audit.isInfoEnabled()) {
			return;
		}
		StringBuilder line = new StringBuilder("action user=").append(Printable.of(user))
			.append(" action=")
			.append(Printable.of(action))
			.append(" command=")
			.append(Printable.of(commandId))
			.append(" source=")
			.append(Printable.of(source))
			.append(" nodes=")
			.append(nodes)
			.append(" new=")
			.append(sent.isEmpty() ? "-" : String.join(",", sent))
			.append(" outcome=")
			.append(outcome);
		if (status != 0) {
			line.append(" status=").append(status);
		}
		if (error != null) {
			line.append(" error=").append(Printable.quoted(error));
		}
		audit.info(line.toString());
	}

	/**
	 * Audits a refusal decided before the request was read (actions off, a user who may
	 * not act), from what the request asked, and returns it to be thrown.
	 */
	static ActionRefused refusedRequest(ActionRefused refusal, int status) {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			refusedRequest(attributes.getRequest(), signedInUser(), status, refusal.getMessage());
		}
		return refusal;
	}

	/**
	 * Audits a refused request to an action's address, with the fields of every action
	 * line read from the request as it came: nothing in it has been checked yet.
	 */
	static void refusedRequest(HttpServletRequest request, String user, int status, String reason) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String[] segments = path.split("/");
		String commandId = (segments.length > 2 && "commands".equals(segments[1])) ? segments[2] : null;
		String last = segments[segments.length - 1];
		String scope = request.getParameter("scope");
		String action = switch (last) {
			case "cancel" -> CommandActions.CANCEL;
			case "rerun" -> "all".equals(scope) ? CommandActions.RERUN_ALL
					: "failed".equals(scope) ? CommandActions.RERUN_FAILED : "rerun";
			case "failed-nodes" -> "confirm-" + CommandActions.RERUN_FAILED;
			default -> last;
		};
		String[] nodes = request.getParameterValues("instanceId");
		String[] statuses = request.getParameterValues("statuses");
		String nodesText = (nodes != null) ? Printable.of(String.join(",", nodes))
				: (action.endsWith(CommandActions.RERUN_FAILED))
						? "failed:" + ((statuses != null) ? Printable.of(String.join(",", statuses)) : "all") : "all";
		String account = request.getParameter("account");
		String region = request.getParameter("region");
		String source = (account != null) ? account + "/" + region : region;
		line(user, action, commandId, source, nodesText, List.of(), "refused", status, reason);
	}

	private static String signedInUser() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null) ? authentication.getName() : null;
	}

	/** The nodes field of a key's nodes: {@code all} when it names none. */
	static String nodes(List<String> nodes) {
		return nodes.isEmpty() ? "all" : String.join(",", nodes);
	}

}
