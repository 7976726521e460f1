package dev.runboard.web;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an ID that ties together what a person reads on an error page, what
 * the load balancer logged and Runboard's own log lines. An {@code X-Request-Id} set by a
 * proxy in front is kept, so one ID means the same request end to end, but only when it
 * looks like an ID: anything else could forge log lines or markup, and is replaced. Runs
 * before Spring Security so redirects to the login page carry it too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestIdFilter extends OncePerRequestFilter {

	public static final String HEADER = "X-Request-Id";

	/**
	 * Request attribute and logging MDC key; templates read it as {@code ${requestId}}.
	 */
	public static final String ATTRIBUTE = "requestId";

	private static final Pattern SANE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// An error dispatch (the container rendering /error) keeps the original request's
		// ID.
		String id = (request.getAttribute(ATTRIBUTE) instanceof String existing) ? existing : newId(request);
		request.setAttribute(ATTRIBUTE, id);
		response.setHeader(HEADER, id);
		MDC.put(ATTRIBUTE, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(ATTRIBUTE);
		}
	}

	private static String newId(HttpServletRequest request) {
		String incoming = request.getHeader(HEADER);
		return (incoming != null && SANE.matcher(incoming).matches()) ? incoming : UUID.randomUUID().toString();
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

}
