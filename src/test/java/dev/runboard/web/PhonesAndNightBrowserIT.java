package dev.runboard.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.runboard.testing.HeadlessChromium;
import dev.runboard.testing.PageChecks;
import dev.runboard.testing.PageChecks.Viewport;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.RunboardTest.Setup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runboard as it is opened on call: on a phone (390 × 844) and on a desktop (1440 × 900),
 * in the light and the dark theme. Every page type fits the width without scrolling
 * sideways, keeps Sign out in reach and passes axe-core with no serious or critical
 * violation; the theme toggle is remembered; ages advance and the title counts what runs
 * while the page stays open; the keyboard reaches every control. One browser serves every
 * test (it signs in again only after a test signed out), against the sandbox.
 */
@RunboardTest(Setup.SANDBOX)
class PhonesAndNightBrowserIT {

	static final Duration PATIENCE = Duration.ofSeconds(30);

	/** The custom properties that make a theme. */
	static final List<String> THEME_COLOURS = List.of("--fg", "--muted", "--bg", "--card", "--line", "--link", "--ok",
			"--bad", "--warn", "--info", "--grey", "--badge-fg", "--problem-bg");

	static final Viewport PHONE = PageChecks.PHONE;

	static final Viewport DESKTOP = PageChecks.DESKTOP;

	static HeadlessChromium chromium;

	@LocalServerPort
	int port;

	ChromeDriver browser;

	@BeforeEach
	void browser() {
		if (chromium == null) {
			chromium = HeadlessChromium.start(DESKTOP.width(), DESKTOP.height());
			// axe reads every node of a page of 50 cards: more than the harness's 10
			// seconds.
			chromium.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(90));
		}
		this.browser = chromium.driver();
		viewport(DESKTOP);
		systemTheme("light");
	}

	@AfterAll
	static void closeBrowser() {
		if (chromium != null) {
			chromium.close();
			chromium = null;
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "login", "invocations", "commands", "command", "detail", "undeliverable", "error" })
	void everyPageFitsPhoneAndDesktopInBothThemesWithSignOutInReachAndNoSeriousAxeViolation(String page) {
		open(page);
		List<String> problems = PageChecks.everyWidthAndTheme(chromium, page, (where) -> {
			List<String> found = new ArrayList<>();
			if (page.equals("undeliverable")) {
				this.browser.findElements(By.cssSelector("[data-read-output], a[data-link]"))
					.forEach((offered) -> found
						.add(where + ": offers output that cannot exist: " + offered.getAttribute("outerHTML")));
			}
			if (!page.equals("login")) {
				String signOut = signOutReach();
				if (!signOut.equals("reachable")) {
					found.add(where + ": Sign out is " + signOut);
				}
			}
			return found;
		});
		assertThat(problems).isEmpty();
	}

	/**
	 * The issue's "done when": a shared link to tonight's failures, opened on a phone in
	 * the dark, says which nodes failed and why without scrolling sideways, leads to one
	 * node's output, and lets the user sign out.
	 */
	@Test
	void aSharedLinkToTheFailuresReadsOnAPhoneInTheDarkThroughToTheOutputAndSigningOut() {
		viewport(PHONE);
		signedIn();
		chooseTheme("dark");
		this.browser.get(url("/invocations?status=Failed"));
		awaitTable();

		assertThat(text("[data-filters-toggle]")).as("the folded filters").isEqualTo("Filters (1 active)");
		assertThat(chromium.script("return getComputedStyle(document.getElementById('filters')).display;"))
			.isEqualTo("none");
		@SuppressWarnings("unchecked")
		Map<String, Object> card = (Map<String, Object>) chromium
			.script("""
					// A failed node that said why: the sandbox is shared, and a rerun other tests sent
					// may have failed nodes that never ran.
					const row = Array.from(document.querySelectorAll('#invocations tr[data-status]'))
						.find((candidate) => candidate.querySelector('[data-telling-line]')
							&& candidate.querySelector('a[href*="instanceId="] + small'));
					row.setAttribute('data-read', '');
					const visible = (selector) => {
						const element = row.querySelector(selector);
						const box = element && element.getBoundingClientRect();
						return !!box && box.width > 0 && box.left >= 0 && box.right <= innerWidth;
					};
					return { status: row.querySelector('.badge').textContent, nodeId: visible('a[href*="instanceId="]'),
						nodeName: row.querySelector('a[href*="instanceId="] + small').textContent,
						age: visible('time .age'), document: visible('td[data-label=Document]'),
						output: visible('[data-telling-line]'), folded: !row.querySelector('details[data-output-block]').open,
						why: row.querySelector('[data-telling-line]').textContent };
					""");
		assertThat(card).containsEntry("status", "Failed")
			.containsEntry("nodeId", true)
			.containsEntry("age", true)
			.containsEntry("document", true)
			.containsEntry("output", true)
			.containsEntry("folded", true);
		assertThat((String) card.get("nodeName")).isNotBlank();
		assertThat((String) card.get("why")).isNotBlank();
		assertNoSidewaysScroll("the failed invocations");

		// Unfolded on demand, and remembered on the next page.
		this.browser.findElement(By.cssSelector("[data-output-fold]")).click();
		assertThat(chromium.script("return document.querySelector('tr[data-read] details[data-output-block]').open;"))
			.isEqualTo(true);
		this.browser.navigate().refresh();
		awaitTable();
		assertThat(attribute("[data-output-fold]", "aria-pressed")).isEqualTo("true");
		assertThat(chromium.script("""
				return Array.from(document.querySelectorAll('#invocations tr.problem details[data-output-block]'))
					.every((details) => details.open);
				""")).as("every failed row's output unfolded after a reload").isEqualTo(true);
		assertNoSidewaysScroll("the unfolded failed invocations");
		this.browser.findElement(By.cssSelector("[data-output-fold]")).click();
		assertThat(chromium.script("return localStorage.getItem('runboard.output');")).isEqualTo("folded");

		this.browser.findElement(By.cssSelector("#invocations tr[data-status][data-region=eu-west-1] a[data-detail]"))
			.click();
		await("the detail page").until((browser) -> !browser.findElements(By.cssSelector("#live pre")).isEmpty());
		assertNoSidewaysScroll("the detail page");
		assertThat(chromium.script("""
				const output = document.querySelector('#live pre');
				const box = output.getBoundingClientRect();
				return box.left >= 0 && box.right <= innerWidth && output.textContent.trim().length > 0;
				""")).as("its output, readable in the width").isEqualTo(true);
		assertThat(isDark()).as("still the dark theme").isTrue();

		assertThat(signOutReach()).isEqualTo("reachable");
		this.browser.findElement(By.cssSelector("form.signout button")).click();
		await("signed out").until((browser) -> browser.getCurrentUrl().endsWith("/login?logout"));
		assertThat(isDark()).as("the login page in the dark theme too").isTrue();
		chooseTheme("light");
	}

	@Test
	void theThemeFollowsTheSystemUntilTheToggleStoresAChoiceThatSurvivesAReload() {
		signedIn();
		chooseTheme("light");
		systemTheme("dark");
		this.browser.navigate().refresh();
		awaitTable();
		assertThat(isDark()).as("dark, as the system prefers").isTrue();
		assertThat(text("[data-theme-toggle]")).isEqualTo("Theme: dark");
		Map<String, String> systemDark = themeColours();

		this.browser.findElement(By.cssSelector("[data-theme-toggle]")).click();
		assertThat(isDark()).as("light, chosen with the toggle").isFalse();
		assertThat(text("[data-theme-toggle]")).isEqualTo("Theme: light");
		this.browser.navigate().refresh();
		awaitTable();
		assertThat(isDark()).as("light after a reload, though the system prefers dark").isFalse();

		this.browser.findElement(By.cssSelector("[data-theme-toggle]")).click();
		systemTheme("light");
		this.browser.navigate().refresh();
		awaitTable();
		assertThat(isDark()).as("dark after a reload, though the system prefers light").isTrue();
		assertThat(themeColours()).as("the chosen dark theme is the system's dark theme").isEqualTo(systemDark);
		chooseTheme("light");
	}

	@Test
	void agesAdvanceWhileThePageStaysOpenAndTheScriptWritesThemFromTheTimeAlone() {
		signedIn();
		this.browser.get(url("/invocations"));
		awaitTable();
		String datetime = attribute("#invocations time[data-age]", "datetime");
		String before = text("#invocations time[data-age] .age");
		Duration shift = Duration.ofDays(3);

		// Three days pass in the page's clock; one age is left for the script to write.
		chromium.script("""
				const realNow = Date.now.bind(Date);
				Date.now = () => realNow() + arguments[0];
				document.querySelectorAll('#invocations time[data-age] .age')[1].remove();
				""", shift.toMillis());
		Instant later = Instant.now().plus(shift);

		String expected = new Formats(Clock.fixed(later, ZoneOffset.UTC)).age(Instant.parse(datetime));
		assertThat(expected).isNotEqualTo(before);
		await("the age to advance without a reload")
			.until((browser) -> expected.equals(text("#invocations time[data-age] .age")));
		assertThat(chromium
			.script("return document.querySelectorAll('#invocations time[data-age]')[1].querySelector('.age')"
					+ " && document.querySelectorAll('#invocations time[data-age]')[1].querySelector('.age').textContent;"))
			.as("an age the page did not carry, written from datetime")
			.asString()
			.matches("\\d+ d ago");
	}

	@Test
	void theTitleCountsWhatRunsOnThePage() {
		signedIn();
		this.browser.get(url("/commands"));
		awaitTable();
		List<Object> titleAndRunning = new ArrayList<>();
		// Read together, once a row that polled has settled: the title follows each swap.
		await("the title to count the running commands").until((browser) -> {
			@SuppressWarnings("unchecked")
			List<Object> read = (List<Object>) chromium.script("""
					const running = ['Pending', 'InProgress', 'Delayed', 'Cancelling'];
					return [document.title, Array.from(document.querySelectorAll('#commands tr[data-status]'))
						.filter((row) => running.includes(row.dataset.status)).length];
					""");
			titleAndRunning.clear();
			titleAndRunning.addAll(read);
			return read.get(0).equals("(" + read.get(1) + " running) Commands · eu-west-1 · Runboard");
		});
		assertThat((Long) titleAndRunning.get(1)).as("commands the sandbox keeps running").isPositive();
	}

	@Test
	void theKeyboardReachesEveryHeaderControlWithAVisibleFocusAndSlashOpensTheFilters() {
		viewport(PHONE);
		signedIn();
		this.browser.get(url("/invocations?status=Failed"));
		awaitTable();

		List<String> reached = new ArrayList<>();
		chromium.script("document.activeElement.blur(); window.scrollTo(0, 0);");
		for (int i = 0; i < 6 && !reached.contains("Sign out"); i++) {
			new Actions(this.browser).sendKeys(Keys.TAB).perform();
			@SuppressWarnings("unchecked")
			List<Object> focused = (List<Object>) chromium.script("""
					const element = document.activeElement;
					const style = getComputedStyle(element);
					return [element.textContent.trim(), style.outlineStyle, parseFloat(style.outlineWidth)];
					""");
			assertThat(focused.get(1)).as("the focus on %s is drawn", focused.get(0)).isNotEqualTo("none");
			assertThat(((Number) focused.get(2)).doubleValue()).as("the focus on %s is drawn", focused.get(0))
				.isGreaterThanOrEqualTo(2);
			reached.add((String) focused.get(0));
		}
		assertThat(reached).contains("Invocations", "Commands", "Theme: light", "Sign out");

		chromium.script("document.activeElement.blur();");
		new Actions(this.browser).sendKeys("/").perform();
		assertThat(chromium.script("return document.activeElement.name;")).as("the focused field").isEqualTo("status");
		assertThat(attribute("[data-filters-toggle]", "aria-expanded")).isEqualTo("true");
		assertThat(chromium.script("return getComputedStyle(document.getElementById('filters')).display;"))
			.isNotEqualTo("none");
	}

	/**
	 * Leaving a view of us-east-1 (the second configured region) by its breadcrumb or the
	 * header lands in us-east-1, on a phone and on a desktop.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "phone", "desktop" })
	void theBreadcrumbAndTheHeaderKeepTheRegionOfTheViewTheyLeave(String width) {
		viewport(width.equals("phone") ? PHONE : DESKTOP);
		signedIn();
		this.browser.get(url("/commands?region=us-east-1"));
		awaitTable();
		assertThat(attribute("select[name=region] option:checked", "value")).isEqualTo("us-east-1");
		assertThat(attribute("[data-nav=invocations]", "href")).endsWith("/runboard/invocations?region=us-east-1");

		this.browser.get(attribute("#commands tr[data-status] a[data-link=command]", "href"));
		await("the command page")
			.until((browser) -> !browser.findElements(By.cssSelector("[data-command-page]")).isEmpty());
		assertThat(attribute("[data-breadcrumb=commands]", "href")).endsWith("/runboard/commands?region=us-east-1");
		assertThat(attribute("[data-nav=commands]", "href")).endsWith("/runboard/commands?region=us-east-1");
		assertThat(attribute("[data-nav=invocations]", "href")).endsWith("/runboard/invocations?region=us-east-1");

		this.browser.findElement(By.cssSelector("[data-breadcrumb=commands]")).click();
		await("the commands view")
			.until((browser) -> browser.getCurrentUrl().endsWith("/runboard/commands?region=us-east-1")
					&& !browser.findElements(By.id("commands")).isEmpty());
		awaitTable();
		assertThat(attribute("select[name=region] option:checked", "value")).isEqualTo("us-east-1");
		assertThat(chromium.script("""
				return Array.from(document.querySelectorAll('#commands tr[data-status] a[data-link=command]'))
					.every((link) => link.href.includes('region=us-east-1'));
				""")).as("every command of the view in us-east-1").isEqualTo(true);
	}

	/**
	 * The timeline of a command is one image with one Tab stop, and its nodes a table
	 * behind one disclosure: two Tab stops in all, however many nodes it draws.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "phone", "desktop" })
	void theTimelineTakesOneTabStopAndItsDisclosureOneMore(String width) {
		viewport(width.equals("phone") ? PHONE : DESKTOP);
		signedIn();
		this.browser.get(url("/commands?document=AWS-RunPatchBaseline"));
		awaitTable();
		this.browser.get((String) chromium.script("""
				return Array.from(document.querySelectorAll('#commands tr[data-status]'))
					.find((row) => row.dataset.subject.includes('Patch night wave 2'))
					.querySelector('a[data-link=command]').href;
				"""));
		await("the timeline")
			.until((browser) -> !browser.findElements(By.cssSelector("[data-timeline-image]")).isEmpty());
		assertThat((Long) chromium.script("return document.querySelectorAll('[data-timeline-nodes] tbody tr').length;"))
			.as("the patch run's nodes that ran")
			.isGreaterThan(50);
		chromium.script("document.querySelector('[data-timeline-image]').focus();");
		List<String> stops = new ArrayList<>();
		stops.add(focusedInTimeline());
		for (int i = 0; i < 3; i++) {
			new Actions(this.browser).sendKeys(Keys.TAB).perform();
			stops.add(focusedInTimeline());
		}
		assertThat(stops).containsExactly("svg", "summary", "outside", "outside");

		chromium.script("document.querySelector('[data-timeline-image]').focus();");
		new Actions(this.browser).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
		assertThat(focusedInTimeline()).as("one step back from the image").isEqualTo("outside");
		assertThat(attribute("[data-timeline-image]", "role")).isEqualTo("img");
		assertThat(attribute("[data-timeline-image]", "aria-label")).startsWith("Timeline of ");
		assertThat(text("#" + attribute("[data-timeline-image]", "aria-describedby"))).startsWith("When each node ran");
	}

	/**
	 * On a phone, the whole output read in place wraps its S3 location, as its text does.
	 */
	@Test
	void wholeOutputReadOnAPhoneNamesItsS3ObjectWithinTheWidth() {
		viewport(PHONE);
		signedIn();
		this.browser.get(url("/invocations?status=Success&document=AWS-RunPatchBaseline&region=eu-west-1"));
		awaitTable();
		this.browser.get(attribute("#invocations tr[data-status] a[data-detail]", "href"));
		await("the detail page")
			.until((browser) -> !browser.findElements(By.cssSelector("[data-read-output]")).isEmpty());
		assertThat(text("[data-read-output=s3-stdout]")).isEqualTo("Read the whole stdout from S3");
		this.browser.findElement(By.cssSelector("[data-read-output=s3-stdout]")).click();
		await("the whole output")
			.until((browser) -> !browser.findElements(By.cssSelector("[data-output-source]")).isEmpty());
		assertThat(text("[data-output-source]")).startsWith("From the S3 object s3://");
		assertThat((Long) chromium.script("""
				const box = document.querySelector('[data-output-source]').closest('.whole-output');
				return box.scrollWidth - box.clientWidth;
				""")).as("the output box scrolls sideways by").isLessThanOrEqualTo(0);
		assertNoSidewaysScroll("the detail page with its whole output");
	}

	@Test
	void theSignInPageOffersNoViewsToSomeoneSignedOut() {
		this.browser.manage().deleteAllCookies();
		this.browser.get(url("/login"));
		await("the sign-in page").until((browser) -> !browser.findElements(By.name("username")).isEmpty());
		assertThat(this.browser.findElements(By.cssSelector("[data-nav], form.signout"))).isEmpty();
	}

	/**
	 * Where the focus is, as seen from the timeline: its image, its summary, or outside.
	 */
	private String focusedInTimeline() {
		return (String) chromium.script("""
				const focused = document.activeElement;
				const timeline = document.querySelector('[data-timeline]');
				if (!timeline.contains(focused)) {
					return 'outside';
				}
				return focused.tagName.toLowerCase();
				""");
	}

	private void open(String page) {
		signedIn();
		switch (page) {
			case "login" -> this.browser.get(url("/login"));
			case "invocations" -> {
				this.browser.get(url("/invocations?status=Failed"));
				awaitTable();
			}
			case "commands" -> {
				this.browser.get(url("/commands"));
				awaitTable();
			}
			case "command" -> {
				this.browser.get(url("/commands?document=AWS-RunPatchBaseline"));
				awaitTable();
				this.browser.get(url(attribute("#commands tr[data-status] a[data-link=command]", "href")
					.replaceFirst("^https?://[^/]+/runboard", "")));
				await("the summary and the invocations of the command").until(
						(browser) -> !browser.findElements(By.cssSelector("#summary[data-status] [data-failure-group]"))
							.isEmpty()
								&& !browser.findElements(By.cssSelector("#invocations tr[data-status]")).isEmpty());
				// The sandbox's user is an operator: the actions' confirmations belong to
				// the page.
				this.browser.findElements(By.cssSelector(".actions details > summary"))
					.forEach((summary) -> summary.click());
				await("the failed nodes to rerun on").until((browser) -> !browser
					.findElements(By.cssSelector("[data-action=rerun-failed] [data-confirmation]"))
					.isEmpty());
				// The timeline's nodes, a link each, count as targets too.
				this.browser.findElements(By.cssSelector("[data-timeline-nodes] > summary"))
					.forEach((summary) -> summary.click());
			}
			case "detail" -> {
				this.browser.get(url("/invocations?status=Failed"));
				awaitTable();
				this.browser.get(url(attribute("#invocations tr[data-status] a[data-detail]", "href")
					.replaceFirst("^https?://[^/]+/runboard", "")));
				await("the detail page").until((browser) -> !browser.findElements(By.id("live")).isEmpty());
			}
			case "undeliverable" -> {
				// A node the agent never reached: no output, so nothing that reads it.
				this.browser.get(url("/invocations?status=Undeliverable&region=eu-west-1"));
				awaitTable();
				this.browser.get(url(attribute("#invocations tr[data-status] a[data-detail]", "href")
					.replaceFirst("^https?://[^/]+/runboard", "")));
				await("the detail page").until((browser) -> !browser.findElements(By.id("live")).isEmpty());
				assertThat(this.browser.findElements(By.cssSelector("[data-never-ran]"))).as("why it has no output")
					.isNotEmpty();
			}
			case "error" -> this.browser.get(url("/invocations?status=Nonsense"));
			default -> throw new IllegalArgumentException(page);
		}
		await("the page's script").until((browser) -> (Boolean) chromium
			.script("return document.readyState === 'complete' && typeof htmx !== 'undefined'"
					+ " && document.querySelector('.htmx-request') === null;"));
	}

	/** Signs in as the sandbox's user unless the browser already is. */
	private void signedIn() {
		this.browser.get(url("/invocations?pageSize=1"));
		await("a page or the login page").until((browser) -> browser.getCurrentUrl().contains("/login?")
				|| !browser.findElements(By.id("invocations")).isEmpty());
		if (this.browser.getCurrentUrl().contains("/login?")) {
			chromium.submitLogin("demo", "demo");
			await("the page after signing in")
				.until((browser) -> !browser.findElements(By.id("invocations")).isEmpty());
		}
	}

	private void awaitTable() {
		await("the table's rows").until((browser) -> (Boolean) chromium.script("""
				return document.readyState === 'complete' && typeof htmx !== 'undefined'
					&& document.querySelector('.htmx-request') === null
					&& document.querySelector('#invocations tr[data-status], #commands tr[data-status]') !== null;
				"""));
	}

	private void viewport(Viewport viewport) {
		PageChecks.viewport(chromium, viewport);
	}

	private void systemTheme(String theme) {
		PageChecks.systemTheme(chromium, theme);
	}

	private void chooseTheme(String theme) {
		PageChecks.chooseTheme(chromium, theme);
	}

	private boolean isDark() {
		return PageChecks.isDark(chromium);
	}

	/**
	 * The colours the page draws with, resolved: a property holds {@code light-dark(…)},
	 * which only a colour property applied under the page's colour scheme resolves.
	 */
	private Map<String, String> themeColours() {
		Map<String, String> colours = new LinkedHashMap<>();
		for (String property : THEME_COLOURS) {
			colours
				.put(property,
						(String) chromium.script("const probe = document.createElement('span');"
								+ "probe.style.color = 'var(' + arguments[0] + ')'; document.body.append(probe);"
								+ "const colour = getComputedStyle(probe).color; probe.remove(); return colour;",
								property));
		}
		return colours;
	}

	private String signOutReach() {
		return PageChecks.signOutReach(chromium);
	}

	private void assertNoSidewaysScroll(String what) {
		assertThat((Long) chromium.script("return document.scrollingElement.scrollWidth - innerWidth;"))
			.as(() -> what + " scrolls sideways: " + PageChecks.widestElements(chromium))
			.isLessThanOrEqualTo(0);
	}

	private String text(String selector) {
		return (String) chromium
			.script("const e = document.querySelector(arguments[0]); return e && e.textContent.trim();", selector);
	}

	private String attribute(String selector, String name) {
		return (String) chromium.script(
				"const e = document.querySelector(arguments[0]); return e && (arguments[1] === 'href' ? e.href : e.getAttribute(arguments[1]));",
				selector, name);
	}

	private WebDriverWait await(String what) {
		return chromium.await(what, PATIENCE);
	}

	/** The address of a page of the sandbox, which is served under {@code /runboard}. */
	private String url(String path) {
		return "http://localhost:" + this.port + "/runboard" + path;
	}

}
