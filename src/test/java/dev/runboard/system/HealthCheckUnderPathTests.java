package dev.runboard.system;

import java.util.Map;

import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.RunboardTest.Setup;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Served under a path prefix, the application is healthy to the image's health check: it
 * asks where the actuator really is, so the container is not restarted in a loop.
 */
@RunboardTest(Setup.SANDBOX)
class HealthCheckUnderPathTests {

	@LocalServerPort
	int port;

	@Test
	void theHealthCheckFindsLivenessUnderTheContextPath() throws Exception {
		String url = HealthCheck
			.url(Map.of("SERVER_PORT", String.valueOf(this.port), "SERVER_SERVLET_CONTEXT_PATH", "/runboard"));
		assertThat(HealthCheck.status(url)).isEqualTo(200);
		assertThat(HealthCheck.status(url.replace("/runboard", ""))).isEqualTo(404);
	}

}
