package dev.runboard.replicas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.runboard.aws.Printable;
import dev.runboard.history.SharedStore;
import dev.runboard.history.StoreUnavailableException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With sessions in the store, every request but the health probes' may read or write its
 * session there: this filter, just outside Spring Session's, makes sure the store has its
 * tables before the first one (Runboard starts while the store is down, and migrates when
 * it answers), and turns a store that does not answer into a 503 that says so, instead of
 * an error page that would itself need the session.
 */
class SessionStoreFilter extends OncePerRequestFilter {

	/** Just before Spring Session's {@code SessionRepositoryFilter.DEFAULT_ORDER}. */
	static final int ORDER = Integer.MIN_VALUE + 40;

	private static final Log logger = LogFactory.getLog(SessionStoreFilter.class);

	static final String UNAVAILABLE = "Runboard keeps sessions in its store (PostgreSQL), which does not answer "
			+ "now: nobody can sign in or open a page on this replica until it does. Try again in a moment.";

	private final SharedStore store;

	/**
	 * Whether the last request met a store that did not answer: logged once, not per
	 * request.
	 */
	private volatile boolean down;

	SessionStoreFilter(SharedStore store) {
		this.store = store;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			this.store.ensureReady();
			chain.doFilter(request, response);
			if (this.down) {
				this.down = false;
				logger.info("Session store answers again");
			}
		}
		catch (RuntimeException | ServletException | IOException ex) {
			if (!storeFailure(ex) || response.isCommitted()) {
				throw ex;
			}
			if (!this.down) {
				this.down = true;
				logger.warn("Session store unavailable: pages answer 503 until it answers again. "
						+ Printable.quoted(String.valueOf(ex.getMessage())));
			}
			response.reset();
			response.setStatus(503);
			response.setHeader("Retry-After", "5");
			response.setContentType("text/plain;charset=UTF-8");
			response.getOutputStream().write(UNAVAILABLE.getBytes(StandardCharsets.UTF_8));
		}
	}

	private static boolean storeFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof StoreUnavailableException || cause instanceof DataAccessException
					|| cause instanceof TransactionException) {
				return true;
			}
		}
		return false;
	}

}
