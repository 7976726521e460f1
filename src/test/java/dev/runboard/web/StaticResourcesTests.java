package dev.runboard.web;

import java.net.URI;
import java.net.http.HttpResponse;

import dev.runboard.testing.LocalUsers;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.SignedInClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages link their script and style as written, with no resource URL rewriting (which
 * looked every link of a page up on the classpath), and those links are served: htmx from
 * its webjar without a version in the path.
 */
@RunboardTest
class StaticResourcesTests {

	@LocalServerPort
	int port;

	@Test
	void pagesLinkStaticResourcesAsWrittenAndTheyAreServed() {
		SignedInClient demo = SignedInClient.signIn(URI.create("http://localhost:" + this.port), LocalUsers.OPS,
				LocalUsers.password(LocalUsers.OPS));

		HttpResponse<String> page = demo.get("/invocations");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("src=\"/webjars/htmx.org/dist/htmx.min.js\"")
			.contains("href=\"/css/runboard.css\"")
			.contains("src=\"/js/runboard.js\"");
		HttpResponse<String> htmx = demo.get("/webjars/htmx.org/dist/htmx.min.js");
		assertThat(htmx.statusCode()).isEqualTo(200);
		assertThat(htmx.body()).contains("htmx");
		// Responses carry nosniff: a browser runs the script only if it is labelled as
		// one.
		assertThat(htmx.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).containsAnyOf("text/javascript", "application/javascript"));
		assertThat(demo.get("/css/runboard.css").statusCode()).isEqualTo(200);
		assertThat(demo.get("/js/runboard.js").statusCode()).isEqualTo(200);
	}

	@Test
	void theThemeScriptRunsBeforeTheStylesheetSoAStoredThemeShowsFromTheFirstPaint() {
		SignedInClient demo = SignedInClient.signIn(URI.create("http://localhost:" + this.port), LocalUsers.OPS,
				LocalUsers.password(LocalUsers.OPS));

		String page = demo.get("/invocations").body();

		assertThat(page).containsSubsequence("<script src=\"/js/theme.js\"></script>", "href=\"/css/runboard.css\"",
				"</head>");
		assertThat(demo.get("/js/theme.js").statusCode()).isEqualTo(200);
	}

}
