package dev.runboard.aws.sdk;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
 * {@code runboard.ssm.cache-ttl=0} turns the cache off: every request is its own SSM
 * call, as operators who want no staleness at all expect.
 */
@SpringBootTest(properties = "runboard.ssm.cache-ttl=0")
@AutoConfigureMockMvc
@WithMockUser
class SsmCacheDisabledTests {

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(30,
			Instant.parse("2026-11-20T12:00:00Z"));

	@RegisterExtension
	static final FakeSsmServer ssm = new FakeSsmServer(
			new SandboxSsmClient((now) -> INVOCATIONS, Clock.systemUTC(), Region.EU_WEST_1));

	@DynamicPropertySource
	static void ssmEndpoint(DynamicPropertyRegistry registry) {
		ssm.registerAsAwsSource(registry);
		registry.add("runboard.security.users[0].name", () -> "ops");
		registry.add("runboard.security.users[0].password", () -> "{noop}ops");
	}

	@Autowired
	MockMvcTester mvc;

	@Test
	void withTheCacheOffEveryRequestIsOneSsmCall() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.mvc.get().uri("/invocations?status=Failed")).hasStatusOk();
		}
		assertThat(this.mvc.get()
			.uri("/invocations/" + INVOCATIONS.get(0).commandId() + "/" + INVOCATIONS.get(0).instanceId() + "/row"))
			.hasStatusOk();
		assertThat(this.mvc.get()
			.uri("/invocations/" + INVOCATIONS.get(0).commandId() + "/" + INVOCATIONS.get(0).instanceId() + "/row"))
			.hasStatusOk();

		assertThat(ssm.calls("ListCommandInvocations")).hasSize(5);
	}

}
