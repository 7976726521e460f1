package dev.runboard.ssm;

import java.time.Clock;
import java.time.Instant;

import dev.runboard.ssm.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe groups under {@code /actuator/health}, open without signing in: readiness
 * follows whether SSM answers with the configured credentials, liveness never does.
 */
@SpringBootTest(properties = "runboard.ssm.health.cache-ttl=0s")
@AutoConfigureMockMvc
class SsmReadinessTests {

	static final FakeSsmServer ssm = new FakeSsmServer(
			new SandboxSsmClient((now) -> TestInvocations.generate(5, Instant.parse("2026-11-20T12:00:00Z")),
					Clock.systemUTC(), Region.EU_WEST_1));

	@DynamicPropertySource
	static void ssmEndpoint(DynamicPropertyRegistry registry) {
		ssm.registerAsAwsSource(registry);
		registry.add("runboard.security.users[0].name", () -> "ops");
		registry.add("runboard.security.users[0].password", () -> "{noop}ops");
	}

	@AfterAll
	static void stop() {
		ssm.close();
	}

	@Autowired
	MockMvcTester mvc;

	@BeforeEach
	void reset() {
		ssm.reset();
	}

	@Test
	void readinessIsUpWhenSsmAnswers() {
		assertThat(this.mvc.get().uri("/actuator/health/readiness")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("UP");
		assertThat(ssm.calls("ListCommandInvocations")).hasSize(1);
	}

	@Test
	void readinessIsDownWhenTheRoleLacksThePermissionButLivenessStaysUp() {
		ssm.failNext(1, 400, "AccessDeniedException", "not authorized to perform: ssm:ListCommandInvocations");
		assertThat(this.mvc.get().uri("/actuator/health/readiness")).hasStatus(503)
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("DOWN");
		assertThat(this.mvc.get().uri("/actuator/health/liveness")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("UP");
		assertThat(ssm.calls()).as("liveness asked AWS nothing").hasSize(1);
	}

	@Test
	void probesRevealNoDetailsToAnonymousCallers() {
		ssm.failNext(1, 400, "AccessDeniedException", "not authorized to perform: ssm:ListCommandInvocations");
		assertThat(this.mvc.get().uri("/actuator/health/readiness")).hasStatus(503)
			.bodyText()
			.doesNotContain("AccessDenied")
			.doesNotContain("eu-west-1");
	}

}
