package dev.runboard.web;

import java.time.Duration;
import java.util.List;

import dev.runboard.testing.HeadlessChromium;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.RunboardTest.Setup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runboard served under a path prefix, as internal platforms expose tools
 * ({@code https://tools.example.com/runboard/}), in a real browser: signing in and out,
 * every link, redirect, htmx request and pushed address, the scroll sentinel, whole
 * output, exports and static assets stay under {@code /runboard}. The sandbox with two
 * regions provides the data, whole output in S3 and CloudWatch Logs included.
 */
@RunboardTest(Setup.SANDBOX)
class ContextPathBrowserIT {

	static final String PREFIX = "/runboard";

	@LocalServerPort
	int port;

	@RegisterExtension
	final HeadlessChromium chromium = HeadlessChromium.eachTest(1400, 900);

	@Test
	void everythingAUserDoesStaysUnderThePrefix() {
		this.chromium.driver().get(url("/"));
		this.chromium.await("the login page under the prefix")
			.until((browser) -> browser.getCurrentUrl().equals(url("/login")));
		assertEveryAddressOnThePageIsUnderThePrefix();
		this.chromium.submitLogin("demo", "demo");
		this.chromium.await("the invocations table after signing in")
			.until((browser) -> browser.getCurrentUrl().startsWith(url("/invocations"))
					&& !browser.findElements(By.id("invocations")).isEmpty());
		assertThat(this.chromium.script("return getComputedStyle(document.querySelector('header.top')).display"))
			.as("the stylesheet loaded")
			.isNotEqualTo("inline");
		assertThat(this.chromium.script("return typeof htmx")).as("htmx loaded").isEqualTo("object");

		new Select(this.chromium.driver().findElement(By.cssSelector("#filters select[name=status]")))
			.selectByValue("Failed");
		this.chromium.await("the filter's link pushed under the prefix")
			.until((browser) -> browser.getCurrentUrl().equals(url("/invocations?status=Failed")));
		this.chromium.awaitHtmxIdle();
		assertEveryAddressOnThePageIsUnderThePrefix();
		scrollUntilTheEnd();
		assertThat(this.chromium.driver().findElements(By.cssSelector("#invocations tr[data-command-id]")))
			.as("rows after scrolling to the end")
			.hasSizeGreaterThan(50);
		assertThat(this.chromium.driver().findElements(By.cssSelector("#invocations [data-end]"))).hasSize(1);

		String csv = fetch(
				this.chromium.driver().findElement(By.cssSelector("a[data-export=csv]")).getAttribute("href"));
		assertThat(csv).startsWith("200 text/csv");

		this.chromium.driver().get(url("/invocations?status=Success&region=us-east-1"));
		this.chromium.awaitHtmxIdle();
		WebElement row = this.chromium.driver()
			.findElements(By.cssSelector("#invocations tr[data-command-id]"))
			.stream()
			.filter((candidate) -> !candidate.findElements(By.cssSelector("a[data-link=cloudwatch]")).isEmpty())
			.findFirst()
			.orElseThrow();
		row.findElement(By.cssSelector("a[data-detail]")).click();
		this.chromium.await("the detail page under the prefix")
			.until((browser) -> browser.getCurrentUrl().startsWith(url("/invocations/"))
					&& !browser.findElements(By.cssSelector("[data-read-output=cloudwatch-stdout]")).isEmpty());
		assertEveryAddressOnThePageIsUnderThePrefix();
		this.chromium.driver().findElement(By.cssSelector("[data-read-output=cloudwatch-stdout]")).click();
		this.chromium.await("whole output from CloudWatch Logs")
			.until((browser) -> !browser.findElements(By.cssSelector(".whole-output pre.output-chunk")).isEmpty());
		assertThat(this.chromium.driver().findElements(By.cssSelector(".whole-output [data-output-problem]")))
			.isEmpty();
		String download = this.chromium.driver()
			.findElement(By.cssSelector("a[data-download=stdout]"))
			.getAttribute("href");
		assertThat(fetch(download)).startsWith("200 text/plain");

		this.chromium.driver().findElement(By.cssSelector("form.signout button")).click();
		this.chromium.await("the login page after signing out")
			.until((browser) -> browser.getCurrentUrl().equals(url("/login?logout")));
		this.chromium.driver().get(url("/invocations?status=Failed"));
		this.chromium.await("signed out: back to the login page, which carries the page under the prefix")
			.until((browser) -> browser.getCurrentUrl().equals(url("/login?to=/runboard/invocations?status%3DFailed")));
		assertEveryAddressOnThePageIsUnderThePrefix();
		this.chromium.submitLogin("demo", "demo");
		this.chromium.await("signing in lands on that page, under the prefix")
			.until((browser) -> browser.getCurrentUrl().equals(url("/invocations?status=Failed")));
	}

	/**
	 * Every link, form, script, stylesheet and htmx request of the page starts with the
	 * prefix, but for links to the AWS console.
	 */
	private void assertEveryAddressOnThePageIsUnderThePrefix() {
		@SuppressWarnings("unchecked")
		List<String> addresses = (List<String>) this.chromium.script("""
				return Array.from(document.querySelectorAll(
					'a[href], form[action], script[src], link[href], [hx-get], [hx-post]'),
					(element) => element.getAttribute('href') || element.getAttribute('action')
						|| element.getAttribute('src') || element.getAttribute('hx-get')
						|| element.getAttribute('hx-post'));
				""");
		assertThat(addresses).isNotEmpty()
			.allSatisfy((address) -> assertThat(address).satisfiesAnyOf(
					(value) -> assertThat(value).startsWith(PREFIX + "/"),
					(value) -> assertThat(value).startsWith("https://")));
	}

	/**
	 * Fetches an address in the page, with its session:
	 * {@code "<status> <content type>"}.
	 */
	private String fetch(String address) {
		return (String) this.chromium.driver().executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch(arguments[0]).then((response) => response.text().then(() =>
					done(response.status + ' ' + response.headers.get('content-type'))));
				""", address);
	}

	private void scrollUntilTheEnd() {
		this.chromium.await("the end of the results").pollingEvery(Duration.ofMillis(100)).until((browser) -> {
			this.chromium.script("window.scrollTo(0, document.documentElement.scrollHeight);");
			return !browser.findElements(By.cssSelector("#invocations [data-end]")).isEmpty();
		});
	}

	private String url(String path) {
		return "http://localhost:" + this.port + PREFIX + path;
	}

}
