package dev.runboard.security;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.util.StringUtils;

/**
 * Turns the groups an OIDC provider puts in a claim into Runboard roles, each through
 * {@code role-mappings}. Only when {@code mapped-roles-only} is {@code false} does a
 * group without a mapping become the role of the same name, and even then never a role
 * that guards something (the operator, output and required roles): an identity provider
 * often lets anyone name a group, and a group that happens to be called {@code OPERATOR}
 * must not send commands to the fleet. A claim is a list of values; a claim given as one
 * string is one value, never split, so a group called {@code contractors ops-team} is not
 * {@code ops-team}. Every user signed in this way is a {@code USER}.
 */
class OidcRoles implements GrantedAuthoritiesMapper {

	private final String claim;

	private final Map<String, String> mappings;

	private final boolean mappedOnly;

	/** The roles only a mapping may give. */
	private final Set<String> guarded = new HashSet<>();

	OidcRoles(RunboardSecurityProperties properties) {
		RunboardSecurityProperties.Oidc oidc = properties.oidc();
		this.claim = oidc.rolesClaim();
		this.mappings = oidc.roleMappings();
		this.mappedOnly = oidc.mappedRolesOnly();
		for (String role : new String[] { properties.operatorRole(), properties.outputRole(), oidc.requiredRole() }) {
			if (StringUtils.hasText(role)) {
				this.guarded.add(role.strip());
			}
		}
	}

	@Override
	public Collection<? extends GrantedAuthority> mapAuthorities(Collection<? extends GrantedAuthority> authorities) {
		Set<GrantedAuthority> mapped = new HashSet<>(authorities);
		mapped.add(new SimpleGrantedAuthority("ROLE_USER"));
		for (GrantedAuthority authority : authorities) {
			if (authority instanceof OidcUserAuthority oidc) {
				Object value = (oidc.getUserInfo() != null && oidc.getUserInfo().hasClaim(this.claim))
						? oidc.getUserInfo().getClaim(this.claim) : oidc.getIdToken().getClaim(this.claim);
				for (String group : values(value)) {
					String role = role(group);
					if (role != null) {
						mapped.add(new SimpleGrantedAuthority("ROLE_" + role));
					}
				}
			}
		}
		return mapped;
	}

	/** The role a group gives, or {@code null}. */
	String role(String group) {
		String mapped = this.mappings.get(group);
		if (mapped != null) {
			return mapped;
		}
		return (this.mappedOnly || this.guarded.contains(group)) ? null : group;
	}

	/** The values of a claim: each element of a list, or a string as one value. */
	static List<String> values(Object claim) {
		if (claim instanceof Collection<?> collection) {
			return collection.stream().filter((value) -> value != null).map(String::valueOf).toList();
		}
		if (claim instanceof String text && !text.isBlank()) {
			return List.of(text);
		}
		return List.of();
	}

}
