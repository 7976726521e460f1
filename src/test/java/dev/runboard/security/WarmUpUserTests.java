package dev.runboard.security;

import java.util.List;

import dev.runboard.security.WarmUpUser.Credentials;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The warm-up's user exists only while the warm-up runs, with a password nobody else
 * knows, and holds the output role so its pages render what most users see.
 */
class WarmUpUserTests {

	final WarmUpUser warmUp = new WarmUpUser(
			new RunboardSecurityProperties(List.of(), "OUTPUT", "OPERATOR", null, null, null, null));

	final InMemoryUserDetailsManager local = new InMemoryUserDetailsManager(
			User.withUsername("ops").password("{noop}ops").roles("USER").build());

	@Test
	void signsInOnlyBetweenOpenAndClose() {
		Credentials credentials = this.warmUp.open();
		UserDetails user = this.warmUp.and(this.local).loadUserByUsername(credentials.name());
		assertThat(user.getPassword()).isEqualTo("{noop}" + credentials.password());
		assertThat(user.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactlyInAnyOrder("ROLE_USER", "ROLE_OUTPUT");

		this.warmUp.close();
		assertThatExceptionOfType(UsernameNotFoundException.class)
			.isThrownBy(() -> this.warmUp.and(this.local).loadUserByUsername(credentials.name()));
		assertThat(this.warmUp.and(this.local).loadUserByUsername("ops").getUsername()).isEqualTo("ops");
	}

	@Test
	void everyWarmUpDrawsANewNameAndA256BitPasswordThatNoStringFormShows() {
		Credentials first = this.warmUp.open();
		Credentials second = this.warmUp.open();
		assertThat(first.name()).isNotEqualTo(second.name()).startsWith("runboard-warm-up-");
		assertThat(first.password()).hasSize(64).isNotEqualTo(second.password());
		assertThat(first.toString()).doesNotContain(first.password());
	}

}
