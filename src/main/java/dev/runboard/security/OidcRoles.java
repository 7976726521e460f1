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

/**
 * Turns the groups an OIDC provider puts in a claim into Runboard roles: each through
 * {@code role-mappings}, and, unless {@code mapped-roles-only} is set, a group without a
 * mapping as the role of the same name. Every user signed in this way is a {@code USER}.
 */
class OidcRoles implements GrantedAuthoritiesMapper {

	private final String claim;

	private final Map<String, String> mappings;

	private final boolean mappedOnly;

	OidcRoles(RunboardSecurityProperties.Oidc oidc) {
		this.claim = oidc.rolesClaim();
		this.mappings = oidc.roleMappings();
		this.mappedOnly = oidc.mappedRolesOnly();
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
					String role = this.mappings.getOrDefault(group, this.mappedOnly ? null : group);
					if (role != null) {
						mapped.add(new SimpleGrantedAuthority("ROLE_" + role));
					}
				}
			}
		}
		return mapped;
	}

	private static List<String> values(Object claim) {
		if (claim instanceof Collection<?> collection) {
			return collection.stream().map(String::valueOf).toList();
		}
		if (claim instanceof String text && !text.isBlank()) {
			return List.of(text.split("[,\\s]+"));
		}
		return List.of();
	}

}
