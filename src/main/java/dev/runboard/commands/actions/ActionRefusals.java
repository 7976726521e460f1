package dev.runboard.commands.actions;

import dev.runboard.security.RequestRefused;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

/**
 * Audits the actions Spring Security refused before they reached a handler (a form
 * without a valid CSRF token), with the fields of every action line.
 */
@Component
class ActionRefusals {

	@EventListener
	void refused(RequestRefused event) {
		String path = event.request().getRequestURI().substring(event.request().getContextPath().length());
		if (HttpMethod.POST.matches(event.request().getMethod()) && path.matches("/commands/[^/]+/(cancel|rerun)")) {
			ActionAudit.refusedRequest(event.request(), event.user(), 403, event.reason());
		}
	}

}
