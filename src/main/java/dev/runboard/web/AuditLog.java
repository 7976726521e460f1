package dev.runboard.web;

import dev.runboard.aws.Printable;
import dev.runboard.aws.SsmProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * One audit line per page view and per sign-in, on the {@code runboard.audit} logger:
 * who, what, with which filters, and how it ended. Values typed by users are kept
 * printable ({@link Printable}) so they cannot forge log lines.
 */
@Component
class AuditLog implements HandlerInterceptor {

	private static final Log audit = LogFactory.getLog("runboard.audit");

	private final String source;

	AuditLog(SsmProperties ssm) {
		this.source = ssm.source().name().toLowerCase();
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		if (audit.isInfoEnabled()) {
			audit.info("view user=" + user() + " method=" + Printable.of(request.getMethod()) + " path="
					+ Printable.of(request.getRequestURI()) + " filters=" + Printable.of(request.getQueryString())
					+ " status=" + response.getStatus() + " source=" + this.source);
		}
	}

	@EventListener
	void signedIn(AuthenticationSuccessEvent event) {
		audit.info("sign-in user=" + Printable.of(event.getAuthentication().getName()) + " outcome=success");
	}

	@EventListener
	void failedSignIn(AbstractAuthenticationFailureEvent event) {
		audit.info("sign-in user=" + Printable.of(event.getAuthentication().getName()) + " outcome=failure reason="
				+ event.getException().getClass().getSimpleName());
	}

	private static String user() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null) ? Printable.of(authentication.getName()) : "-";
	}

}
