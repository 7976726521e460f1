package dev.runboard.commands.actions;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.runboard.RunboardApplication;
import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.LocalUsers;
import dev.runboard.testing.TestInvocations;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application, started as a single replica without a store is (the in-memory
 * ledger), with short SSM timeouts, against an endpoint that answers {@code SendCommand}
 * only after them: SSM did run the command, Runboard could not know. The endpoint counts
 * the {@code SendCommand} requests it receives, so neither a retry of the SDK nor the
 * second submission of the form can hide behind an answer that never came back.
 */
class LateSendCommandTests {

	static final Instant REQUESTED = Instant.now().minus(Duration.ofHours(1));

	static final String PATCH = "0b9a4d7e-2c55-4a3e-9d61-00000000e001";

	/** How long SSM takes to answer {@code SendCommand}: beyond both timeouts. */
	static final Duration LATE = Duration.ofSeconds(3);

	static final CountDownLatch answered = new CountDownLatch(1);

	static final SandboxData DATA = new SandboxData() {

		@Override
		public List<CommandInvocation> invocationsAt(Instant now) {
			List<CommandInvocation> invocations = new ArrayList<>();
			for (int node = 0; node < 3; node++) {
				invocations.add(TestInvocations.invocation(PATCH, String.format("i-%017x", node), "AWS-RunShellScript",
						REQUESTED, (node == 1) ? "Failed" : "Success", "output"));
			}
			return invocations;
		}

		@Override
		public Optional<Command> sentCommand(String commandId, Instant now) {
			return Optional.of(TestInvocations.patchCommand(commandId, REQUESTED));
		}

		@Override
		public Command send(SendCommandRequest request, Instant now) {
			// SSM takes the command and runs it, and answers late.
			try {
				Thread.sleep(LATE.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			answered.countDown();
			return TestInvocations.pending(new UUID(0xfeedL, 1).toString(), request, now);
		}

	};

	@RegisterExtension
	static final FakeSsmServer ssm = new FakeSsmServer(new SandboxSsmClient(DATA, Clock.systemUTC(), Region.EU_WEST_1));

	@Test
	void aRerunThatSsmAnswersAfterTheTimeoutIsSentOnceAndTheSecondSubmitIsRefusedSayingWhy() throws Exception {
		// An attempt times out after 1 s, and a whole call after 2 s: room for a retry,
		// which
		// the endpoint would count.
		try (ConfigurableApplicationContext app = start("runboard.ssm.api-call-attempt-timeout=1s",
				"runboard.ssm.api-call-timeout=2s")) {
			Browser ops = new Browser(
					URI.create("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort()));
			ops.signIn(LocalUsers.OPS, LocalUsers.password(LocalUsers.OPS));
			String page = ops.get("/commands/" + PATCH).body();

			HttpResponse<String> first = ops.post("/commands/" + PATCH + "/rerun", page, Map.of("scope", "all"));

			assertThat(answered.getCount()).as("answered before SSM did").isEqualTo(1);
			assertThat(first.statusCode()).isEqualTo(502);
			String firstText = Jsoup.parse(first.body()).text();
			assertThat(firstText).contains("SSM may have run this rerun")
				.contains("Check the commands list for a command with comment")
				.contains("Rerun of " + PATCH + " by " + LocalUsers.OPS + " #");

			HttpResponse<String> second = ops.post("/commands/" + PATCH + "/rerun", page, Map.of("scope", "all"));

			assertThat(second.statusCode()).isEqualTo(409);
			assertThat(Jsoup.parse(second.body()).text()).contains("SSM may have run this rerun")
				.contains("before sending it again");

			// Once SSM has answered the one it received, nothing else came.
			assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(ssm.calls("SendCommand")).as("SendCommand requests received")
				.singleElement()
				.satisfies((call) -> {
					String comment = call.body().get("Comment").asString();
					assertThat(comment).startsWith("Rerun of " + PATCH + " by " + LocalUsers.OPS + " #");
					assertThat(firstText).as("the comment to look for").contains(comment);
				});
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		// Command-line arguments, as a deployment passes them, outrank the test JVM's
		// properties. No datasource: one replica, its ledger in memory.
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--spring.jmx.enabled=false", "--runboard.ssm.source=aws", "--runboard.ssm.region=eu-west-1",
				"--runboard.ssm.endpoint=" + ssm.endpoint(), "--runboard.actions.enabled=true",
				"--runboard.security.operator-role=" + LocalUsers.OPERATOR_ROLE,
				"--runboard.security.users[0].name=" + LocalUsers.OPS,
				"--runboard.security.users[0].password={noop}" + LocalUsers.password(LocalUsers.OPS),
				"--runboard.security.users[0].roles=USER," + LocalUsers.OPERATOR_ROLE));
		for (String property : properties) {
			arguments.add("--" + property);
		}
		return new SpringApplicationBuilder(RunboardApplication.class).run(arguments.toArray(String[]::new));
	}

	/**
	 * A browser: a cookie jar, forms posted with their page's CSRF token, no redirects.
	 */
	private static final class Browser {

		private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

		private final URI base;

		private final HttpClient client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

		Browser(URI base) {
			this.base = base;
		}

		void signIn(String username, String password) throws Exception {
			HttpResponse<String> answer = post("/login", get("/login").body(),
					Map.of("username", username, "password", password));
			assertThat(answer.statusCode()).as("sign-in").isEqualTo(302);
			assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(
					(location) -> assertThat(location).doesNotContain("error").doesNotContain("locked"));
		}

		HttpResponse<String> get(String path) throws IOException, InterruptedException {
			return this.client.send(HttpRequest.newBuilder(this.base.resolve(path)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> post(String path, String page, Map<String, String> fields)
				throws IOException, InterruptedException {
			Matcher csrf = CSRF.matcher(page);
			assertThat(csrf.find()).as("a CSRF token in the page").isTrue();
			Map<String, String> form = new LinkedHashMap<>(fields);
			form.put("_csrf", csrf.group(1).replace("&amp;", "&"));
			String body = form.entrySet()
				.stream()
				.map((field) -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
			return this.client.send(HttpRequest.newBuilder(this.base.resolve(path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.timeout(Duration.ofSeconds(60))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

	}

}
