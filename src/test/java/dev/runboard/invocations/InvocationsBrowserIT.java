package dev.runboard.invocations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.HeadlessChromium;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.test.web.server.LocalServerPort;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invocations table in a real browser, for what only htmx running in a page shows: a
 * filter change that re-queries and pushes its link, infinite scroll through every page,
 * and a session that expires mid-scroll; and the summary a view copies for chat, on the
 * clipboard or, where the browser offers none, shown to copy by hand. The app runs the
 * {@code aws} source against a local SSM endpoint, so every page the browser pulls is one
 * real SDK call.
 */
@RunboardTest
class InvocationsBrowserIT {

	static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(300, NOW);

	/**
	 * The first command of {@link #INVOCATIONS}: four nodes, one per status but
	 * InProgress.
	 */
	static final String FIRST_COMMAND = new UUID(0x5eed, 0).toString();

	static final SsmClient BACKEND = new SandboxSsmClient((now) -> INVOCATIONS, Clock.systemUTC(), Region.EU_WEST_1);

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.local(BACKEND);

	@LocalServerPort
	int port;

	@RegisterExtension
	final HeadlessChromium chromium = HeadlessChromium.eachTest(1400, 900);

	@Test
	void statusFilterPushesItsLinkAndScrollingLoadsEveryPageOnceInTheOrderSsmListsThem() {
		signIn("/invocations?pageSize=10");
		this.chromium.awaitHtmxIdle();
		ssm.reset();

		new Select(this.chromium.driver().findElement(By.cssSelector("#filters select[name=status]")))
			.selectByValue("Failed");

		this.chromium.await("the address bar to carry the status filter")
			.until((browser) -> browser.getCurrentUrl().contains("status=Failed"));
		this.chromium.await("the table to show the failed invocations only").until((browser) -> {
			List<Row> rows = rows();
			return !rows.isEmpty() && rows.stream().allMatch((row) -> row.status().equals("Failed"));
		});
		scrollUntilTheEnd();

		Listing expected = listFromBackend("Failed", 10);
		assertThat(expected.pages()).as("pages the filtered result spans").isGreaterThan(3);
		assertThat(rows()).doesNotHaveDuplicates().containsExactlyElementsOf(expected.rows());
		assertThat(this.chromium.driver().findElements(By.cssSelector("#invocations [hx-trigger*=revealed]")))
			.isEmpty();
		assertThat(this.chromium.driver().findElements(By.cssSelector("#invocations [data-end]"))).hasSize(1);
		assertThat(ssm.calls("ListCommandInvocations")).hasSize(expected.pages()).allSatisfy((call) -> {
			assertThat(call.body().get("MaxResults").asInt()).isEqualTo(10);
			assertThat(call.body().get("Filters").get(0).get("key").asString()).isEqualTo("Status");
			assertThat(call.body().get("Filters").get(0).get("value").asString()).isEqualTo("Failed");
		});
		assertThat(this.chromium.driver().getCurrentUrl()).as("scroll loads never push their URL")
			.contains("status=Failed")
			.contains("pageSize=10")
			.doesNotContain("nextToken");
	}

	@Test
	void scrollingAfterTheSessionExpiredSendsTheBrowserToTheLoginPage() {
		signIn("/invocations?pageSize=5");
		this.chromium.awaitHtmxIdle();
		assertThat(this.chromium.driver().findElements(By.cssSelector("#invocations [hx-trigger*=revealed]")))
			.as("a page still to scroll to")
			.hasSize(1);

		this.chromium.driver().manage().deleteCookieNamed("JSESSIONID");
		scrollToBottom();

		this.chromium.await("the browser to go to the login page, which carries the page")
			.until((browser) -> browser.getCurrentUrl().endsWith("/login?to=/invocations?pageSize%3D5"));
		this.chromium.await("the login page to load")
			.until((browser) -> !browser.findElements(By.cssSelector("input[name=username]")).isEmpty());
		assertThat(this.chromium.driver().findElements(By.id("invocations"))).as("a login form inside the table")
			.isEmpty();
		assertThat(this.chromium.driver().getTitle()).isEqualTo("Invocations · eu-west-1 · Runboard");

		this.chromium.submitLogin("ops", "ops-secret");
		this.chromium.await("the page again, signed in")
			.until((browser) -> browser.getCurrentUrl().equals(url("/invocations?pageSize=5"))
					&& !browser.findElements(By.cssSelector("#invocations tr[data-command-id]")).isEmpty());
	}

	@Test
	void copyingTheSummaryOfAFilteredViewPutsWhatTheServerWroteOnTheClipboard() {
		signIn("/invocations?status=Failed&pageSize=10");
		this.chromium.awaitHtmxIdle();
		this.chromium.allowClipboard(url(""));

		String markdown = copy("markdown");
		assertThat(markdown).isEqualTo(written("markdown"))
			.startsWith("**Failed invocations · eu-west-1**\n\n10 invocations: 10 Failed  \n"
					+ "Counted: the newest 10; the view lists more.")
			.contains("- 10 invocations: exit 1 · `output of invocation <n>`")
			.endsWith("[Open in Runboard](" + url("/invocations?status=Failed&pageSize=10") + ")");

		String slack = copy("text");
		assertThat(slack).isEqualTo(written("text"))
			.contains("\n• 10 invocations: exit 1 · output of invocation <n>\n")
			.endsWith("\n" + url("/invocations?status=Failed&pageSize=10"));
	}

	@Test
	void withoutTheOutputRoleACommandsSummaryCopiesNoOutput() {
		String page = "/commands/" + FIRST_COMMAND;
		for (String user : List.of("ops", "operator")) {
			this.chromium.driver().manage().deleteAllCookies();
			this.chromium.signIn(url(page), user, user + "-secret", (address) -> address.equals(url(page)));
			this.chromium.await("the command's summary")
				.until((browser) -> !browser.findElements(By.cssSelector("#summary [data-copy-summary]")).isEmpty());
			this.chromium.allowClipboard(url(""));
			String summary = copy("markdown");
			assertThat(summary).as(user)
				.startsWith("**Command " + FIRST_COMMAND + "**")
				.contains("4 invocations: 1 Success, 1 Failed, 1 TimedOut, 1 Cancelled")
				.contains("- 1 node: exit 1")
				.endsWith("[Open in Runboard](" + url(page) + ")");
			if (user.equals("ops")) {
				assertThat(summary).contains("- 1 node: exit 1 · `output of invocation <n>`");
			}
			else {
				assertThat(summary).doesNotContain("output of invocation");
			}
		}
	}

	@Test
	void whereTheClipboardCannotBeUsedTheSummaryIsShownSelectedToCopyByHand() {
		signIn("/invocations?status=Failed&pageSize=10");
		this.chromium.awaitHtmxIdle();
		// As on a page served over plain HTTP from another host: no secure context.
		this.chromium.script(
				"Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });");
		assertThat(this.chromium.driver().findElement(By.cssSelector("textarea[data-summary=text]")).isDisplayed())
			.isFalse();

		this.chromium.driver().findElement(By.cssSelector("button[data-copy-summary=text]")).click();

		this.chromium.await("the summary shown")
			.until((browser) -> browser.findElement(By.cssSelector("textarea[data-summary=text]")).isDisplayed());
		assertThat(this.chromium.script("""
				const text = document.querySelector('textarea[data-summary=text]');
				return document.activeElement === text && text.selectionStart === 0
					&& text.selectionEnd === text.value.length && text.value.length > 0;
				""")).as("the whole text, focused and selected").isEqualTo(true);
		assertThat(this.chromium.driver().findElement(By.cssSelector("textarea[data-summary=markdown]")).isDisplayed())
			.isFalse();
	}

	/** Clicks the copy button of one form of the summary and reads the clipboard. */
	private String copy(String form) {
		WebElement button = this.chromium.driver()
			.findElement(By.cssSelector("button[data-copy-summary=" + form + "]"));
		String label = button.getText();
		button.click();
		this.chromium.await("the button to say it copied").until((browser) -> button.getText().equals("Copied"));
		String clipboard = this.chromium.clipboard();
		this.chromium.await("the button's label back").until((browser) -> button.getText().equals(label));
		return clipboard;
	}

	/** The summary as the server wrote it into the page. */
	private String written(String form) {
		return (String) this.chromium
			.script("return document.querySelector('textarea[data-summary=" + form + "]').value;");
	}

	private void signIn(String path) {
		this.chromium.signIn(url(path), "ops", "ops-secret", (address) -> address.startsWith(url(path)));
		this.chromium.await("the invocations table")
			.until((browser) -> !browser.findElements(By.id("invocations")).isEmpty());
	}

	/**
	 * Scrolls to the bottom until the end of the results shows, each page once it
	 * arrives.
	 */
	private void scrollUntilTheEnd() {
		this.chromium.await("the end of the results").pollingEvery(Duration.ofMillis(100)).until((browser) -> {
			scrollToBottom();
			return !browser.findElements(By.cssSelector("#invocations [data-end]")).isEmpty();
		});
	}

	private void scrollToBottom() {
		this.chromium.script("window.scrollTo(0, document.documentElement.scrollHeight);");
	}

	/** The rows of the table, read in one script so a swap cannot interleave. */
	@SuppressWarnings("unchecked")
	private List<Row> rows() {
		List<List<String>> rows = (List<List<String>>) this.chromium.script("""
				return Array.from(document.querySelectorAll('#invocations tr[data-command-id]'),
					(row) => [row.dataset.commandId, row.dataset.instanceId, row.dataset.status]);
				""");
		return rows.stream().map((row) -> new Row(row.get(0), row.get(1), row.get(2))).toList();
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	/** Every page the backing client returns for a status, straight from it. */
	private static Listing listFromBackend(String status, int pageSize) {
		List<Row> rows = new ArrayList<>();
		int pages = 0;
		String nextToken = null;
		do {
			ListCommandInvocationsResponse page = BACKEND.listCommandInvocations(ListCommandInvocationsRequest.builder()
				.details(true)
				.maxResults(pageSize)
				.filters(CommandFilter.builder().key(CommandFilterKey.STATUS).value(status).build())
				.nextToken(nextToken)
				.build());
			page.commandInvocations().stream().map(Row::of).forEach(rows::add);
			pages++;
			nextToken = page.nextToken();
		}
		while (nextToken != null);
		return new Listing(rows, pages);
	}

	record Row(String commandId, String instanceId, String status) {

		static Row of(CommandInvocation invocation) {
			return new Row(invocation.commandId(), invocation.instanceId(), invocation.statusAsString());
		}

	}

	record Listing(List<Row> rows, int pages) {

	}

}
