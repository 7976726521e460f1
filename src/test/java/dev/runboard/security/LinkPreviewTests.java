package dev.runboard.security;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.LocalUsers;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.TestInvocations;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Runboard link fetched as a chat app fetches it to build a preview: no cookies, the
 * redirect followed. It ends on the login page named after the view from the link alone,
 * with no session created, no call to AWS, and nothing AWS would have answered; a link a
 * signed-out person follows lands on its view once signed in; and no value in a link, nor
 * a crafted {@code to}, reaches a tag unescaped or leads off the application.
 */
@RunboardTest
class LinkPreviewTests {

	static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

	static final String COMMAND_ID = "88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10";

	static final String INSTANCE_ID = "i-0123456789abcdef0";

	/** Planted in every name, comment and output the local endpoint answers with. */
	static final String MARKER = "zq-marker-7731";

	static final CommandInvocation FAILED = TestInvocations
		.invocation(COMMAND_ID, INSTANCE_ID, "AWS-RunShellScript", NOW.minusSeconds(600), "Failed",
				"updating " + MARKER + "-output\n----------ERROR-------\nE: " + MARKER + "-output lock held")
		.toBuilder()
		.instanceName(MARKER + "-name")
		.comment(MARKER + "-comment")
		.build();

	static final SandboxData DATA = new SandboxData() {

		@Override
		public List<CommandInvocation> invocationsAt(Instant now) {
			return List.of(FAILED);
		}

		@Override
		public Optional<Command> sentCommand(String commandId, Instant now) {
			return Optional.of(Command.builder()
				.commandId(commandId)
				.documentName("AWS-RunShellScript")
				.comment(MARKER + "-comment")
				.requestedDateTime(NOW.minusSeconds(600))
				.expiresAfter(NOW.plusSeconds(3000))
				.build());
		}

	};

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer
		.local(new SandboxSsmClient(DATA, Clock.fixed(NOW, ZoneOffset.UTC), Region.EU_WEST_1));

	@LocalServerPort
	int port;

	/** A chat app's fetcher: no cookies kept, redirects left to the test. */
	final HttpClient fetcher = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					/invocations?status=Failed&region=eu-west-1 | Failed invocations · eu-west-1 | status Failed
					/invocations?status=problems | Problem invocations · eu-west-1 | status Failed, TimedOut, Cancelled
					/invocations?commandId=88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10&after=2026-11-20 | Invocations of command 88e1b2f2… since 2026-11-20 · eu-west-1 | command 88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10
					/commands?status=Failed | Failed commands · eu-west-1 | status Failed
					/commands/88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10 | Command 88e1b2f2… | command 88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10
					/invocations/88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10/i-0123456789abcdef0 | Command 88e1b2f2… on i-0123456789abcdef0 | node i-0123456789abcdef0
					""")
	void aLinkFetchedWithoutCookiesIsPreviewedByTheNameOfItsViewWithoutASessionOrAnAwsCall(String link, String name,
			String described) {
		Preview preview = preview(link);

		String title = name + " · Runboard";
		assertThat(preview.page().title()).isEqualTo(title);
		assertThat(meta(preview.page(), "property", "og:title")).isEqualTo(title);
		assertThat(meta(preview.page(), "name", "twitter:title")).isEqualTo(title);
		assertThat(meta(preview.page(), "property", "og:description")).contains(described).contains("Sign in");
		assertThat(meta(preview.page(), "name", "twitter:description"))
			.isEqualTo(meta(preview.page(), "property", "og:description"));
		assertThat(preview.page().selectFirst("input[type=hidden][name=to]").val()).isEqualTo(link);
		assertThat(preview.html()).doesNotContain(MARKER);
		assertThat(ssm.calls()).as("calls to AWS for a preview").isEmpty();

		// Signed in, the tab says the same; and the marker is there to be read: the
		// preview left it out.
		String view = signInFromThePreview(preview, LocalUsers.OPS);
		assertThat(Jsoup.parse(view).title()).isEqualTo(title);
		assertThat(view).contains(MARKER);
	}

	@Test
	void thePreviewsOfDifferentLinksTellTheirViewsApart() {
		List<String> titles = new ArrayList<>();
		for (String link : List.of("/invocations?status=Failed", "/commands/" + COMMAND_ID, "/commands",
				"/invocations/" + COMMAND_ID + "/" + INSTANCE_ID, "/invocations")) {
			titles.add(preview(link).page().title());
		}
		assertThat(titles).doesNotHaveDuplicates();
	}

	@Test
	void everyAnswerAsksNotToBeIndexed() {
		for (String path : List.of("/invocations", "/login", "/login?to=/commands", "/css/runboard.css",
				"/no-such-page")) {
			assertThat(get(path, null).headers().allValues("X-Robots-Tag")).as(path).containsExactly("noindex");
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			status | <script>alert(1)</script>
			status | Failed"><script>alert(2)</script>
			region | '><img src=x onerror=alert(3)>
			document | x"onmouseover="alert(4)
			commandId | </title><script>alert(5)</script>
			after | 2026-11-20T00:00:00Z"><b>
			""")
	void valuesTheViewRefusesAreLeftOutOfItsName(String parameter, String value) {
		Preview preview = preview("/invocations?status=Failed&" + parameter + "=" + encode(value));
		String expected = parameter.equals("status") ? "Invocations · eu-west-1 · Runboard"
				: "Failed invocations · eu-west-1 · Runboard";
		assertThat(preview.page().title()).isEqualTo(expected);
		assertThat(meta(preview.page(), "property", "og:title")).isEqualTo(expected);
		assertNothingUnescaped(preview.html(), value);
		assertThat(ssm.calls()).isEmpty();
	}

	@Test
	void anOverLongLinkSignsInToTheStartPage() {
		Preview preview = preview("/invocations?document=" + "A".repeat(SignInTargets.MAX_LENGTH));
		assertThat(preview.location()).isEqualTo("/login");
		assertThat(preview.page().title()).isEqualTo("Sign in · Runboard");
		assertThat(preview.page().select("input[name=to]")).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
			https://evil.example/
			//evil.example
			//evil.example/invocations
			/\\evil.example
			/%5Cevil.example
			%2F%2Fevil.example
			/%2F%2Fevil.example
			/%2f/evil.example
			\\\\evil.example
			http:/evil.example
			javascript:alert(1)
			/invocations/../../evil.example
			/%2e%2e/evil.example
			/invocations#//evil.example
			/invocations?status=<script>alert(1)</script>
			/invocations?document="><script>alert(2)</script>
			/invocations%0d%0aLocation:%20https://evil.example
			/invocations/rows?nextToken=abc
			/login?to=//evil.example
			/oauth2/authorization/local
			""")
	void aToThatIsNoPageOfTheApplicationIsIgnoredAndNeverLeadsOffIt(String to) {
		HttpResponse<String> login = get("/login?to=" + encode(to), null);
		assertThat(login.statusCode()).isEqualTo(200);
		Document page = Jsoup.parse(login.body());
		assertThat(page.title()).isEqualTo("Sign in · Runboard");
		assertThat(page.select("input[name=to]")).as("the form carries no target").isEmpty();
		assertThat(page.select("a[data-provider]").attr("href")).doesNotContain("to=");
		assertNothingUnescaped(login.body(), to);

		HttpResponse<String> signedIn = signIn(login, LocalUsers.READER, to);
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(location(signedIn)).isEqualTo("/");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			/invocations?status=%3Cscript%3Ealert(1)%3C/script%3E
			/invocations?document=%22%3E%3Cimg%20src=x%20onerror=alert(2)%3E
			/commands?status=Failed&region=%27%3E%3Cb%3E
			""")
	void aTargetWithHostileValuesLandsOnItsOwnViewWithEveryValueEscaped(String to) {
		HttpResponse<String> login = get("/login?to=" + encode(to), null);
		Document page = Jsoup.parse(login.body());
		assertThat(page.selectFirst("input[name=to]").val()).isEqualTo(to);
		assertNothingUnescaped(login.body(), to);
		assertThat(location(signIn(login, LocalUsers.READER, to))).isEqualTo(to);
	}

	/**
	 * Follows a link as a chat app does: one redirect, then the page, with no cookies.
	 */
	private Preview preview(String link) {
		HttpResponse<String> redirect = get(link, null);
		assertThat(redirect.statusCode()).as(link).isEqualTo(302);
		String location = location(redirect);
		assertThat(location).as("a relative redirect to the login page").startsWith("/login");
		HttpResponse<String> page = get(location, null);
		assertThat(page.statusCode()).as(location).isEqualTo(200);
		for (HttpResponse<String> answer : List.of(redirect, page)) {
			assertThat(answer.headers().allValues("Set-Cookie")).as("cookies set for %s", answer.uri())
				.noneMatch((cookie) -> cookie.startsWith("JSESSIONID"));
			assertThat(answer.headers().firstValue("X-Robots-Tag")).contains("noindex");
		}
		return new Preview(location, page, Jsoup.parse(page.body()));
	}

	/**
	 * Signs in with the login page's form as {@code user}, carrying its target, and opens
	 * the page the sign-in lands on.
	 * @return that page
	 */
	private String signInFromThePreview(Preview preview, String user) {
		HttpResponse<String> signedIn = signIn(preview.answer(), user,
				preview.page().selectFirst("input[name=to]").val());
		String landed = location(signedIn);
		assertThat(landed).isEqualTo(preview.page().selectFirst("input[name=to]").val());
		HttpResponse<String> view = get(landed, cookie(signedIn, "JSESSIONID"));
		assertThat(view.statusCode()).isEqualTo(200);
		return view.body();
	}

	/**
	 * Posts the login page's form, with its CSRF token and the cookie that goes with it.
	 */
	private HttpResponse<String> signIn(HttpResponse<String> login, String user, String to) {
		Document page = Jsoup.parse(login.body());
		String form = "username=" + encode(user) + "&password=" + encode(LocalUsers.password(user)) + "&_csrf="
				+ encode(page.selectFirst("input[name=_csrf]").val()) + "&to=" + encode(to);
		return send(HttpRequest.newBuilder(app("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Cookie", cookie(login, "XSRF-TOKEN"))
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	/**
	 * The page never carries {@code value} as markup: no script but the application's
	 * own, no event handler attribute, no raw {@code <} of the value.
	 */
	private static void assertNothingUnescaped(String html, String value) {
		Document page = Jsoup.parse(html);
		assertThat(page.select("script")).allSatisfy((script) -> assertThat(script.attr("src")).isNotEmpty());
		assertThat(page.select("img, b")).isEmpty();
		for (Element element : page.getAllElements()) {
			for (Attribute attribute : element.attributes()) {
				assertThat(attribute.getKey()).doesNotStartWith("on");
			}
		}
		if (value.contains("<")) {
			assertThat(html).doesNotContain(value);
		}
	}

	private static String meta(Document page, String attribute, String name) {
		Element meta = page.selectFirst("meta[" + attribute + "=" + name + "]");
		assertThat(meta).as(name).isNotNull();
		return meta.attr("content");
	}

	private HttpResponse<String> get(String path, String cookie) {
		HttpRequest.Builder request = HttpRequest.newBuilder(app(path)).GET();
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return send(request);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.fetcher.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private URI app(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static String location(HttpResponse<?> response) {
		return response.headers().firstValue("Location").orElse(null);
	}

	/** The {@code name=value} of a cookie an answer set. */
	private static String cookie(HttpResponse<?> response, String name) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith(name + "="))
			.map((cookie) -> cookie.split(";", 2)[0])
			.findFirst()
			.orElseThrow(() -> new AssertionError("no cookie " + name + " in " + response.headers().map()));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * @param location where the link redirected to
	 * @param answer the login page's answer
	 * @param page the login page
	 */
	record Preview(String location, HttpResponse<String> answer, Document page) {

		String html() {
			return this.answer.body();
		}

	}

}
