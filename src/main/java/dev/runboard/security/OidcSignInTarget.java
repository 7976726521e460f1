package dev.runboard.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Carries the page to return to through an OIDC sign-in: the login page's provider link
 * names it ({@code /oauth2/authorization/{id}?to=…}), the authorization request keeps it
 * while the browser is at the provider, and the callback hands it to the landing redirect
 * ({@link SignInRedirects}). Kept with the authorization request rather than on its own,
 * so that an abandoned sign-in leaves nothing for the next one to land on.
 */
final class OidcSignInTarget {

	/** The request attribute the callback carries the target in. */
	static final String ATTRIBUTE = OidcSignInTarget.class.getName() + ".TARGET";

	private OidcSignInTarget() {
	}

	/** Resolves authorization requests as Spring Security does, keeping the target. */
	static OAuth2AuthorizationRequestResolver resolver(ClientRegistrationRepository registrations,
			SignInTargets targets) {
		OAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations,
				OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
		return new OAuth2AuthorizationRequestResolver() {

			@Override
			public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
				return keepTarget(request, resolver.resolve(request));
			}

			@Override
			public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String registrationId) {
				return keepTarget(request, resolver.resolve(request, registrationId));
			}

			private OAuth2AuthorizationRequest keepTarget(HttpServletRequest request,
					OAuth2AuthorizationRequest authorization) {
				if (authorization == null) {
					return null;
				}
				return targets.parse(request, request.getParameter(SignInTargets.PARAMETER))
					.map((target) -> OAuth2AuthorizationRequest.from(authorization)
						.attributes((attributes) -> attributes.put(ATTRIBUTE, target.value()))
						.build())
					.orElse(authorization);
			}

		};
	}

	/**
	 * Keeps authorization requests in the session, as Spring Security does, and puts the
	 * target of the one the callback completes where the landing redirect reads it.
	 */
	static AuthorizationRequestRepository<OAuth2AuthorizationRequest> repository() {
		AuthorizationRequestRepository<OAuth2AuthorizationRequest> session = new HttpSessionOAuth2AuthorizationRequestRepository();
		return new AuthorizationRequestRepository<>() {

			@Override
			public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
				return session.loadAuthorizationRequest(request);
			}

			@Override
			public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorization, HttpServletRequest request,
					HttpServletResponse response) {
				session.saveAuthorizationRequest(authorization, request, response);
			}

			@Override
			public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
					HttpServletResponse response) {
				OAuth2AuthorizationRequest authorization = session.removeAuthorizationRequest(request, response);
				if (authorization != null && authorization.getAttribute(ATTRIBUTE) instanceof String target) {
					request.setAttribute(ATTRIBUTE, target);
				}
				return authorization;
			}

		};
	}

}
