package dev.runboard.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.runboard.testing.RunboardWebTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Document filter is SSM's: exact and case-sensitive. Its field suggests the
 * documents listed lately, and a view it empties says that it is exact and offers the
 * documents it may have meant.
 */
@RunboardWebTest
@WithMockUser
class DocumentsSeenTests {

	@Autowired
	MockMvcTester mvc;

	@ParameterizedTest
	@ValueSource(strings = { "/invocations", "/commands" })
	void aDocumentFilterThatFindsNothingSaysItIsExactAndOffersTheDocumentItMayHaveMeant(String view) {
		Document page = page(view + "?document=aws-runpatchbaseline");

		Element hint = page.selectFirst("[data-document-hint]");
		assertThat(hint).isNotNull();
		assertThat(hint.text()).contains("exact and case-sensitive").contains("aws-runpatchbaseline");
		assertThat(hint.select("[data-document-suggestion]")).extracting((link) -> link.attr("href"))
			.first()
			.isEqualTo(view + "?document=AWS-RunPatchBaseline");
		assertThat(page(hint.selectFirst("[data-document-suggestion]").attr("href")).select("tr[data-command-id]"))
			.as("what the suggestion finds")
			.isNotEmpty();
	}

	@Test
	void aViewThatFindsSomethingNeedsNoHint() {
		assertThat(page("/invocations?document=AWS-RunPatchBaseline").select("[data-document-hint]")).isEmpty();
	}

	@Test
	void theFieldSuggestsTheDocumentsListedLately() {
		List<String> listed = page("/invocations").select("#invocations td[data-label=Document] > span")
			.eachText()
			.stream()
			.distinct()
			.toList();

		assertThat(listed).isNotEmpty();
		assertThat(page("/commands").select("datalist#documents option")).extracting((option) -> option.attr("value"))
			.containsAll(listed)
			.contains("AWS-RunShellScript");
	}

	@Test
	void nearMatchesIgnoreCaseAndFindWhatContainsTheValue() {
		DocumentsSeen seen = new DocumentsSeen();
		seen.saw(List.of("Acme-DeployRelease", "not a document <b>", "AWS-RunPatchBaseline"));

		assertThat(seen.names()).contains("Acme-DeployRelease").doesNotContain("not a document <b>");
		assertThat(seen.nearMatches("acme-deployrelease")).containsExactly("Acme-DeployRelease");
		assertThat(seen.nearMatches("patch")).containsExactly("AWS-RunPatchBaseline");
		assertThat(seen.nearMatches("AWS-RunPatchBaseline")).as("an exact name").isEmpty();
	}

	private Document page(String uri) {
		MvcTestResult result = this.mvc.get().uri(uri).exchange();
		assertThat(result).hasStatusOk();
		return Jsoup.parse(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
	}

}
