package dev.runboard.invocations;

import java.util.List;

import dev.runboard.history.SearchTerms;
import dev.runboard.invocations.SearchMatches.Segment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A matching line in segments: matches found in the raw text, a long line cut around its
 * first match.
 */
class SearchMatchesTests {

	@Test
	void aLineIsCutInSegmentsMatchedOrNot() {
		String line = "<b>a & b</b> lock-held<now";
		List<Segment> segments = SearchMatches.segments(line, SearchTerms.parse("held<now").ranges(line));
		assertThat(segments).containsExactly(new Segment("<b>a & b</b> lock-", false), new Segment("held<now", true));
	}

	@Test
	void aLongLineIsShownAroundItsFirstMatch() {
		String line = "a".repeat(500) + " needle " + "b".repeat(500);
		List<Segment> segments = SearchMatches.segments(line, SearchTerms.parse("needle").ranges(line));
		assertThat(segments.get(0)).isEqualTo(new Segment("…", false));
		assertThat(segments).contains(new Segment("needle", true));
		assertThat(segments.get(segments.size() - 1)).isEqualTo(new Segment("…", false));
		assertThat(segments.stream().mapToInt((segment) -> segment.text().length()).sum())
			.isLessThanOrEqualTo(SearchMatches.MAX_WIDTH + 2);
	}

}
