package dev.runboard.security;

import dev.runboard.aws.SsmProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
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

	private static final Log logger = LogFactory.getLog(OperatorAccess.class);

	private final boolean enabled;

	private final String role;

	OperatorAccess(ActionsProperties actions, SsmProperties ssm, RunboardSecurityProperties security,
			ObjectProvider<ClientRegistrationRepository> oidc) {
		this.enabled = (actions.enabled() != null) ? actions.enabled() : ssm.sandbox();
		this.role = security.operatorRole().strip();
		if (this.enabled && oidc.getIfAvailable() != null && !security.oidc().mappedRolesOnly()) {
			logger.warn("Actions are on, and an OIDC user whose groups include one named " + this.role
					+ " may cancel and send commands: runboard.security.oidc.mapped-roles-only is false. "
					+ "Set it to true and map the groups that may act in runboard.security.oidc.role-mappings.");
		}
	}

	/** Whether the signed-in user may act on commands. */
	public boolean allowed() {
		return this.enabled && Roles.signedInUserHas(this.role);
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
