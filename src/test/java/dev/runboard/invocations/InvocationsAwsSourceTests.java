package dev.runboard.invocations;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.runboard.ssm.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code aws} source through the real SDK over HTTP against a local SSM endpoint.
 */
@SpringBootTest
@AutoConfigureMockMvc
@WithMockUser
class InvocationsAwsSourceTests {

	static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(120, NOW);

	static final FakeSsmServer ssm = new FakeSsmServer(
			new SandboxSsmClient((now) -> INVOCATIONS, Clock.systemUTC(), Region.EU_WEST_1));

	@DynamicPropertySource
	static void ssmEndpoint(DynamicPropertyRegistry registry) {
		registry.add("runboard.ssm.source", () -> "aws");
		registry.add("runboard.ssm.region", () -> "eu-west-1");
		registry.add("runboard.ssm.endpoint", () -> ssm.endpoint().toString());
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
	void firstPageSendsOneListCommandInvocationsCallWithDetailsAndMaxResults() {
		assertThat(this.mvc.get().uri("/invocations?status=Failed&pageSize=10")).hasStatusOk()
			.bodyText()
			.contains("data-command-id=\"" + INVOCATIONS.get(1).commandId() + "\"");
		assertThat(ssm.calls()).hasSize(1);
		FakeSsmServer.Call call = ssm.calls().get(0);
		assertThat(call.operation()).isEqualTo("ListCommandInvocations");
		assertThat(call.body().get("MaxResults").asInt()).isEqualTo(10);
		assertThat(call.body().get("Details").asBoolean()).isTrue();
		assertThat(call.body().get("Filters").get(0).get("key").asString()).isEqualTo("Status");
	}

}
