package dev.runboard.invocations;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.FakeStsServer;
import dev.runboard.testing.InvocationsHtml;
import dev.runboard.testing.SsmStyleTokens;
import dev.runboard.testing.TestInvocations;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Two accounts, each read through a role assumed with the SDK's assume-role provider at a
 * local STS endpoint, and each with its own local SSM endpoint.
 */
@RunboardTest
@WithMockUser(roles = { "USER", "OUTPUT" })
class InvocationsAcrossAccountsTests {

	static final String LIST = "ListCommandInvocations";

	static final Instant NEWEST = Instant.parse("2026-11-20T03:00:00Z");

	static final String PROD_ROLE = "arn:aws:iam::111122223333:role/runboard-read";

	static final String STAGING_ROLE = "arn:aws:iam::444455556666:role/runboard-read";

	static final FakeStsServer sts = new FakeStsServer(Duration.ofHours(1));

	static final FakeSsmServer prod = server(TestInvocations.generate(20, NEWEST), 0xa);

	static final FakeSsmServer staging = server(TestInvocations.generate(20, NEWEST.minusSeconds(30)), 0xb);

	static FakeSsmServer server(List<CommandInvocation> fleet, long account) {
		List<CommandInvocation> own = fleet.stream()
			.map((invocation) -> invocation.toBuilder()
				.commandId(new UUID(account, invocation.commandId().hashCode()).toString())
				.build())
			.toList();
		return new FakeSsmServer(new SsmStyleTokens(
				new SandboxSsmClient((now) -> own, Clock.fixed(NEWEST, ZoneOffset.UTC), Region.EU_WEST_1)));
	}

	@DynamicPropertySource
	static void accounts(DynamicPropertyRegistry registry) {
		registry.add("runboard.ssm.source", () -> "aws");
		registry.add("runboard.ssm.regions[0]", () -> "eu-west-1");
		registry.add("runboard.ssm.cache-ttl", () -> "0s");
		registry.add("runboard.sts-endpoint", () -> sts.endpoint().toString());
		registry.add("runboard.accounts[0].name", () -> "prod");
		registry.add("runboard.accounts[0].role-arn", () -> PROD_ROLE);
		registry.add("runboard.accounts[0].external-id", () -> "runboard-prod-7f3a");
		registry.add("runboard.accounts[0].endpoint", () -> prod.endpoint().toString());
		registry.add("runboard.accounts[1].name", () -> "staging");
		registry.add("runboard.accounts[1].role-arn", () -> STAGING_ROLE);
		registry.add("runboard.accounts[1].external-id", () -> "runboard-staging-91c2");
		registry.add("runboard.accounts[1].endpoint", () -> staging.endpoint().toString());
		registry.add("runboard.accounts[2].name", () -> "audit");
		registry.add("runboard.accounts[2].role-arn", () -> "arn:aws:iam::777788889999:role/denied");
		registry.add("runboard.accounts[2].endpoint", () -> prod.endpoint().toString());
	}

	@Autowired
	MockMvcTester mvc;

	@BeforeEach
	void reset() {
		prod.reset();
		staging.reset();
	}

	@Test
	void eachAccountIsReadWithTheRoleItAssumedSendingItsArnAndExternalId() {
		assertThat(this.mvc.get().uri("/invocations?status=problems").exchange()).hasStatusOk();

		assertThat(sts.calls()).extracting((call) -> call.get("RoleArn"), (call) -> call.get("ExternalId"))
			.contains(tuple(PROD_ROLE, "runboard-prod-7f3a"), tuple(STAGING_ROLE, "runboard-staging-91c2"));
		assertThat(sts.calls()).allSatisfy((call) -> assertThat(call).containsEntry("Action", "AssumeRole"));
		assertThat(prod.calls(LIST)).isNotEmpty()
			.allSatisfy((call) -> assertThat(call.authorization())
				.contains("Credential=" + FakeStsServer.accessKeyId(PROD_ROLE) + "/"));
		assertThat(staging.calls(LIST)).isNotEmpty()
			.allSatisfy((call) -> assertThat(call.authorization())
				.contains("Credential=" + FakeStsServer.accessKeyId(STAGING_ROLE) + "/"));
	}

	@Test
	void assumedCredentialsAreReusedUntilTheyExpire() {
		this.mvc.get().uri("/invocations").exchange();
		long assumed = granted();

		this.mvc.get().uri("/invocations?status=Failed").exchange();
		this.mvc.get().uri("/invocations?account=staging").exchange();

		assertThat(assumed).isEqualTo(2);
		assertThat(granted()).isEqualTo(assumed);
	}

	@Test
	void anAccountWhoseRoleCannotBeAssumedShowsAnErrorRowWhileTheOthersRender() {
		Element page = tbody(this.mvc.get().uri("/invocations").exchange());

		assertThat(page.select("tr[data-stream-error]")).singleElement()
			.satisfies((row) -> assertThat(row.attr("data-source")).isEqualTo("audit · eu-west-1"))
			.satisfies((row) -> assertThat(row.select(".message").text()).contains("could not assume its role"));
		assertThat(page.select("tr[data-command-id]")).extracting((row) -> row.attr("data-account"))
			.contains("prod", "staging")
			.doesNotContain("audit");
	}

	/** The role sessions granted: those of prod and staging. */
	static long granted() {
		return sts.calls().stream().filter((call) -> !call.get("RoleArn").endsWith("/denied")).count();
	}

	@Test
	void rowsSayTheirAccountAndRegion() {
		Element page = tbody(this.mvc.get().uri("/invocations").exchange());

		assertThat(page.select("tr[data-command-id]")).extracting((row) -> row.attr("data-account"))
			.contains("prod", "staging");
		Element row = page.selectFirst("tr[data-account=staging]");
		assertThat(row.select(".source").text()).isEqualTo("staging · eu-west-1");
		assertThat(row.selectFirst("a[data-detail]").attr("href")).endsWith("?account=staging&region=eu-west-1");
	}

	@Test
	void theAccountParameterReadsThatAccountOnly() {
		Element page = tbody(this.mvc.get().uri("/invocations?account=staging").exchange());

		assertThat(page.select("tr[data-command-id]")).isNotEmpty()
			.allSatisfy((row) -> assertThat(row.attr("data-account")).isEqualTo("staging"));
		assertThat(prod.calls(LIST)).isEmpty();
	}

	@Test
	void anUnknownAccountGets400NamingTheConfiguredOnes() {
		assertThat(this.mvc.get().uri("/invocations?account=dev").exchange()).hasStatus(400)
			.bodyText()
			.contains("prod, staging, audit, or all");
		assertThat(Map.of("prod", prod.calls(LIST), "staging", staging.calls(LIST)))
			.allSatisfy((name, calls) -> assertThat(calls).isEmpty());
	}

	static Element tbody(MvcTestResult result) {
		assertThat(result).hasStatusOk();
		return InvocationsHtml.page(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8))
			.getElementById("invocations");
	}

}
