package dev.runboard.system;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.runboard.security.RunboardSecurityProperties;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.aws.SsmProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * States once, when the instance is up, what it reads and who may sign in, so the first
 * lines of a new deployment's log answer "which region, which endpoint, which sign-in"
 * without a shell in the container. Names and counts only: never a password, a client
 * secret or a credential.
 */
@Component
class StartupReport {

	private static final Log logger = LogFactory.getLog(StartupReport.class);

	private static final String OIDC_REGISTRATIONS = "spring.security.oauth2.client.registration";

	private final SsmProperties ssm;

	private final String region;

	private final RunboardSecurityProperties security;

	private final Environment environment;

	@Autowired
	StartupReport(SsmProperties ssm, Sources sources, RunboardSecurityProperties security, Environment environment) {
		this(ssm, String.join(", ", sources.all().stream().map(Source::label).toList()), security, environment);
	}

	/**
	 * @param region the accounts and regions read, as the SDK resolved them (its chain
	 * may have chosen the region)
	 */
	StartupReport(SsmProperties ssm, String region, RunboardSecurityProperties security, Environment environment) {
		this.ssm = ssm;
		this.region = region;
		this.security = security;
		this.environment = environment;
	}

	@EventListener(ApplicationReadyEvent.class)
	void report() {
		logger.info(message());
	}

	String message() {
		StringBuilder message = new StringBuilder("Runboard reads Run Command data from source=")
			.append(this.ssm.source().name().toLowerCase(Locale.ROOT));
		if (this.ssm.sandbox()) {
			message.append(" (built-in data set, not an AWS account)");
		}
		message.append(", region=").append(this.region);
		if (this.ssm.region() == null && !this.ssm.sandbox()) {
			message.append(" (from the SDK's default region chain)");
		}
		message.append(", endpoint=").append(endpoint());
		message.append("; sign-in: ").append(localUsers()).append(", OIDC clients: ").append(oidcClients());
		return message.toString();
	}

	private String endpoint() {
		if (this.ssm.sandbox()) {
			return "none (in memory)";
		}
		URI endpoint = this.ssm.endpoint();
		if (endpoint == null) {
			return "the SDK's default for the region";
		}
		// Only scheme, host, port and path: a URI may carry user info or a query string.
		return (endpoint.getScheme() != null ? endpoint.getScheme() + "://" : "") + endpoint.getHost()
				+ ((endpoint.getPort() != -1) ? ":" + endpoint.getPort() : "")
				+ ((endpoint.getPath() != null) ? endpoint.getPath() : "");
	}

	private String localUsers() {
		int count = this.security.users().size();
		if (count == 0) {
			return this.ssm.sandbox() ? "the sandbox's demo user" : "no local users";
		}
		return count + ((count == 1) ? " local user" : " local users");
	}

	private String oidcClients() {
		Map<String, OidcClient> registrations = new TreeMap<>(Binder.get(this.environment)
			.bind(OIDC_REGISTRATIONS, Bindable.mapOf(String.class, OidcClient.class))
			.orElse(Map.of()));
		if (registrations.isEmpty()) {
			return "none";
		}
		List<String> clients = new ArrayList<>();
		registrations.forEach((id, client) -> clients
			.add(id + ((client.clientId() != null) ? " (client-id " + client.clientId() + ")" : "")));
		return String.join(", ", clients);
	}

	/** The one part of an OIDC registration worth logging; the secret is never bound. */
	record OidcClient(String clientId) {

	}

}
