package dev.runboard.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What a request says about htmx: whether htmx sent it, and whether it asks for table
 * rows (a page of them, or one row refreshing itself) rather than a page.
 */
public final class Htmx {

	private Htmx() {
	}

	/** Whether htmx sent the request (it sets {@code HX-Request: true}). */
	public static boolean request(HttpServletRequest request) {
		return "true".equals(request.getHeader("HX-Request"));
	}

	/** Whether the request asks for table rows: {@code …/rows} or {@code …/row}. */
	public static boolean rows(HttpServletRequest request) {
		String uri = request.getRequestURI();
		return uri.endsWith("/rows") || uri.endsWith("/row");
	}

}
