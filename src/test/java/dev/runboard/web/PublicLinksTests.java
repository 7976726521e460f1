package dev.runboard.web;

import java.net.URI;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Links that leave the browser start at {@code runboard.public-url} when it is set, and
 * else at the scheme, host and context path of the request being answered.
 */
class PublicLinksTests {

	@AfterEach
	void noRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void withoutAPublicUrlALinkStartsWhereTheRequestCameTo() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/runboard/commands");
		request.setScheme("https");
		request.setServerName("tools.example.com");
		request.setServerPort(443);
		request.setContextPath("/runboard");
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
		assertThat(new PublicLinks(new PublicUrlProperties(null)).absolute("/commands?status=Failed"))
			.isEqualTo("https://tools.example.com/runboard/commands?status=Failed");
	}

	@Test
	void aPublicUrlIsWhereEveryLinkStartsWhateverTheRequest() {
		RequestContextHolder
			.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest("GET", "/commands")));
		PublicLinks links = new PublicLinks(new PublicUrlProperties(URI.create("https://runboard.example.com/ops/")));
		assertThat(links.absolute("/commands/88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10"))
			.isEqualTo("https://runboard.example.com/ops/commands/88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10");
	}

	@ParameterizedTest
	@ValueSource(strings = { "runboard.example.com", "/runboard", "ftp://runboard.example.com",
			"https://user:secret@runboard.example.com", "https://runboard.example.com/?x=1",
			"https://runboard.example.com/#top", "javascript:alert(1)" })
	void aPublicUrlIsAnAbsoluteHttpAddressAndNothingElse(String url) {
		assertThatIllegalArgumentException().isThrownBy(() -> new PublicUrlProperties(URI.create(url)))
			.withMessageContaining("runboard.public-url");
	}

}
