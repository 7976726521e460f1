package dev.runboard.invocations;

import dev.runboard.testing.RunboardWebTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Runboard that keeps no history (the slice runs without a store) answers
 * {@code /history}, its rows and exports as pages that do not exist here, saying how to
 * turn history on, and offers no way to them.
 */
@RunboardWebTest
@WithMockUser
class HistoryOffTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void historyIsNotFoundAndSaysHowToKeepIt() {
		assertThat(this.mvc.get().uri("/history")).hasStatus(404)
			.bodyText()
			.contains("<html")
			.contains("keeps no history")
			.contains("spring.datasource.url");
		assertThat(this.mvc.get().uri("/history/rows").header("HX-Request", "true")).hasStatus(404)
			.bodyText()
			.contains("<tr")
			.doesNotContain("<html");
		assertThat(this.mvc.get().uri("/history.csv")).hasStatus(404);
		assertThat(this.mvc.get().uri("/history.json")).hasStatus(404);
	}

	@Test
	void neitherTheNavigationNorTheEndOfTheTableLeadsToHistory() {
		assertThat(this.mvc.get().uri("/invocations?commandId=00000000-0000-0000-0000-00000000dead")).hasStatusOk()
			.bodyText()
			.contains("No invocations match these filters.")
			.doesNotContain("data-nav=\"history\"")
			.doesNotContain("data-history-link");
	}

}
