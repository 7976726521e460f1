package dev.runboard.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may sign in, and who may read command output.
 *
 * @param users local users; outside the sandbox there is no default user
 * @param outputRole when set, only users with this role see plugin output and output
 * links; everyone else sees statuses and metadata
 * @param operatorRole only users with this role see and use actions (cancel, rerun), when
 * actions are enabled
 * @param oidc how roles are read from an OIDC provider's tokens
 * @param lockout how repeated failed sign-ins for one user name are slowed down
 * @param session how long a session lasts however busy it is
 * @param actions how fresh a sign-in must be to act on commands
 */
@Validated
@ConfigurationProperties("runboard.security")
public record RunboardSecurityProperties(@DefaultValue List<@Valid User> users, String outputRole,
		@NotBlank @DefaultValue("OPERATOR") String operatorRole, @Valid @DefaultValue Oidc oidc,
		@Valid @DefaultValue Lockout lockout, @Valid @DefaultValue Session session,
		@Valid @DefaultValue Actions actions) {

	/**
	 * A local user.
	 *
	 * @param password in Spring Security's encoded form, such as {@code {bcrypt}$2a$10$…}
	 * or {@code {noop}secret}
	 * @param roles role names without the {@code ROLE_} prefix
	 */
	public record User(@NotBlank String name, @NotBlank @Pattern(regexp = "\\{[a-z0-9-]+}.+",
			message = "must be encoded with its algorithm prefix, such as {bcrypt}$2a$10$... or {noop}secret") String password,
			@DefaultValue("USER") List<String> roles) {

	}

	/**
	 * @param rolesClaim the ID token or user info claim listing the user's groups
	 * @param roleMappings claim value to Runboard role
	 * @param mappedRolesOnly whether only claim values with a mapping give roles (the
	 * default); when {@code false}, a value with no mapping becomes the role of the same
	 * name, except the operator, output and required roles, which only a mapping gives
	 * @param requiredRole when set, the role an OIDC user must hold to sign in at all;
	 * anyone else is refused with a page that says so
	 */
	public record Oidc(@NotBlank @DefaultValue("groups") String rolesClaim,
			@DefaultValue Map<String, String> roleMappings, @DefaultValue("true") boolean mappedRolesOnly,
			String requiredRole) {

	}

	/**
	 * @param maxFailures failed sign-ins within {@code window} that lock the user name
	 * @param window how far back failures count
	 * @param duration how long a locked user name stays locked
	 */
	public record Lockout(@Min(1) @DefaultValue("10") int maxFailures, @NotNull @DefaultValue("5m") Duration window,
			@NotNull @DefaultValue("5m") Duration duration) {

	}

	/**
	 * @param maxAge how long a session lasts after its user signed in, however often it
	 * is used: then they sign in again, and what the identity provider says of them
	 * counts again
	 */
	public record Session(@NotNull @DefaultValue("12h") Duration maxAge) {

	}

	/**
	 * @param reauthenticateAfter how old the identity provider's token of an OIDC user
	 * may be for them to act on commands; older, they are asked to sign in again, so that
	 * the roles they act with are those the provider gives now
	 */
	public record Actions(@NotNull @DefaultValue("1h") Duration reauthenticateAfter) {

	}

}
