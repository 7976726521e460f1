package dev.runboard.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in page: the local user form, and a button per configured OIDC provider.
 */
@Controller
class LoginController {

	static final String VIEW_LOGIN = "security/login";

	private final List<Provider> providers = new ArrayList<>();

	/** An OIDC provider the login page offers. */
	record Provider(String id, String name) {

	}

	private final String requiredRole;

	LoginController(ObjectProvider<ClientRegistrationRepository> registrations, RunboardSecurityProperties properties) {
		this.requiredRole = properties.oidc().requiredRole();
		if (registrations.getIfAvailable() instanceof Iterable<?> all) {
			for (Object registration : all) {
				ClientRegistration client = (ClientRegistration) registration;
				this.providers.add(new Provider(client.getRegistrationId(), client.getClientName()));
			}
		}
	}

	@GetMapping("/login")
	String login(Model model) {
		model.addAttribute("providers", this.providers);
		model.addAttribute("requiredRole", this.requiredRole);
		return VIEW_LOGIN;
	}

}
