package dev.runboard.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Who may read the activity log of actions ({@code /activity}): users with the operator
 * role, who act themselves, and users who may read output (with the output role, or
 * everyone when no output role is set), who read what ran. Templates reach this as
 * {@code @activityAccess}.
 */
@Component("activityAccess")
public class ActivityAccess {

	private final OperatorAccess operators;

	private final OutputAccess output;

	ActivityAccess(OperatorAccess operators, OutputAccess output) {
		this.operators = operators;
		this.output = output;
	}

	/** Whether the signed-in user may read the activity log. */
	public boolean allowed() {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		if (user == null || !user.isAuthenticated() || user instanceof AnonymousAuthenticationToken) {
			return false;
		}
		return Roles.signedInUserHas(this.operators.role()) || this.output.allowed();
	}

	/**
	 * Whether the signed-in user holds the operator role (and so may sign others out).
	 */
	public boolean operator() {
		return Roles.signedInUserHas(this.operators.role());
	}

	/** The operator role. */
	public String operatorRole() {
		return this.operators.role();
	}

	/** Who may, for the sentence that refuses anyone else. */
	public String who() {
		String outputRole = this.output.role();
		return "users with the role " + this.operators.role()
				+ ((outputRole != null) ? " or the role " + outputRole : "");
	}

}
