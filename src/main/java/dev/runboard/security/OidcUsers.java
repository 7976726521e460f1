package dev.runboard.security;

import java.util.Collection;

import dev.runboard.aws.Printable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.util.StringUtils;

/**
 * Who an OIDC sign-in is, with the roles their groups give ({@link OidcRoles}); and, when
 * {@code runboard.security.oidc.required-role} is set, a refusal for anyone whose groups
 * do not give that role. An identity provider often serves a whole company: being known
 * to it is not enough to read command output.
 */
class OidcUsers implements OAuth2UserService<OidcUserRequest, OidcUser> {

	private static final Log logger = LogFactory.getLog(OidcUsers.class);

	/** The OAuth 2.0 error of a sign-in refused for want of the required role. */
	static final String ROLE_REQUIRED = "runboard_role_required";

	private final OidcUserService delegate = new OidcUserService();

	private final OidcRoles roles;

	private final String requiredRole;

	OidcUsers(RunboardSecurityProperties properties) {
		RunboardSecurityProperties.Oidc oidc = properties.oidc();
		this.roles = new OidcRoles(properties);
		this.requiredRole = StringUtils.hasText(oidc.requiredRole()) ? oidc.requiredRole().strip() : null;
	}

	@Override
	public OidcUser loadUser(OidcUserRequest request) {
		OidcUser user = this.delegate.loadUser(request);
		Collection<? extends GrantedAuthority> authorities = this.roles.mapAuthorities(user.getAuthorities());
		if (this.requiredRole != null && !Roles.has(authorities, this.requiredRole)) {
			logger.warn("OIDC sign-in refused for user name '" + Printable.of(user.getName())
					+ "': its groups do not give the role " + this.requiredRole
					+ " (runboard.security.oidc.required-role)");
			throw new OAuth2AuthenticationException(new OAuth2Error(ROLE_REQUIRED,
					"Signing in to Runboard requires the role " + this.requiredRole, null));
		}
		String nameAttribute = request.getClientRegistration()
			.getProviderDetails()
			.getUserInfoEndpoint()
			.getUserNameAttributeName();
		return StringUtils.hasText(nameAttribute)
				? new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), nameAttribute)
				: new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo());
	}

}
