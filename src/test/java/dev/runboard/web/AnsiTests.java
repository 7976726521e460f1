package dev.runboard.web;

import java.util.List;
import java.util.stream.Collectors;

import dev.runboard.web.Ansi.Line;
import dev.runboard.web.Ansi.Segment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Colour codes become classes on plain text segments; the text itself is never changed
 * apart from the codes being taken out.
 */
class AnsiTests {

	private final Ansi ansi = new Ansi();

	@Test
	void coloursBecomeClassesAndResetEndsThem() {
		List<Line> lines = this.ansi.lines("\u001B[32mOK\u001B[0m plain \u001B[1;31mFAILED\u001B[0m\n");

		assertThat(lines).hasSize(1);
		assertThat(lines.get(0).segments()).containsExactly(new Segment("OK", "ansi-fg-2"),
				new Segment(" plain ", null), new Segment("FAILED", "ansi-bold ansi-fg-1"), new Segment("\n", null));
	}

	@Test
	void styleCarriesAcrossLinesUntilReset() {
		List<Line> lines = this.ansi.lines("\u001B[93;44mone\ntwo\u001B[39m three");

		assertThat(lines).hasSize(2);
		assertThat(lines.get(0).segments()).containsExactly(new Segment("one\n", "ansi-fg-11 ansi-bg-4"));
		assertThat(lines.get(1).segments()).containsExactly(new Segment("two", "ansi-fg-11 ansi-bg-4"),
				new Segment(" three", "ansi-bg-4"));
	}

	@Test
	void extendedColoursAreSkippedWithTheirArguments() {
		List<Line> lines = this.ansi.lines("\u001B[38;5;196mred\u001B[48;2;1;2;3;4mx");

		assertThat(text(lines)).isEqualTo("redx");
		assertThat(lines.get(0).segments().get(0).css()).isNull();
		assertThat(lines.get(0).segments().get(1).css()).isEqualTo("ansi-underline");
	}

	@Test
	void joinedSegmentsGiveBackTheTextWithoutItsCodes() {
		String text = "<b>\u001B[31m${7*7}</b>\n\nlast line without newline";

		assertThat(text(this.ansi.lines(text))).isEqualTo("<b>${7*7}</b>\n\nlast line without newline");
		assertThat(this.ansi.lines(text)).hasSize(3);
	}

	@Test
	void emptyTextHasNoLines() {
		assertThat(this.ansi.lines("")).isEmpty();
		assertThat(this.ansi.lines(null)).isEmpty();
	}

	private static String text(List<Line> lines) {
		return lines.stream()
			.flatMap((line) -> line.segments().stream())
			.map(Segment::text)
			.collect(Collectors.joining());
	}

}
