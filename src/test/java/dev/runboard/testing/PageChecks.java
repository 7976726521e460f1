package dev.runboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;

/**
 * What every page of Runboard must be, checked in a {@link HeadlessChromium} the same way
 * by every browser test that opens pages: on a phone (390 × 844) and on a desktop (1440 ×
 * 900), in the light and the dark theme, it fits the width without scrolling sideways,
 * has no link or control smaller than 24 × 24 px, and passes axe-core with no serious or
 * critical violation and no target size left undecided.
 */
public final class PageChecks {

	public static final Viewport PHONE = new Viewport("phone", 390, 844, true);

	public static final Viewport DESKTOP = new Viewport("desktop", 1440, 900, false);

	private static final String AXE = axeSource();

	private PageChecks() {
	}

	/**
	 * Every problem of the page on screen ({@code page} names it in each), at both widths
	 * and in both themes, with what {@code more} finds at each ({@code more} gets where
	 * the page is: its name, width and theme). The page is left at the desktop width in
	 * the light theme.
	 */
	public static List<String> everyWidthAndTheme(HeadlessChromium chromium, String page,
			Function<String, List<String>> more) {
		// axe reads every node of a page of 50 cards: more than the harness's 10 seconds.
		chromium.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(90));
		chromium.script(AXE);
		List<String> problems = new ArrayList<>();
		for (Viewport viewport : List.of(PHONE, DESKTOP)) {
			viewport(chromium, viewport);
			for (String theme : List.of("light", "dark")) {
				chooseTheme(chromium, theme);
				String where = page + " on a " + viewport.name() + " in the " + theme + " theme";
				Object width = chromium.script("return innerWidth;");
				if (!Long.valueOf(viewport.width()).equals(width)) {
					problems.add(where + ": the viewport is " + width + " px wide, not " + viewport.width());
				}
				sidewaysScroll(chromium).forEach((overflow) -> problems.add(where + ": " + overflow));
				more.apply(where).forEach(problems::add);
				axeViolations(chromium).forEach((violation) -> problems.add(where + ": " + violation));
				smallTargets(chromium)
					.forEach((target) -> problems.add(where + ": smaller than 24 × 24 px: " + target));
			}
		}
		chooseTheme(chromium, "light");
		viewport(chromium, DESKTOP);
		return problems;
	}

	/** Sets the page's width and height, and whether it is a phone's. */
	public static void viewport(HeadlessChromium chromium, Viewport viewport) {
		chromium.driver()
			.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", viewport.width(), "height",
					viewport.height(), "deviceScaleFactor", 1, "mobile", viewport.mobile()));
	}

	/** What prefers-color-scheme says. */
	public static void systemTheme(HeadlessChromium chromium, String theme) {
		chromium.driver()
			.executeCdpCommand("Emulation.setEmulatedMedia",
					Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", theme))));
	}

	/**
	 * The light theme as the system's (no stored choice, the system preferring light);
	 * the dark one chosen with the toggle, as a user would.
	 */
	public static void chooseTheme(HeadlessChromium chromium, String theme) {
		chromium.script(
				"localStorage.removeItem('runboard.theme'); document.documentElement.removeAttribute('data-theme');");
		if (theme.equals("dark") && !isDark(chromium)) {
			chromium.driver().findElement(By.cssSelector("[data-theme-toggle]")).click();
			if (!isDark(chromium)) {
				throw new AssertionError("the theme toggle left the page light");
			}
		}
	}

	public static boolean isDark(HeadlessChromium chromium) {
		return (Boolean) chromium.script("return getComputedStyle(document.documentElement).colorScheme === 'dark';");
	}

	/**
	 * Whether a thumb can press Sign out at the top of the page: inside the viewport, at
	 * least 24 × 24 px, and not covered: {@code reachable}, or what keeps it out of
	 * reach.
	 */
	public static String signOutReach(HeadlessChromium chromium) {
		return (String) chromium.script("""
				window.scrollTo(0, 0);
				const button = document.querySelector('form.signout button');
				if (!button) {
					return 'missing';
				}
				const box = button.getBoundingClientRect();
				if (box.width < 24 || box.height < 24) {
					return 'smaller than 24 × 24 px: ' + box.width + ' × ' + box.height;
				}
				if (box.left < 0 || box.right > innerWidth || box.top < 0 || box.bottom > innerHeight) {
					return 'outside the viewport: ' + JSON.stringify(box);
				}
				const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
				return (hit === button || button.contains(hit)) ? 'reachable' : 'covered by ' + (hit && hit.outerHTML);
				""");
	}

	/**
	 * How far the page scrolls sideways and the elements that stick out, or nothing when
	 * it fits its width.
	 */
	public static List<String> sidewaysScroll(HeadlessChromium chromium) {
		long overflow = (Long) chromium.script("return document.scrollingElement.scrollWidth - innerWidth;");
		return (overflow > 0) ? List.of("scrolls sideways by " + overflow + " px: " + widestElements(chromium))
				: List.of();
	}

	/** The first five elements that end beyond the viewport's right edge. */
	public static String widestElements(HeadlessChromium chromium) {
		return String.valueOf(chromium.script("""
				return Array.from(document.querySelectorAll('body *'))
					.filter((element) => element.getBoundingClientRect().right > innerWidth + 0.5)
					.slice(0, 5)
					.map((element) => element.tagName + '.' + element.className + ' ends at '
						+ Math.round(element.getBoundingClientRect().right));
				"""));
	}

	/**
	 * Every link and control the page shows whose box is smaller than 24 × 24 px, by its
	 * selector and size (the first ten): measured from the boxes Chromium laid out, as
	 * axe's target-size rule alone does not (it passes a link in a sentence, or leaves a
	 * case undecided). What is not rendered (folded, hidden) is not a target.
	 */
	@SuppressWarnings("unchecked")
	public static List<String> smallTargets(HeadlessChromium chromium) {
		return (List<String>) chromium.script("""
				const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
					+ '[tabindex]:not([tabindex="-1"]), [role=button], [role=link]';
				const describe = (element) => {
					let name = element.tagName.toLowerCase();
					if (element.id) {
						name += '#' + element.id;
					}
					for (const attribute of ['data-link', 'data-nav', 'data-breadcrumb', 'name', 'class']) {
						if (element.getAttribute(attribute)) {
							name += '[' + attribute + '="' + element.getAttribute(attribute) + '"]';
						}
					}
					return name + ' "' + element.textContent.trim().slice(0, 30) + '"';
				};
				return Array.from(document.querySelectorAll(controls))
					.filter((element) => element.getClientRects().length > 0
						&& getComputedStyle(element).visibility !== 'hidden')
					.map((element) => [element, element.getBoundingClientRect()])
					.filter(([element, box]) => box.width < 23.99 || box.height < 23.99)
					.slice(0, 10)
					.map(([element, box]) => describe(element) + ' ' + box.width.toFixed(1) + ' × '
						+ box.height.toFixed(1));
				""");
	}

	/**
	 * Serious and critical violations, target size (WCAG 2.2 AA) included, and a target
	 * size axe could not decide. Loads axe-core into the page when it has none.
	 */
	@SuppressWarnings("unchecked")
	public static List<String> axeViolations(HeadlessChromium chromium) {
		if (!Boolean.TRUE.equals(chromium.script("return typeof axe !== 'undefined';"))) {
			chromium.script(AXE);
		}
		Object result = chromium.driver()
			.executeAsyncScript(
					"""
							const done = arguments[arguments.length - 1];
							axe.run(document, {
								runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
								rules: { 'target-size': { enabled: true } },
								resultTypes: ['violations', 'incomplete']
							}).then((results) => done(results.violations
								.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
								.concat(results.incomplete.filter((undecided) => undecided.id === 'target-size'))
								.map((violation) => violation.impact + ' ' + violation.id + ' (' + violation.help + '): '
									+ violation.nodes.slice(0, 3).map((node) => node.target.join(' ') + ' ' + node.failureSummary)
										.join(' | '))),
								(error) => done(['axe failed: ' + error]));
							""");
		return (List<String>) result;
	}

	private static String axeSource() {
		try (InputStream axe = PageChecks.class.getResourceAsStream("/axe.min.js")) {
			if (axe == null) {
				throw new IllegalStateException(
						"axe.min.js is missing from the test classpath (com.deque.html.axe-core)");
			}
			return new String(axe.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A browser's page size, and whether it is a phone's. */
	public record Viewport(String name, int width, int height, boolean mobile) {
	}

}
