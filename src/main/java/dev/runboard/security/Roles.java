package dev.runboard.security;

import java.util.Collection;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Whether someone holds a role, as Runboard names roles in its properties
 * ({@code OUTPUT}, {@code OPERATOR}) and Spring Security grants them
 * ({@code ROLE_OUTPUT}).
 */
public final class Roles {

	private Roles() {
	}

	/** Whether the signed-in user, if any, holds {@code role}. */
	public static boolean signedInUserHas(String role) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && has(authentication.getAuthorities(), role);
	}

	/** Whether {@code authorities} grant {@code role}. */
	public static boolean has(Collection<? extends GrantedAuthority> authorities, String role) {
		String granted = "ROLE_" + role;
		return authorities.stream().anyMatch((authority) -> granted.equals(authority.getAuthority()));
	}

}
