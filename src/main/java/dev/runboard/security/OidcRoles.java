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
 * Turns the groups an OIDC provider puts in a claim into Runboard roles.
 */
class OidcRoles implements GrantedAuthoritiesMapper {

	private final String claim;

	private final Map<String, String> mappings;

	OidcRoles(RunboardSecurityProperties.Oidc oidc) {
		this.claim = oidc.rolesClaim();
		this.mappings = oidc.roleMappings();
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
					mapped.add(new SimpleGrantedAuthority("ROLE_" + this.mappings.getOrDefault(group, group)));
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
