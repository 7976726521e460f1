package dev.runboard.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.UriUtils;

/**
 * The sign-in page: the local user form, and a button per configured OIDC provider. When
 * a signed-out link led here ({@code /login?to=…}), the page is named after the view it
 * leads to, its form and provider buttons carry it, and signing in lands on it.
 */
@Controller
class LoginController {

	static final String VIEW_LOGIN = "security/login";

	private final List<Provider> providers = new ArrayList<>();

	/** An OIDC provider the login page offers. */
	record Provider(String id, String name) {

		/** Where its button leads: its sign-in, carrying the target if there is one. */
		String link(Optional<SignInTarget> target) {
			return SignInTargets.carrying(
					"/oauth2/authorization/" + UriUtils.encodePathSegment(this.id, StandardCharsets.UTF_8), target);
		}

	}

	/** A provider's button: its name and where it leads. */
	record ProviderLink(String name, String link) {

	}

	private final String requiredRole;

	private final SignInTargets targets;

	private final LinkPreviews previews;

	LoginController(ObjectProvider<ClientRegistrationRepository> registrations, RunboardSecurityProperties properties,
			SignInTargets targets, LinkPreviews previews) {
		this.requiredRole = properties.oidc().requiredRole();
		this.targets = targets;
		this.previews = previews;
		if (registrations.getIfAvailable() instanceof Iterable<?> all) {
			for (Object registration : all) {
				ClientRegistration client = (ClientRegistration) registration;
				this.providers.add(new Provider(client.getRegistrationId(), client.getClientName()));
			}
		}
	}

	@GetMapping("/login")
	String login(HttpServletRequest request, Model model) {
		String[] to = request.getParameterValues(SignInTargets.PARAMETER);
		Optional<SignInTarget> target = (to != null && to.length == 1) ? this.targets.parse(request, to[0])
				: Optional.empty();
		model.addAttribute("providers",
				this.providers.stream()
					.map((provider) -> new ProviderLink(provider.name(), provider.link(target)))
					.toList());
		model.addAttribute("requiredRole", this.requiredRole);
		model.addAttribute("target", target.map(SignInTarget::value).orElse(null));
		ViewName preview = target.map(this.previews::name).orElse(ViewName.SIGN_IN);
		model.addAttribute("linkPreview", preview);
		model.addAttribute("opens", (preview != ViewName.SIGN_IN) ? preview : null);
		return VIEW_LOGIN;
	}

}
