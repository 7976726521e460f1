package dev.runboard.web;

import java.time.Instant;
import java.util.List;

import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.HeadlessChromium;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

import org.springframework.boot.test.web.server.LocalServerPort;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * htmx puts only HTML answers into the page. A text download or a JSON export carries raw
 * command output, which can hold markup with htmx attributes of its own; whichever URL an
 * htmx request ends up asking for, such an answer is never swapped in.
 */
@RunboardTest
class HtmxSwapBrowserIT {

	static final String COMMAND_ID = "5eed0000-0000-4000-8000-00000000beef";

	static final String INSTANCE_ID = "i-0123456789abcdef0";

	/** Output that signs whoever shows it out, if it ever becomes part of the page. */
	static final String PLANTED = "<form id=\"planted\" hx-post=\"/logout\" hx-trigger=\"load\"></form>";

	static final List<CommandInvocation> INVOCATIONS = List.of(TestInvocations.invocation(COMMAND_ID, INSTANCE_ID,
			"AWS-RunShellScript", Instant.parse("2026-11-20T12:00:00Z"), "Success", PLANTED));

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.listing(INVOCATIONS);

	@LocalServerPort
	int port;

	@RegisterExtension
	final HeadlessChromium chromium = HeadlessChromium.eachTest(1400, 900);

	@BeforeEach
	void openBrowser() {
		this.chromium.signIn("http://localhost:" + this.port + "/invocations", "ops", "ops-secret",
				(address) -> address.endsWith("/invocations"));
	}

	@Test
	void answersThatAreNotHtmlAreNeverSwappedIn() {
		for (String url : List.of("/invocations/" + COMMAND_ID + "/" + INSTANCE_ID + "/output.txt?plugin="
				+ "aws:runShellScript&stream=stdout", "/invocations.json", "/invocations.csv")) {
			assertThat(swap(url)).as("the answer to %s was swapped in", url).isFalse();
			assertThat(this.chromium.driver().findElements(By.id("planted"))).isEmpty();
		}
		this.chromium.driver().get("http://localhost:" + this.port + "/invocations");
		assertThat(this.chromium.driver().getCurrentUrl()).as("still signed in").endsWith("/invocations");
	}

	@Test
	void htmlAnswersAreSwappedInAsBefore() {
		assertThat(swap("/invocations?status=Success")).isTrue();
	}

	/**
	 * Asks htmx for {@code url} into the results section, as a filter change does, and
	 * says whether the section changed.
	 */
	private boolean swap(String url) {
		Object swapped = ((JavascriptExecutor) this.chromium.driver()).executeAsyncScript("""
				const [url, done] = arguments;
				const results = () => document.getElementById('results');
				results().dataset.before = 'yes';
				document.body.addEventListener('htmx:afterRequest', () => {
					setTimeout(() => done(!results() || results().dataset.before !== 'yes'), 200);
				}, { once: true });
				htmx.ajax('GET', url, { target: '#results', swap: 'outerHTML' });
				""", url);
		return Boolean.TRUE.equals(swapped);
	}

}
