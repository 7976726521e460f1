package dev.runboard.invocations;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.InvocationsHtml;
import dev.runboard.testing.RunboardTest;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An SSM endpoint that never answers (the connection is closed before any answer, as with
 * an address nobody listens on): the page says AWS cannot be reached, in a sentence, and
 * asks the browser to come back later.
 */
@RunboardTest
@WithMockUser
class InvocationsAwsUnreachableTests {

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.local(null);

	@BeforeEach
	void nobodyAnswers() {
		ssm.hangUp();
	}

	@Autowired
	MockMvcTester mvc;

	@Test
	void anUnreachableEndpointIsServiceUnavailableWithASentence() {
		MvcTestResult result = this.mvc.get().uri("/invocations").exchange();

		assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(result.getResponse().getHeader("Retry-After")).containsOnlyDigits().isNotEqualTo("0");
		String body = body(result);
		assertThat(InvocationsHtml.page(body).select(".message").text()).contains("cannot reach AWS Systems Manager")
			.contains("eu-west-1");
		assertThat(body).doesNotContain("Exception", "Connection refused", "failed to respond", "127.0.0.1",
				"software.amazon", "\tat ");
	}

	@Test
	void anUnreachableEndpointWhileScrollingBecomesARetryRow() {
		String uri = "/invocations/rows?nextToken=AAEAAQ%2Bx%2Fy%3D%3D";
		MvcTestResult result = this.mvc.get().uri(URI.create(uri)).header("HX-Request", "true").exchange();

		assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
		Element retry = InvocationsHtml.rows(body(result)).selectFirst("tr.error-row button[hx-get]");
		assertThat(retry).isNotNull();
		assertThat(retry.attr("hx-get")).isEqualTo(uri);
	}

	private static String body(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

}
