package dev.runboard.security;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may sign in with a local account.
 *
 * @param users local users; outside the sandbox there is no default user
 */
@Validated
@ConfigurationProperties("runboard.security")
public record RunboardSecurityProperties(@Valid @DefaultValue List<User> users) {

	/**
	 * A local user.
	 * @param password in Spring Security's encoded form, such as {@code {bcrypt}$2a$10$…}
	 * or {@code {noop}secret}
	 * @param roles role names without the {@code ROLE_} prefix
	 */
	public record User(@NotBlank String name,
			@NotBlank @Pattern(regexp = "\\{[a-z0-9-]+}.+",
					message = "must be encoded with its algorithm prefix, such as {bcrypt}$2a$10$... or {noop}secret") String password,
			@DefaultValue("USER") List<String> roles) {

	}

}
