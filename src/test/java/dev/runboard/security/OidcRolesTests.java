package dev.runboard.security;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an identity provider's groups give: a mapping, and only when
 * {@code mapped-roles-only} is {@code false} the group's own name, never a role that
 * guards something. A claim is a list of values; a string is one value.
 */
class OidcRolesTests {

	static final Map<String, String> MAPPINGS = Map.of("ops-team", "OUTPUT", "oncall", "OPERATOR", "staff", "STAFF");

	@Test
	void mappedRolesOnlyIsTheDefault() {
		assertThat(new RunboardSecurityProperties.Oidc("groups", Map.of(), true, null).mappedRolesOnly()).isTrue();
		assertThat(roles(true, List.of("OPERATOR", "OUTPUT", "STAFF", "auditors"))).containsExactly("ROLE_USER");
	}

	/**
	 * With unmapped groups allowed, a group that happens to be called like the operator,
	 * output or required role still gives nothing: anyone who may name a group at the
	 * provider would otherwise send commands to the fleet.
	 */
	@Test
	void aGroupNamedLikeAGuardingRoleNeverGivesItWithoutAMapping() {
		assertThat(roles(false, List.of("OPERATOR", "OUTPUT", "STAFF", "auditors")))
			.containsExactlyInAnyOrder("ROLE_USER", "ROLE_auditors");
		assertThat(roles(false, List.of("oncall", "ops-team", "staff"))).containsExactlyInAnyOrder("ROLE_USER",
				"ROLE_OPERATOR", "ROLE_OUTPUT", "ROLE_STAFF");
	}

	/**
	 * One group called {@code contractors ops-team} is not the group {@code ops-team}.
	 */
	@Test
	void aClaimGivenAsOneStringIsOneValueNeverSplit() {
		assertThat(roles(true, "contractors ops-team")).containsExactly("ROLE_USER");
		assertThat(roles(true, "contractors,ops-team")).containsExactly("ROLE_USER");
		assertThat(roles(true, "ops-team")).containsExactlyInAnyOrder("ROLE_USER", "ROLE_OUTPUT");
	}

	private static List<String> roles(boolean mappedOnly, Object groups) {
		RunboardSecurityProperties properties = new RunboardSecurityProperties(List.of(), "OUTPUT", "OPERATOR",
				new RunboardSecurityProperties.Oidc("groups", MAPPINGS, mappedOnly, "STAFF"), null, null, null);
		OidcIdToken token = new OidcIdToken("token", Instant.now(), Instant.now().plusSeconds(60),
				Map.of("sub", "someone", "groups", groups));
		Collection<? extends GrantedAuthority> mapped = new OidcRoles(properties)
			.mapAuthorities(List.of(new OidcUserAuthority(token)));
		return mapped.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith("ROLE_"))
			.toList();
	}

}
