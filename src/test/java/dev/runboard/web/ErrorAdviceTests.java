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
	void aBadValueInALinkOffersTheSameViewWithoutItBesideTheStart() {
		assertThat(this.mvc.get().uri("/invocations?status=Sideways&document=AWS-RunShellScript")).hasStatus(400)
			.bodyText()
			.contains("href=\"/invocations?document=AWS-RunShellScript\" data-way-out=\"without-parameter\"")
			.contains("The same view without status")
			.contains("href=\"/invocations\">All invocations</a>");
	}

	@Test
	void aBadPathVariableHasNoViewWithoutIt() {
		assertThat(this.mvc.get().uri("/commands/not-a-command-id")).hasStatus(400)
			.bodyText()
			.doesNotContain("data-way-out=\"without-parameter\"");
	}

	@Test
	void aBadValueInAScrollPageIsATableRow() {
		assertThat(this.mvc.get().uri("/invocations/rows?status=Sideways").header("HX-Request", "true")).hasStatus(400)
			.bodyText()
			.contains("<tr class=\"error-row\"")
			.doesNotContain("<html");
	}

}
