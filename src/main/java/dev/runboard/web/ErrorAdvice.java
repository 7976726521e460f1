package dev.runboard.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.InvalidQueryException;
import dev.runboard.history.HistoryOffException;
import dev.runboard.history.StoreUnavailableException;
import dev.runboard.security.OutputHiddenException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponse;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxReswap;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.View;
import org.springframework.web.util.UriUtils;

/**
 * The one place where what went wrong becomes an HTTP answer: its status, and one error
 * page or one error fragment with a sentence a person can act on, never an exception name
 * or a stack trace. A failed scroll page or row refresh becomes a table row with a retry
 * button, so the rows already shown stay usable.
 */
@ControllerAdvice
class ErrorAdvice {

	static final String VIEW_PAGE = "error";

	static final String VIEW_PANEL = "fragments/error :: panel";

	static final String VIEW_ROW = "fragments/error :: row";

	/** When to ask a store that did not answer again. */
	private static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(30);

	@ExceptionHandler
	ModelAndView invalidQuery(InvalidQueryException ex, HandlerMethod handler, HttpServletRequest request,
			HtmxRequest htmx, HtmxResponse htmxResponse) {
		ModelAndView view = error(HttpStatus.BAD_REQUEST, ex.getMessage(), handler, request, htmx, htmxResponse);
		view.addObject("parameter", ex.getParameter());
		view.addObject("withoutUrl", without(request, ex.getParameter()));
		return view;
	}

	/**
	 * Not where the link looked: 404, with where else to look (the same command in the
	 * other configured regions).
	 */
	@ExceptionHandler
	ModelAndView notHere(NotFoundHere ex, HandlerMethod handler, HttpServletRequest request, HtmxRequest htmx,
			HtmxResponse htmxResponse) {
		ModelAndView view = error(HttpStatus.NOT_FOUND, ex.getMessage(), handler, request, htmx, htmxResponse);
		view.addObject("waysOut", ex.waysOut());
		return view;
	}

	@ExceptionHandler
	ModelAndView hidden(OutputHiddenException ex, HandlerMethod handler, HttpServletRequest request, HtmxRequest htmx,
			HtmxResponse htmxResponse) {
		return error(HttpStatus.FORBIDDEN, ex.getMessage(), handler, request, htmx, htmxResponse);
	}

	@ExceptionHandler
	ModelAndView refused(ActionRefused ex, HandlerMethod handler, HttpServletRequest request, HtmxRequest htmx,
			HtmxResponse htmxResponse) {
		return error(status(ex.reason()), ex.getMessage(), handler, request, htmx, htmxResponse);
	}

	/**
	 * Actions that are off do not exist (404), as for a user who cannot know them; a user
	 * who may not act is forbidden (403); a command whose state forbids the action is a
	 * conflict (409); a batch that AWS stopped half way, or an action AWS may or may not
	 * have done, is a bad gateway (502), as every other refusal by AWS.
	 */
	static HttpStatus status(ActionRefused.Reason reason) {
		return switch (reason) {
			case NOT_ENABLED -> HttpStatus.NOT_FOUND;
			case NOT_ALLOWED -> HttpStatus.FORBIDDEN;
			case CONFLICT -> HttpStatus.CONFLICT;
			case PARTLY_DONE, OUTCOME_UNKNOWN -> HttpStatus.BAD_GATEWAY;
		};
	}

	/**
	 * Too many of the asker's own requests of a kind at once is theirs to wait out (429);
	 * too many of everyone's is Runboard being busy (503).
	 */
	@ExceptionHandler
	ModelAndView limit(RequestLimitException ex, HandlerMethod handler, HttpServletRequest request,
			HttpServletResponse response, HtmxRequest htmx, HtmxResponse htmxResponse) {
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfter().toSeconds()));
		ModelAndView view = error(ex.yours() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE,
				ex.getMessage(), handler, request, htmx, htmxResponse);
		view.addObject("retryable", true);
		return view;
	}

	/**
	 * The history store down is Runboard's own service unavailable for now (503), to be
	 * asked again: the recorder catches up once it answers, and live views are not
	 * affected.
	 */
	@ExceptionHandler
	ModelAndView store(StoreUnavailableException ex, HandlerMethod handler, HttpServletRequest request,
			HttpServletResponse response, HtmxRequest htmx, HtmxResponse htmxResponse) {
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(STORE_RETRY_AFTER.toSeconds()));
		ModelAndView view = error(HttpStatus.SERVICE_UNAVAILABLE,
				ex.getMessage() + " What Runboard keeps there (history, the activity log, watches) cannot be read "
						+ "or written now; the live views (SSM's last 30 days) work as usual, and the recorder "
						+ "catches up on what it missed once the store answers again.",
				handler, request, htmx, htmxResponse);
		view.addObject("retryable", true);
		return view;
	}

	/** History that is off does not exist here (404), as actions that are off. */
	@ExceptionHandler
	ModelAndView historyOff(HistoryOffException ex, HandlerMethod handler, HttpServletRequest request, HtmxRequest htmx,
			HtmxResponse htmxResponse) {
		return error(HttpStatus.NOT_FOUND, ex.getMessage(), handler, request, htmx, htmxResponse);
	}

	@ExceptionHandler
	ModelAndView aws(AwsFailure ex, HandlerMethod handler, HttpServletRequest request, HttpServletResponse response,
			HtmxRequest htmx, HtmxResponse htmxResponse) {
		HttpStatus status = status(ex.kind());
		if (ex.kind().retryAfter() != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ex.kind().retryAfter().toSeconds()));
		}
		ModelAndView view = error(status, ex.getMessage(), handler, request, htmx, htmxResponse);
		if (ex.kind() == AwsFailure.Kind.EXPIRED_PAGE_TOKEN) {
			view.addObject("parameter", "nextToken");
		}
		if (!ex.kind().requestAtFault()) {
			view.addObject("retryable", true);
		}
		return view;
	}

	/**
	 * Throttling and an unreachable AWS pass: 503. Access denied and other refusals are
	 * Runboard's own IAM role's, not the user's: 502, a bad gateway.
	 */
	static HttpStatus status(AwsFailure.Kind kind) {
		return switch (kind) {
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case EXPIRED_PAGE_TOKEN, REJECTED -> HttpStatus.BAD_REQUEST;
			case THROTTLED, UNREACHABLE, NO_CREDENTIALS -> HttpStatus.SERVICE_UNAVAILABLE;
			case DENIED, INVALID_CREDENTIALS, EXPIRED_CREDENTIALS, ROLE_REFUSED, ERROR -> HttpStatus.BAD_GATEWAY;
		};
	}

	private static ModelAndView error(HttpStatus status, String message, HandlerMethod handler,
			HttpServletRequest request, HtmxRequest htmx, HtmxResponse htmxResponse) {
		RendersRows rows = handler.getMethodAnnotation(RendersRows.class);
		String viewName = VIEW_PAGE;
		if (htmx.isHtmxRequest()) {
			// An error is not a state worth sharing: keep the address bar as it was.
			htmxResponse.preventHistoryUpdate();
			viewName = (rows != null) ? VIEW_ROW : VIEW_PANEL;
			if (status.is5xxServerError() && handler.hasMethodAnnotation(Polled.class)) {
				// A refresh that failed for now leaves the row or section as it was,
				// still
				// polling: a throttled poll must not wipe what the page shows.
				htmxResponse.setReswap(HtmxReswap.none());
			}
		}
		// An error is an HTML page or fragment, whatever the address ends in: left to
		// itself, the template engine takes the type from the address and answers the
		// error page of output.txt as text/plain, that of invocations.json as JSON.
		request.setAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE, Set.of(MediaType.TEXT_HTML));
		request.setAttribute(View.SELECTED_CONTENT_TYPE, MediaType.TEXT_HTML);
		ModelAndView view = new ModelAndView(viewName, status);
		view.addObject("status", status.value());
		view.addObject("error", status.getReasonPhrase());
		view.addObject("message", message);
		view.addObject("retryUrl", retryUrl(request));
		view.addObject("startOver", (rows != null) ? rows.startOver() : "/invocations");
		view.addObject("back", request.getAttribute(BackLink.ATTRIBUTE));
		return view;
	}

	/**
	 * The same address without the parameter that was refused, so the error page offers
	 * the view it was meant to be; {@code null} for a POST, or when the parameter is not
	 * in the query (a path variable).
	 */
	static String without(HttpServletRequest request, String parameter) {
		String query = request.getQueryString();
		if (parameter == null || query == null || !HttpMethod.GET.matches(request.getMethod())) {
			return null;
		}
		StringBuilder kept = new StringBuilder();
		boolean dropped = false;
		for (String pair : query.split("&")) {
			if (name(pair).equalsIgnoreCase(parameter)) {
				dropped = true;
				continue;
			}
			if (!pair.isEmpty()) {
				kept.append((kept.length() == 0) ? "?" : "&").append(pair);
			}
		}
		return dropped ? request.getRequestURI() + kept : null;
	}

	private static String name(String pair) {
		String name = pair.split("=", 2)[0];
		try {
			return UriUtils.decode(name, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return name;
		}
	}

	/**
	 * The address to ask again, for a GET; none for a POST, whose address cannot be asked
	 * again by a link (the form it came from is one step back).
	 */
	private static String retryUrl(HttpServletRequest request) {
		if (!HttpMethod.GET.matches(request.getMethod())) {
			return null;
		}
		String query = request.getQueryString();
		return request.getRequestURI() + ((query != null) ? "?" + query : "");
	}

}
