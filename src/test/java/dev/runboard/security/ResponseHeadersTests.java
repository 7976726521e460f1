package dev.runboard.security;

import java.util.Set;

import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.RunboardTest.Setup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The headers every response carries, whatever it is: a page, an htmx fragment, an error,
 * the login page, a static file.
 */
@RunboardTest(Setup.SANDBOX)
@WithMockUser
class ResponseHeadersTests {

	/**
	 * Referrer policies that never send a Runboard address (with its filters) to another
	 * site.
	 */
	static final Set<String> SAME_ORIGIN_REFERRERS = Set.of("no-referrer", "same-origin");

	@Autowired
	MockMvcTester mvc;

	@ParameterizedTest
	@ValueSource(strings = { "/invocations", "/commands", "/login", "/no-such-page", "/invocations?pageSize=0",
			"/css/runboard.css", "/js/runboard.js" })
	void everyResponseForbidsContentSniffingFramingAndCrossSiteReferrers(String path) {
		MvcTestResult result = this.mvc.get().uri(path).exchange();
		assertThat(result).headers().hasValue("X-Content-Type-Options", "nosniff");
		assertThat(result).headers().hasValue("X-Frame-Options", "DENY");
		assertThat(result.getResponse().getHeader("Referrer-Policy")).isIn(SAME_ORIGIN_REFERRERS);
	}

	@Test
	void htmxFragmentsCarryTheSameHeadersAsPages() {
		MvcTestResult result = this.mvc.get().uri("/invocations?status=Failed").header("HX-Request", "true").exchange();
		assertThat(result).hasStatusOk();
		assertThat(result).headers()
			.hasValue("X-Content-Type-Options", "nosniff")
			.containsHeader("Content-Security-Policy")
			.containsHeader("Referrer-Policy");
	}

	@Test
	void signedInPagesAreNotStoredByBrowsersOrProxies() {
		MvcTestResult result = this.mvc.get().uri("/invocations").exchange();
		assertThat(result.getResponse().getHeader("Cache-Control")).contains("no-store");
	}

}
