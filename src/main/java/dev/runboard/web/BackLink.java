package dev.runboard.web;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Where the error page of a request leads back to, when there is a better place than the
 * start: the command page an action was asked on, so that a refused or failed action does
 * not strand its operator on "All invocations".
 *
 * @param link a link relative to the application, built with {@link Link}
 * @param label what the link says
 */
public record BackLink(String link, String label) {

	static final String ATTRIBUTE = BackLink.class.getName();

	/** The error page of the current request, if any, leads back to this. */
	public static void set(String link, String label) {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes != null) {
			attributes.setAttribute(ATTRIBUTE, new BackLink(link, label), RequestAttributes.SCOPE_REQUEST);
		}
	}

}
