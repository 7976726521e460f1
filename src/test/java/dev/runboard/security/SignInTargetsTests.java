package dev.runboard.security;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What signing in may return to: a page of this application, under its context path, and
 * nothing a crafted {@code to} could turn into a trip elsewhere or to a fragment.
 */
class SignInTargetsTests {

	final SignInTargets targets = new SignInTargets(
			List.of(ServedPaths.fragments("/invocations/rows", "/commands/{commandId}/summary")));

	@ParameterizedTest
	@ValueSource(
			strings = { "/runboard/", "/runboard/invocations", "/runboard/invocations?status=Failed&region=eu-west-1",
					"/runboard/commands/0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10",
					"/runboard/invocations?document=arn%3Aaws%3Assm%3A%3A%3Adocument%2FX&q=%22No+space%22",
					"/runboard/invocations?after=2026-11-20T10:00:00%2B01:00" })
	void aPageOfThisApplicationIsATarget(String to) {
		assertThat(target(to)).map(SignInTarget::value).contains(to);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "invocations", "https://evil.example/", "http:/evil.example", "//evil.example",
			"//evil.example/runboard/", "/\\evil.example", "\\\\evil.example", "/runboard/\\evil.example",
			"/%5Cevil.example", "/runboard/%5Cevil.example", "/runboard//evil.example", "/runboard/%2F%2Fevil.example",
			"/runboard/%2f/evil.example", "%2F%2Fevil.example", "/runboard/../evil", "/runboard/%2e%2e/evil",
			"/runboard/./invocations", "/runboardx/invocations", "/invocations", "/runboard", "/runboard/invocations#x",
			"/runboard/invocations?status=Failed#x", "/runboard/invocations/rows?nextToken=abc",
			"/runboard/commands/0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10/summary", "/runboard/login",
			"/runboard/login?to=/runboard/invocations", "/runboard/login/oauth2/code/corp", "/runboard/logout",
			"/runboard/oauth2/authorization/corp", "/runboard/invocations?status=<script>",
			"/runboard/invocations?status=\"><script>", "/runboard/invocations\r\nSet-Cookie: x=1",
			"/runboard/invocations%0d%0aSet-Cookie:%20x=1", "/runboard/%00", "/runboard/%zz", "/runboard/a%2",
			"/runboard/invocations;jsessionid=1", "javascript:alert(1)", " /runboard/invocations",
			"/runboard/invocations ", "/runboard/ïnvocations", "/runboard/invocations?q=ünïcode" })
	void anythingElseIsNot(String to) {
		assertThat(target(to)).isEmpty();
	}

	@Test
	void aTargetIsBoundedInLength() {
		String within = "/runboard/invocations?document=" + "A".repeat(SignInTargets.MAX_LENGTH - 31);
		assertThat(within).hasSize(SignInTargets.MAX_LENGTH);
		assertThat(target(within)).isPresent();
		assertThat(target(within + "A")).isEmpty();
	}

	@Test
	void withoutAContextPathEveryPathOfTheServerIsTheApplications() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login");
		assertThat(this.targets.parse(request, "/commands?status=Failed")).map(SignInTarget::withinApplication)
			.contains("/commands?status=Failed");
		assertThat(this.targets.parse(request, "//evil.example")).isEmpty();
	}

	@Test
	void aSignedOutRequestForAPageNamesItselfButTheStartPageAndFragmentsDoNot() {
		assertThat(this.targets.of(request("/runboard/invocations", "status=Failed&region=eu-west-1")))
			.map(SignInTarget::value)
			.contains("/runboard/invocations?status=Failed&region=eu-west-1");
		assertThat(this.targets.of(request("/runboard/", null))).isEmpty();
		assertThat(this.targets.of(request("/runboard/invocations/rows", "nextToken=abc"))).isEmpty();
	}

	@Test
	void theLoginPageCarriesTheTargetAsOneParameter() {
		Optional<SignInTarget> target = target("/runboard/invocations?status=Failed&region=eu-west-1&document=a%2Bb");
		assertThat(SignInTargets.login(null, target))
			.isEqualTo("/login?to=/runboard/invocations?status%3DFailed%26region%3Deu-west-1%26document%3Da%252Bb");
		assertThat(SignInTargets.login("error", target)).startsWith("/login?error&to=/runboard/invocations?");
		assertThat(SignInTargets.login("error", Optional.empty())).isEqualTo("/login?error");
	}

	@Test
	void aTargetsParametersAreDecodedAsTheServletContainerDecodesThem() {
		SignInTarget target = target("/runboard/invocations?status=Failed&status=TimedOut&document=arn%3Ax%2Fy"
				+ "&q=%22No+space%22&flag&bad=%E2%82")
			.orElseThrow();
		assertThat(target.path()).isEqualTo("/invocations");
		assertThat(target.parameters().get("status")).containsExactly("Failed", "TimedOut");
		assertThat(target.parameters().getFirst("document")).isEqualTo("arn:x/y");
		assertThat(target.parameters().getFirst("q")).isEqualTo("\"No space\"");
		assertThat(target.parameters().getFirst("flag")).isEmpty();
	}

	private Optional<SignInTarget> target(String to) {
		return this.targets.parse(request("/runboard/login", null), to);
	}

	private static MockHttpServletRequest request(String uri, String query) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setContextPath("/runboard");
		request.setQueryString(query);
		return request;
	}

}
