package dev.runboard.web;

import dev.runboard.security.OutputHiddenException;
import dev.runboard.ssm.InvalidQueryException;
import dev.runboard.ssm.SsmNotFoundException;
import dev.runboard.ssm.SsmUnavailableException;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Maps Runboard's exceptions to one error page and one error fragment: a sentence a
 * person can act on, never an exception name or a stack trace. A failed scroll page or
 * row refresh becomes a table row with a retry button, so the rows already shown stay
 * usable.
 */
@ControllerAdvice
class ErrorAdvice {

	static final String VIEW_PAGE = "error";

	static final String VIEW_PANEL = "fragments/error :: panel";

	static final String VIEW_ROW = "fragments/error :: row";

	/** What rows, detail sections and command rows poll while they are not final. */
	private static final Pattern POLL = Pattern.compile("/invocations/[^/]+/[^/]+(/row)?|/commands/[^/]+/row");

	@ExceptionHandler
	ModelAndView invalidQuery(InvalidQueryException ex, HttpServletRequest request, HttpServletResponse response) {
		ModelAndView view = error(HttpStatus.BAD_REQUEST, ex.getMessage(), request, response);
		view.addObject("parameter", ex.getParameter());
		return view;
	}

	@ExceptionHandler
	ModelAndView notFound(SsmNotFoundException ex, HttpServletRequest request, HttpServletResponse response) {
		return error(HttpStatus.NOT_FOUND, ex.getMessage(), request, response);
	}

	@ExceptionHandler
	ModelAndView hidden(OutputHiddenException ex, HttpServletRequest request, HttpServletResponse response) {
		return error(HttpStatus.FORBIDDEN, ex.getMessage(), request, response);
	}

	@ExceptionHandler
	ModelAndView unavailable(SsmUnavailableException ex, HttpServletRequest request, HttpServletResponse response) {
		if (ex.getRetryAfter() != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ex.getRetryAfter().toSeconds()));
		}
		ModelAndView view = error(ex.getStatus(), ex.getMessage(), request, response);
		view.addObject("retryable", true);
		return view;
	}

	private ModelAndView error(HttpStatus status, String message, HttpServletRequest request,
			HttpServletResponse response) {
		boolean htmx = Htmx.request(request);
		String viewName = VIEW_PAGE;
		if (htmx) {
			// An error is not a state worth sharing: keep the address bar as it was.
			response.setHeader("HX-Push-Url", "false");
			String uri = request.getRequestURI();
			viewName = Htmx.rows(request) ? VIEW_ROW : VIEW_PANEL;
			if (status.is5xxServerError() && POLL.matcher(uri.substring(request.getContextPath().length())).matches()) {
				// A refresh that failed for now leaves the row or section as it was,
				// still
				// polling: a throttled poll must not wipe what the page shows.
				response.setHeader("HX-Reswap", "none");
			}
		}
		ModelAndView view = new ModelAndView(viewName, status);
		view.addObject("status", status.value());
		view.addObject("error", status.getReasonPhrase());
		view.addObject("message", message);
		view.addObject("retryUrl", retryUrl(request));
		// Starting over keeps the user in the view they were in.
		view.addObject("startOver", request.getRequestURI().startsWith(request.getContextPath() + "/commands")
				? "/commands" : "/invocations");
		return view;
	}

	private static String retryUrl(HttpServletRequest request) {
		String query = request.getQueryString();
		return request.getRequestURI() + ((query != null) ? "?" + query : "");
	}

}
