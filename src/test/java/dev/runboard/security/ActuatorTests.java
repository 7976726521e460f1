package dev.runboard.security;

import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.RunboardTest.Setup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only health is public. Endpoints that would hand out configuration, credentials or a
 * memory dump (with the output in it) are neither public nor exposed to signed-in users.
 */
@RunboardTest(Setup.SANDBOX)
class ActuatorTests {

	@Autowired
	MockMvcTester mvc;

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env", "/actuator/heapdump", "/actuator/configprops", "/actuator/beans",
			"/actuator/mappings", "/actuator/loggers", "/actuator/threaddump", "/actuator/metrics",
			"/actuator/env/runboard.security.users[0].password", "/actuator" })
	void sensitiveEndpointsAreClosedToAnonymousRequests(String path) {
		MvcTestResult result = this.mvc.get().uri(path).exchange();
		assertThat(result.getResponse().getStatus()).isIn(302, 401, 404);
		if (result.getResponse().getStatus() == 302) {
			assertThat(result).redirectedUrl().startsWith("/login");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env", "/actuator/heapdump", "/actuator/configprops", "/actuator/beans",
			"/actuator/mappings", "/actuator/loggers", "/actuator/threaddump", "/actuator/metrics" })
	@WithMockUser
	void sensitiveEndpointsAreNotExposedEvenToSignedInUsers(String path) {
		assertThat(this.mvc.get().uri(path)).hasStatus(404);
	}

	@Test
	void healthIsPublicAndTellsNoDetails() {
		assertThat(this.mvc.get().uri("/actuator/health")).hasStatusOk()
			.bodyJson()
			.extractingPath("$")
			.asMap()
			.containsEntry("status", "UP")
			.doesNotContainKeys("components", "details");
	}

	@Test
	void probesArePublic() {
		assertThat(this.mvc.get().uri("/actuator/health/liveness")).hasStatusOk();
		assertThat(this.mvc.get().uri("/actuator/health/readiness")).hasStatusOk();
	}

}
