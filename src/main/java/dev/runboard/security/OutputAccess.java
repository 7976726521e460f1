package dev.runboard.security;

import dev.runboard.aws.InvocationView;

import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Who may read command output. Output often carries host names, paths and sometimes
 * secrets, so a deployment can reserve it for one role
 * ({@code runboard.security.output-role}); everyone else sees statuses and metadata.
 * Templates reach this as {@code @outputAccess}.
 */
@Component("outputAccess")
public class OutputAccess {

	private final String role;

	OutputAccess(RunboardSecurityProperties properties) {
		this.role = StringUtils.hasText(properties.outputRole()) ? properties.outputRole().strip() : null;
	}

	/** Whether the signed-in user may read output. */
	public boolean allowed() {
		return this.role == null || Roles.signedInUserHas(this.role);
	}

	/**
	 * Refuses a request for output text when the signed-in user may not read output.
	 * @throws OutputHiddenException naming the role output is reserved for
	 */
	public void require() {
		if (!allowed()) {
			throw new OutputHiddenException(
					"Command output is reserved for users with the role " + this.role + "; you may see statuses only.");
		}
	}

	/** The role output is reserved for, or {@code null} when everyone may read it. */
	public String role() {
		return this.role;
	}

	/** The invocation as the signed-in user may see it. */
	public InvocationView apply(InvocationView invocation) {
		return allowed() ? invocation : invocation.withoutOutput();
	}

}
