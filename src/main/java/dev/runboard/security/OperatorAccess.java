package dev.runboard.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.runboard.aws.SsmProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * Who may act on commands: nobody unless actions are enabled (they are by default only in
 * the sandbox), and then only users with the operator role
 * ({@code runboard.security.operator-role}). Templates reach this as
 * {@code @operatorAccess}, to show action forms only to those who may use them, wherever
 * they are; the actions' own guard refuses anyone else.
 */
@Component("operatorAccess")
public class OperatorAccess {

	private final boolean enabled;

	private final String role;

	private final Duration reauthenticateAfter;

	private final Clock clock;

	OperatorAccess(ActionsProperties actions, SsmProperties ssm, RunboardSecurityProperties security,
			ObjectProvider<ClientRegistrationRepository> oidc, Clock clock) {
		this.enabled = (actions.enabled() != null) ? actions.enabled() : ssm.sandbox();
		this.role = security.operatorRole().strip();
		this.reauthenticateAfter = security.actions().reauthenticateAfter();
		this.clock = clock;
		if (this.enabled && oidc.getIfAvailable() != null && !security.oidc().mappedRolesOnly()) {
			throw new IllegalStateException("Runboard will not start with actions on while OIDC groups without a "
					+ "mapping become roles (runboard.security.oidc.mapped-roles-only=false): any group of the "
					+ "identity provider could then act on the fleet. Set runboard.security.oidc.mapped-roles-only "
					+ "to true (the default) and map the groups that may act in "
					+ "runboard.security.oidc.role-mappings, or turn actions off (runboard.actions.enabled=false).");
		}
	}

	/** Whether the signed-in user may act on commands. */
	public boolean allowed() {
		return this.enabled && Roles.signedInUserHas(this.role);
	}

	/**
	 * Why the signed-in user must sign in again before acting, or {@code null} when they
	 * need not: an OIDC user whose identity provider's token is older than
	 * {@code runboard.security.actions.reauthenticate-after}, so that the roles they act
	 * with are what the provider says now, not what it said when they signed in. Local
	 * users' roles come from Runboard's own configuration and are current.
	 */
	public String staleSignIn() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof OidcUser user) {
			Instant issued = user.getIdToken().getIssuedAt();
			if (issued == null || issued.plus(this.reauthenticateAfter).isBefore(this.clock.instant())) {
				return "You signed in more than " + minutes(this.reauthenticateAfter)
						+ " ago: sign out and in again to act on commands, so that Runboard checks your roles as your "
						+ "identity provider gives them now.";
			}
		}
		return null;
	}

	private static String minutes(Duration duration) {
		long minutes = Math.max(1, duration.toMinutes());
		return (minutes % 60 == 0) ? (minutes / 60) + " h" : minutes + " min";
	}

	/** Whether actions exist at all in this Runboard. */
	public boolean enabled() {
		return this.enabled;
	}

	/** The role that may act. */
	public String role() {
		return this.role;
	}

}
