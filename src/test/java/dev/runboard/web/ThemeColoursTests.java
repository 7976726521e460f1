package dev.runboard.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The colours of both themes, read from the stylesheet: every status keeps a contrast of
 * 4.5:1 with its badge's text and as text on the page (WCAG 1.4.3), in the light and the
 * dark theme, whichever statuses the pages of the browser tests happen to show. Each
 * colour is written once, as {@code light-dark(light, dark)} or, when both themes share
 * it, as one value.
 */
class ThemeColoursTests {

	static final Path STYLESHEET = Path.of("src/main/resources/static/css/runboard.css");

	/** The custom property each response status is drawn with. */
	static final Map<String, String> STATUS_COLOURS = Map.of("Success", "--ok", "Failed", "--bad", "TimedOut",
			"--st-timedout", "Cancelled", "--grey", "Cancelling", "--st-cancelling", "InProgress", "--info", "Pending",
			"--warn", "Delayed", "--st-delayed");

	@ParameterizedTest
	@ValueSource(strings = { "light", "dark" })
	void everyStatusColourReadsAtFourAndAHalfToOneOnItsBadgeAndOnThePage(String theme) throws IOException {
		Map<String, String> colours = theme(theme);
		STATUS_COLOURS.forEach((status, property) -> {
			String colour = colours.get(property);
			assertThat(contrast(colour, colours.get("--badge-fg"))).as("%s badge text, %s theme", status, theme)
				.isGreaterThanOrEqualTo(4.5);
			for (String background : new String[] { "--bg", "--card", "--problem-bg" }) {
				assertThat(contrast(colour, colours.get(background)))
					.as("%s on %s, %s theme", status, background, theme)
					.isGreaterThanOrEqualTo(4.5);
			}
		});
		for (String text : new String[] { "--fg", "--muted", "--link" }) {
			for (String background : new String[] { "--bg", "--card", "--problem-bg", "--notice-bg" }) {
				assertThat(contrast(colours.get(text), colours.get(background)))
					.as("%s on %s, %s theme", text, background, theme)
					.isGreaterThanOrEqualTo(4.5);
			}
		}
	}

	/** The colours of one theme: each property's light or dark value. */
	private static Map<String, String> theme(String theme) throws IOException {
		String css = Files.readString(STYLESHEET);
		String opening = ":root {";
		int start = css.indexOf(opening);
		assertThat(start).as("the stylesheet has %s", opening).isNotNegative();
		String block = css.substring(start + opening.length(), css.indexOf('}', start));
		Map<String, String> colours = new LinkedHashMap<>();
		Matcher property = Pattern.compile(
				"(--[a-z-]+):\\s*(?:light-dark\\(\\s*(#[0-9a-fA-F]{3,6})\\s*,\\s*(#[0-9a-fA-F]{3,6})\\s*\\)|(#[0-9a-fA-F]{3,6}))\\s*;")
			.matcher(block);
		while (property.find()) {
			String both = property.group(4);
			colours.put(property.group(1),
					(both != null) ? both : theme.equals("dark") ? property.group(3) : property.group(2));
		}
		assertThat(colours).as("the %s theme's colours", theme).containsKeys("--fg", "--bg", "--badge-fg");
		return colours;
	}

	/** WCAG's contrast ratio of two opaque colours. */
	static double contrast(String first, String second) {
		double a = luminance(first);
		double b = luminance(second);
		return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
	}

	private static double luminance(String colour) {
		String hex = colour.substring(1);
		if (hex.length() == 3) {
			hex = hex.replaceAll("(.)", "$1$1");
		}
		double[] channels = new double[3];
		for (int i = 0; i < 3; i++) {
			double value = Integer.parseInt(hex.substring(i * 2, i * 2 + 2), 16) / 255.0;
			channels[i] = (value <= 0.03928) ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4);
		}
		return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
	}

}
