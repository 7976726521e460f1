package dev.runboard.web;

import dev.runboard.testing.RunboardWebTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value Runboard cannot use is a 400 with a sentence naming the parameter: a page for a
 * browser, a table row with its retry for a scroll page.
 */
@RunboardWebTest
@WithMockUser
class ErrorAdviceTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void aBadValueInALinkIsAPageNamingTheParameter() {
		assertThat(this.mvc.get().uri("/invocations?status=Sideways")).hasStatus(400)
			.bodyText()
			.contains("<html")
			.contains("status: ");
	}

	@Test
	void aBadValueInAScrollPageIsATableRow() {
		assertThat(this.mvc.get().uri("/invocations/rows?status=Sideways").header("HX-Request", "true")).hasStatus(400)
			.bodyText()
			.contains("<tr class=\"error-row\"")
			.doesNotContain("<html");
	}

}
