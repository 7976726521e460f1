package dev.runboard.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.view.RedirectView;

/**
 * Where a form that did something sends the browser next: a 303, so that the browser asks
 * for the page with a GET and reloading it does not submit the form again.
 */
public final class SeeOther {

	private SeeOther() {
	}

	/**
	 * @param link a link relative to the application, built with {@link Link}; the
	 * context path is added, nothing in it is expanded or added
	 */
	public static RedirectView to(String link) {
		RedirectView redirect = new RedirectView(link, true);
		redirect.setStatusCode(HttpStatus.SEE_OTHER);
		redirect.setExpandUriTemplateVariables(false);
		redirect.setExposeModelAttributes(false);
		return redirect;
	}

}
