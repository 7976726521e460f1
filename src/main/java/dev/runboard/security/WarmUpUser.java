package dev.runboard.security;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The user the instance signs in as to render its own pages before it reports ready
 * ({@code system/WarmUp}), so the first person after a deploy gets a warm page. It exists
 * only while the warm-up runs: a name and a 256-bit password drawn at random when it
 * starts, never logged or stored, and forgotten when it ends. It signs in through the
 * same form and filters as anyone, with the output role (when one is set) so the pages
 * render what most users see.
 */
@Component
public class WarmUpUser {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final RunboardSecurityProperties properties;

	private volatile UserDetails current;

	WarmUpUser(RunboardSecurityProperties properties) {
		this.properties = properties;
	}

	/** A name and password that can sign in until {@link #close()}. */
	public synchronized Credentials open() {
		String name = "runboard-warm-up-" + HexFormat.of().formatHex(bytes(4));
		String password = HexFormat.of().formatHex(bytes(32));
		List<String> roles = new ArrayList<>(List.of("USER"));
		if (StringUtils.hasText(this.properties.outputRole())) {
			roles.add(this.properties.outputRole().strip());
		}
		this.current = User.withUsername(name)
			.password("{noop}" + password)
			.roles(roles.toArray(String[]::new))
			.build();
		return new Credentials(name, password);
	}

	/** From now on the warm-up user cannot sign in. */
	public synchronized void close() {
		this.current = null;
	}

	/** {@code users}, and the warm-up user while it exists. */
	UserDetailsService and(UserDetailsService users) {
		return (name) -> {
			UserDetails warmUp = this.current;
			if (warmUp != null && warmUp.getUsername().equals(name)) {
				return User.withUserDetails(warmUp).build();
			}
			return users.loadUserByUsername(name);
		};
	}

	private static byte[] bytes(int count) {
		byte[] bytes = new byte[count];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

	/** What the warm-up signs in with. */
	public record Credentials(String name, String password) {

		@Override
		public String toString() {
			return "Credentials[name=" + this.name + "]";
		}

	}

}
