package dev.runboard.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.LocalOidc;
import dev.runboard.testing.OutputInvocations;
import dev.runboard.testing.RunboardTest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC single sign-on end to end: a real OIDC provider (mock-oauth2-server) on a local
 * port, Runboard on another, and an HTTP client with a cookie jar that follows the
 * authorization code flow redirect by redirect, as a browser does. Roles come from the
 * provider's {@code groups} claim through {@code runboard.security.oidc.role-mappings}
 * only ({@code mapped-roles-only}), and signing in requires the {@code STAFF} role
 * ({@code required-role}): being known to the provider is not enough. (That OIDC alone,
 * without a local user, is enough to start: {@link StartupTests}.)
 */
@RunboardTest
@ExtendWith(OutputCaptureExtension.class)
class OidcSignInTests {

	static final String ISSUER = LocalOidc.ISSUER;

	static final String REGISTRATION = LocalOidc.REGISTRATION;

	static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

	static final CommandInvocation INVOCATION = OutputInvocations.invocation("0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10",
			"i-0123456789abcdef0", NOW, "Success");

	static final MockOAuth2Server oidc = LocalOidc.server();

	static final Pattern PROVIDER = Pattern.compile("href=\"([^\"]*)\"[^>]*data-provider");

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer
		.local(new SandboxSsmClient((now) -> List.of(INVOCATION), Clock.systemUTC(), Region.EU_WEST_1));

	@LocalServerPort
	int port;

	@Test
	void loginPageOffersTheConfiguredProvider() throws Exception {
		Browser browser = new Browser();
		HttpResponse<String> login = browser.get(app("/login"));
		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(login.body()).contains("href=\"/oauth2/authorization/" + REGISTRATION + "\"")
			.contains("Sign in with Corporate SSO");
	}

	@Test
	void pagesSendAnonymousBrowsersToTheLoginPageNotToTheProvider() throws Exception {
		HttpResponse<String> response = new Browser().get(app("/invocations"));
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(location(response)).isEqualTo("/login?to=/invocations");
	}

	@Test
	void signingInThroughTheProviderLandsOnTheViewTheLinkNamed() throws Exception {
		Browser browser = new Browser();
		List<URI> hops = signInFlow(browser, "erin", Map.of("groups", List.of("staff")),
				"/invocations?status=Success&details=false");
		URI landed = hops.get(hops.size() - 1);
		assertThat(landed.getPath()).isEqualTo("/invocations");
		assertThat(landed.getQuery()).isEqualTo("status=Success&details=false");
		assertThat(browser.get(landed.toString()).statusCode()).isEqualTo(200);
	}

	@Test
	void userInTheMappedGroupSignsInAndReadsOutput(CapturedOutput output) throws Exception {
		Browser browser = signIn("alice", Map.of("groups", List.of("staff", "ops-output")));
		HttpResponse<String> page = browser.get(app("/invocations"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("data-command-id=\"" + INVOCATION.commandId() + "\"")
			.contains(OutputInvocations.STDOUT)
			.contains("data-link=\"s3-stdout\"")
			.contains("data-link=\"cloudwatch\"")
			.doesNotContain("data-output-hidden");
		HttpResponse<String> detail = browser
			.get(app("/invocations/" + INVOCATION.commandId() + "/" + INVOCATION.instanceId()));
		assertThat(detail.statusCode()).isEqualTo(200);
		assertThat(detail.body()).contains(OutputInvocations.STDOUT).contains(OutputInvocations.STDERR);
		assertThat(ssm.calls("GetCommandInvocation")).hasSize(1);
		assertThat(output).contains("sign-in user=alice outcome=success");
	}

	@Test
	void userOutsideTheMappedGroupSeesStatusesButNoOutput() throws Exception {
		Browser browser = signIn("bob", Map.of("groups", List.of("staff")));
		HttpResponse<String> page = browser.get(app("/invocations"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("data-command-id=\"" + INVOCATION.commandId() + "\"")
			.contains("data-status=\"Success\"")
			.contains("data-output-hidden")
			.doesNotContain(OutputInvocations.STDOUT)
			.doesNotContain(OutputInvocations.STDERR)
			.doesNotContain("data-link=\"s3-stdout\"")
			.doesNotContain("data-link=\"cloudwatch\"");
		HttpResponse<String> detail = browser
			.get(app("/invocations/" + INVOCATION.commandId() + "/" + INVOCATION.instanceId()));
		assertThat(detail.statusCode()).isEqualTo(200);
		assertThat(detail.body()).contains("data-output-hidden").doesNotContain(OutputInvocations.STDOUT);
		assertThat(ssm.calls("GetCommandInvocation")).isEmpty();
	}

	@Test
	void groupsAreReadOnlyFromTheConfiguredClaim() throws Exception {
		Browser browser = signIn("carol", Map.of("roles", List.of("ops-output"), "groups", List.of("staff")));
		HttpResponse<String> page = browser.get(app("/invocations"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("data-output-hidden").doesNotContain(OutputInvocations.STDOUT);
	}

	@Test
	void aGroupNamedLikeARoleGivesNothingWhenOnlyMappedGroupsGiveRoles() throws Exception {
		Browser browser = signIn("dave", Map.of("groups", List.of("staff", "OUTPUT", "ROLE_OUTPUT")));
		HttpResponse<String> page = browser.get(app("/invocations"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("data-output-hidden").doesNotContain(OutputInvocations.STDOUT);
	}

	/**
	 * One group named {@code staff ops-output}, given as a string: not the groups
	 * {@code staff} and {@code ops-output}, so not the required role either.
	 */
	@Test
	void aGroupsClaimGivenAsOneStringIsOneGroup() throws Exception {
		List<URI> hops = signInFlow(new Browser(), "frank", Map.of("groups", "staff ops-output"), "/invocations");

		assertThat(hops.get(hops.size() - 1).getQuery()).isEqualTo("refused&to=/invocations");
	}

	@Test
	void aGroupNamedOperatorWithoutAMappingGivesNoOperatorRole() throws Exception {
		Browser browser = signIn("grace", Map.of("groups", List.of("staff", "OPERATOR", "ROLE_OPERATOR")));
		int calls = ssm.calls().size();
		HttpResponse<String> page = browser.get(app("/commands/" + INVOCATION.commandId() + "/failed-nodes"));
		assertThat(page.statusCode()).isEqualTo(403);
		assertThat(ssm.calls()).hasSize(calls);
	}

	@Test
	void aUserOfTheProviderWithoutTheRequiredRoleIsRefusedWithAPageSayingSo(CapturedOutput output) throws Exception {
		Browser browser = new Browser();
		List<URI> hops = signInFlow(browser, "mallory", Map.of("groups", List.of("contractors", "STAFF")),
				"/invocations");

		assertThat(hops.get(hops.size() - 1).getPath()).isEqualTo("/login");
		assertThat(hops.get(hops.size() - 1).getQuery()).isEqualTo("refused&to=/invocations");
		HttpResponse<String> login = browser.get(hops.get(hops.size() - 1).toString());
		assertThat(login.body()).contains("data-refused").contains("<code>STAFF</code>");
		assertThat(location(browser.get(app("/invocations")))).as("not signed in").isEqualTo("/login?to=/invocations");
		assertThat(ssm.calls()).isEmpty();
		assertThat(output).doesNotContain("sign-in user=mallory outcome=success")
			.contains("OIDC sign-in refused for user name 'mallory'");
	}

	/**
	 * Runs the authorization code flow: Runboard's login redirect to the provider, the
	 * provider's redirect back with a code, Runboard's token exchange (where the provider
	 * issues the ID token with {@code claims}), and the redirect to the page first asked
	 * for.
	 */
	private Browser signIn(String subject, Map<String, Object> claims) throws Exception {
		Browser browser = new Browser();
		List<URI> hops = signInFlow(browser, subject, claims, "/invocations");
		assertThat(hops.get(hops.size() - 1).getPath()).isEqualTo("/invocations");
		return browser;
	}

	/**
	 * The sign-in's redirects, the provider's and Runboard's, up to the last one: from
	 * {@code page}, asked for signed out, through the login page's provider button.
	 */
	private List<URI> signInFlow(Browser browser, String subject, Map<String, Object> claims, String page)
			throws Exception {
		oidc.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, subject, "JWT", null, claims));
		String login = location(browser.get(app(page)));
		assertThat(login).startsWith("/login?to=");
		Matcher provider = PROVIDER.matcher(browser.get(app(login)).body());
		assertThat(provider.find()).as("the provider's button").isTrue();
		assertThat(browser.cookies()).as("no session before the provider's sign-in starts")
			.noneMatch((cookie) -> cookie.getName().equals("JSESSIONID"));
		HttpResponse<String> response = browser.get(app(provider.group(1).replace("&amp;", "&")));
		List<URI> hops = new ArrayList<>();
		while (response.statusCode() == 302 && hops.size() < 10) {
			URI next = response.uri().resolve(location(response));
			hops.add(next);
			response = browser.get(next.toString());
		}
		assertThat(hops).as("redirects of the sign-in").hasSizeGreaterThanOrEqualTo(3);
		assertThat(hops.get(0).toString()).startsWith(oidc.authorizationEndpointUrl(ISSUER).toString());
		assertThat(hops.get(1).getPath()).isEqualTo("/login/oauth2/code/" + REGISTRATION);
		assertThat(response.statusCode()).isEqualTo(200);
		return hops;
	}

	private String app(String path) {
		return "http://localhost:" + this.port + path;
	}

	private static String location(HttpResponse<?> response) {
		return response.headers().firstValue("Location").orElse(null);
	}

	/**
	 * The part of a browser that matters here: a cookie jar, redirects left to the test.
	 */
	static final class Browser {

		private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

		private final HttpClient client = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		List<HttpCookie> cookies() {
			return this.cookies.getCookieStore().getCookies();
		}

		HttpResponse<String> get(String uri) throws IOException, InterruptedException {
			return this.client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20)).build(),
					HttpResponse.BodyHandlers.ofString());
		}

	}

}
