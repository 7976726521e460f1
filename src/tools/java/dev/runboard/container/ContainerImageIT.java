package dev.runboard.container;

import java.io.IOException;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import dev.runboard.container.ReplayedContainer.Result;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.ImageJava;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The image's runtime, replayed on the packaged jar without a container engine: the
 * layers extracted and copied as the Dockerfile does, its AOT cache made by the training
 * run on the image's Java version (when this machine has it), then its ENTRYPOINT started
 * with its environment plus what a platform team sets: an IAM role through a web identity
 * token (as IRSA provides it), a region, and a local user. SSM and STS are local
 * endpoints, since there is no AWS here.
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class ContainerImageIT {

	static final Duration STARTUP = Duration.ofSeconds(120);

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String ROLE_ARN = "arn:aws:iam::123456789012:role/runboard";

	final Dockerfile dockerfile = Dockerfile.read();

	final String password = UUID.randomUUID().toString();

	final FakeSsmServer ssm = new FakeSsmServer(new SandboxSsmClient(
			(now) -> TestInvocations.generate(60, Instant.now()), Clock.systemUTC(), Region.EU_WEST_1));

	final FakeSts sts = new FakeSts();

	final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	Path workspace;

	ReplayedContainer container;

	int port;

	String webIdentityToken;

	@BeforeAll
	void startTheImage(@TempDir Path workspace) throws Exception {
		this.workspace = workspace;
		this.container = ReplayedContainer.assemble(this.dockerfile, ReplayedContainer.packagedJar(), this.workspace,
				true);
		this.port = freePort();
		this.webIdentityToken = "eyJ." + UUID.randomUUID() + ".sig";
		Path token = this.workspace.resolve("token");
		Files.writeString(token, this.webIdentityToken);
		Map<String, String> platform = new LinkedHashMap<>();
		platform.put("SERVER_PORT", Integer.toString(this.port));
		platform.put("AWS_REGION", "eu-west-1");
		platform.put("AWS_ROLE_ARN", ROLE_ARN);
		platform.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
		platform.put("AWS_ENDPOINT_URL_STS", this.sts.endpoint());
		platform.put("AWS_EC2_METADATA_DISABLED", "true");
		platform.put("RUNBOARD_SSM_ENDPOINT", this.ssm.endpoint().toString());
		platform.put("RUNBOARD_SECURITY_USERS_0_NAME", "ops");
		platform.put("RUNBOARD_SECURITY_USERS_0_PASSWORD", "{noop}" + this.password);
		platform.put("RUNBOARD_SSM_HEALTH_CACHE_TTL", "1s");
		this.container.start(platform);
		awaitLive();
	}

	@AfterAll
	void stopEverything() {
		this.container.close();
		this.ssm.close();
		this.sts.close();
	}

	@Test
	@Order(1)
	void theDockerfileCopiesExactlyTheLayersTheJarDeclaresInTheirOrder() throws Exception {
		Path jar = Files.list(this.container.buildDirectory())
			.filter((file) -> file.toString().endsWith(".jar"))
			.findFirst()
			.orElseThrow();
		Result layers = ReplayedContainer.run(this.container.buildDirectory(),
				List.of("java", "-Djarmode=tools", "-jar", jar.getFileName().toString(), "list-layers"), Map.of(),
				Duration.ofMinutes(1));
		List<String> copied = this.dockerfile.runtime()
			.all("COPY")
			.stream()
			.map((copy) -> copy.words().get(copy.words().size() - 2).replaceAll(".*/extracted/([^/]+)/?$", "$1"))
			.toList();
		assertThat(layers.output().lines().map(String::strip).filter((line) -> !line.isEmpty()).toList())
			.isEqualTo(copied);
	}

	@Test
	@Order(2)
	void theTrainingRunMadeAnAotCacheTheEntrypointCanUse() throws Exception {
		assumeTrue(ReplayedContainer.IMAGE_JAVA, "No JDK " + ImageJava.major() + " on this machine (set "
				+ "runboard.image-java.home, or install one under /usr/lib/jvm): the image's training run of its AOT "
				+ "cache is not replayed, and the image's Java options are left out of the other checks");
		String cache = this.dockerfile.runtime()
			.last("ENTRYPOINT")
			.orElseThrow()
			.exec()
			.stream()
			.filter((argument) -> argument.startsWith("-XX:AOTCache="))
			.findFirst()
			.orElseThrow()
			.substring("-XX:AOTCache=".length());
		assertThat(this.container.workdir().resolve(cache)).isNotEmptyFile();
		// AOTMode=on refuses to start when the cache does not fit the JVM and class path.
		List<String> entrypoint = new ArrayList<>(this.dockerfile.runtime().last("ENTRYPOINT").orElseThrow().exec());
		entrypoint.addAll(1, List.of("-XX:AOTMode=on", "-Dspring.context.exit=onRefresh",
				"-Drunboard.ssm.source=sandbox", "-Drunboard.warm-up.enabled=false"));
		Result run = ReplayedContainer.run(this.container.workdir(), this.container.localize(entrypoint),
				this.container.environment(Map.of()), Duration.ofMinutes(2));
		assertThat(run.exitCode()).as(run.output()).isZero();
	}

	@Test
	@Order(2)
	void reportsHealthyLiveAndReadyWithTheProbeGroups() throws Exception {
		await("healthy", () -> get("/actuator/health").statusCode() == 200, STARTUP);
		assertThat(messages()).as("warmed up before reporting ready")
			.anyMatch((line) -> line.startsWith("Warmed up in"));
		assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"")
			.contains("\"groups\":[\"liveness\",\"readiness\"]");
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	@Test
	@Order(3)
	void takesItsCredentialsFromTheWebIdentityTokenAsWithIrsa() {
		assertThat(this.sts.requests()).isNotEmpty().allSatisfy((form) -> {
			assertThat(form).containsEntry("Action", "AssumeRoleWithWebIdentity")
				.containsEntry("RoleArn", ROLE_ARN)
				.containsEntry("WebIdentityToken", this.webIdentityToken);
		});
		assertThat(this.ssm.calls("ListCommandInvocations")).as("the readiness check reached SSM").isNotEmpty();
	}

	@Test
	@Order(4)
	void logsJsonIncludingTheStartupReportButNoSecret() {
		List<String> lines = this.container.stdout().stream().filter((line) -> !line.isBlank()).toList();
		assertThat(lines).isNotEmpty().allSatisfy((line) -> {
			JsonNode json = JSON.readTree(line);
			assertThat(json.has("@timestamp")).as(line).isTrue();
			assertThat(json.path("log").has("level")).as(line).isTrue();
		});
		assertThat(lines).anySatisfy((line) -> assertThat(JSON.readTree(line).path("message").asString())
			.contains("source=aws", "region=eu-west-1", "endpoint=" + this.ssm.endpoint(), "1 local user"));
		assertThat(this.container.output()).doesNotContain(this.password).doesNotContain(this.webIdentityToken);
	}

	@Test
	@Order(5)
	void theHealthCheckCommandPassesAgainstTheRunningApplicationAndFailsWithout() throws Exception {
		long started = System.nanoTime();
		Result healthy = this.container.healthCheck(Map.of("SERVER_PORT", Integer.toString(this.port)));
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(healthy.exitCode()).as(healthy.output()).isZero();
		assertThat(took).isLessThan(Duration.parse("PT"
				+ this.dockerfile.runtime().last("HEALTHCHECK").orElseThrow().flags().get("timeout").toUpperCase()));
		Result nothingListening = this.container.healthCheck(Map.of("SERVER_PORT", Integer.toString(freePort())));
		assertThat(nothingListening.exitCode()).isEqualTo(1);
	}

	@Test
	@Order(6)
	void readinessFollowsSsmWhileLivenessAndTheHealthCheckStayUp() throws Exception {
		this.ssm.failNext(10_000, 400, "AccessDeniedException",
				"User is not authorized to perform: ssm:ListCommandInvocations");
		try {
			await("readiness goes down", () -> get("/actuator/health/readiness").statusCode() == 503);
			assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			assertThat(this.container.healthCheck(Map.of("SERVER_PORT", Integer.toString(this.port))).exitCode())
				.isZero();
		}
		finally {
			this.ssm.reset();
		}
		await("readiness comes back", () -> get("/actuator/health/readiness").statusCode() == 200);
	}

	@Test
	@Order(7)
	void redirectsCookiesAndLinksFollowTheSchemeAndHostTheProxyInFrontForwards() throws Exception {
		HttpResponse<String> signedOut = this.http.send(forwarded("/invocations?status=Failed"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(signedOut.statusCode()).isEqualTo(302);
		// Relative: the browser stays on the host the proxy answered for, whatever it is.
		assertThat(signedOut.headers().firstValue("Location")).hasValue("/login?to=/invocations?status%3DFailed");
		assertThat(signedOut.headers().allValues("Set-Cookie")).as("no session for a signed-out request").isEmpty();
		HttpResponse<String> login = this.http.send(forwarded("/login"), HttpResponse.BodyHandlers.ofString());
		assertThat(login.headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("XSRF-TOKEN=").containsIgnoringCase("; Secure"));
		assertThat(login.headers().firstValue("Strict-Transport-Security")).isPresent();

		signIn();
		HttpResponse<String> page = this.http.send(forwarded("/invocations?status=Failed"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).as("the link a summary for chat carries")
			.contains("https://runboard.example.com/invocations?status=Failed");
	}

	/** A GET as the proxy in front forwards it, after ending TLS for its public host. */
	private HttpRequest forwarded(String path) {
		return HttpRequest.newBuilder(uri(path))
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "runboard.example.com")
			.build();
	}

	@Test
	@Order(8)
	void shutsDownGracefullyOnSigtermFinishingTheRequestInFlight() throws Exception {
		signIn();
		this.ssm.reset();
		this.ssm.latency(Duration.ofSeconds(3));
		CompletableFuture<HttpResponse<String>> inFlight = this.http.sendAsync(
				HttpRequest.newBuilder(uri("/invocations?pageSize=20")).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
		await("the page request reaches SSM",
				() -> this.ssm.calls("ListCommandInvocations")
					.stream()
					.anyMatch((call) -> call.body().path("MaxResults").asInt() == 20));
		int exitCode = this.container.stop(Duration.ofSeconds(30));
		HttpResponse<String> response = inFlight.get();
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("data-command-id=");
		assertThat(exitCode).as("exited within the grace period").isNotEqualTo(-1);
		assertThat(messages()).contains("Commencing graceful shutdown. Waiting for active requests to complete",
				"Graceful shutdown complete");
	}

	@Test
	@Order(9)
	void refusesToStartWithNoWayToSignIn() throws Exception {
		try (ReplayedContainer bare = ReplayedContainer.assemble(this.dockerfile, ReplayedContainer.packagedJar(),
				this.workspace.resolve("bare"), false)) {
			bare.start(Map.of("SERVER_PORT", Integer.toString(freePort()), "AWS_REGION", "eu-west-1",
					"AWS_EC2_METADATA_DISABLED", "true"));
			int exitCode = bare.awaitExit(STARTUP);
			assertThat(exitCode).as("exited").isNotEqualTo(-1).isNotZero();
			assertThat(bare.output()).contains("There is no default password outside the sandbox");
		}
	}

	private void awaitLive() throws Exception {
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.container.process().isAlive()) {
				fail("The application exited with " + this.container.process().exitValue() + ":\n"
						+ this.container.output());
			}
			try {
				if (get("/actuator/health/liveness").statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		fail("Not live within " + STARTUP + ":\n" + this.container.output());
	}

	private void signIn() throws Exception {
		HttpResponse<String> login = get("/login");
		Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login.body());
		assertThat(csrf.find()).as(login.body()).isTrue();
		String form = "username=ops&password=" + URLEncoder.encode(this.password, StandardCharsets.UTF_8) + "&_csrf="
				+ URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
	}

	private List<String> messages() {
		return this.container.stdout()
			.stream()
			.filter((line) -> line.startsWith("{"))
			.map((line) -> JSON.readTree(line).path("message").asString())
			.toList();
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static void await(String what, CheckedCondition condition) throws Exception {
		await(what, condition, Duration.ofSeconds(20));
	}

	private static void await(String what, CheckedCondition condition, Duration patience) throws Exception {
		long deadline = System.nanoTime() + patience.toNanos();
		while (!condition.met()) {
			if (System.nanoTime() > deadline) {
				fail("Timed out waiting until " + what);
			}
			Thread.sleep(200);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@FunctionalInterface
	private interface CheckedCondition {

		boolean met() throws Exception;

	}

	/**
	 * A local STS answering AssumeRoleWithWebIdentity, the call the SDK's web identity
	 * provider makes with the token file Kubernetes mounts for IRSA.
	 */
	static final class FakeSts implements AutoCloseable {

		private final HttpServer server;

		private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

		FakeSts() {
			try {
				this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.server.createContext("/", (exchange) -> {
				try (exchange) {
					Map<String, String> form = new HashMap<>();
					for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
						.split("&")) {
						String[] parts = pair.split("=", 2);
						form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
								(parts.length > 1) ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
					}
					this.requests.add(form);
					byte[] body = ("<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
							+ "<AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIATESTTESTTESTTEST</AccessKeyId>"
							+ "<SecretAccessKey>fake-secret</SecretAccessKey><SessionToken>fake-session</SessionToken>"
							+ "<Expiration>" + Instant.now().plus(Duration.ofHours(1)) + "</Expiration></Credentials>"
							+ "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/runboard/test</Arn>"
							+ "<AssumedRoleId>AROATEST:test</AssumedRoleId></AssumedRoleUser>"
							+ "</AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>" + UUID.randomUUID()
							+ "</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>")
						.getBytes(StandardCharsets.UTF_8);
					exchange.getResponseHeaders().set("Content-Type", "text/xml");
					exchange.sendResponseHeaders(200, body.length);
					try (OutputStream out = exchange.getResponseBody()) {
						out.write(body);
					}
				}
			});
			this.server.start();
		}

		String endpoint() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		List<Map<String, String>> requests() {
			return List.copyOf(this.requests);
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

}
