package dev.runboard.security;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An OIDC client is a way to sign in: with one configured, the aws source starts without
 * any local user (the container image's documented setup).
 */
@SpringBootTest(properties = { "runboard.ssm.source=aws", "runboard.ssm.region=eu-west-1",
		"spring.security.oauth2.client.registration.google.client-id=runboard",
		"spring.security.oauth2.client.registration.google.client-secret=not-a-real-secret" })
@AutoConfigureMockMvc
class OidcClientStartupTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void startsWithAnOidcClientAndNoLocalUser() {
		assertThat(this.mvc.get().uri("/login")).hasStatusOk();
	}

}
