package dev.runboard.testing;

import jakarta.servlet.Filter;

import org.springframework.context.ApplicationContext;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * Puts the application's own keeper of CSRF tokens back in its CSRF filter before each
 * test. spring-security-test's {@code csrf()} swaps it for a session-based one of its own
 * for the rest of the context's life, and MockMvc and the context's server share the
 * filter: after one such request, every later test would see the login page keep its
 * token in a new session, which the application never does. Registered in
 * {@code META-INF/spring.factories}.
 */
public class ApplicationCsrfTokens extends AbstractTestExecutionListener {

	@Override
	public void beforeTestMethod(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return;
		}
		ApplicationContext context = testContext.getApplicationContext();
		FilterChainProxy security = context.getBeanProvider(FilterChainProxy.class).getIfUnique();
		CsrfTokenRepository own = context.getBeanProvider(CsrfTokenRepository.class).getIfUnique();
		if (security == null || own == null) {
			return;
		}
		for (SecurityFilterChain chain : security.getFilterChains()) {
			for (Filter filter : chain.getFilters()) {
				if (filter instanceof CsrfFilter csrf) {
					ReflectionTestUtils.setField(csrf, "tokenRepository", own);
				}
			}
		}
	}

}
