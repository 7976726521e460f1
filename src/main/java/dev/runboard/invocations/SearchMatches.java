package dev.runboard.invocations;

import java.util.ArrayList;
import java.util.List;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.PluginView;
import dev.runboard.history.SearchTerms;

/**
 * The lines of an invocation's output that a search matched, each in segments that are
 * matched or not. The matches are found in the raw text (the output as the store kept it,
 * whole where it was read), then each segment is escaped on its own when the page is
 * drawn and the matched ones wrapped in {@code <mark>}: escaping first and marking after
 * would miss a match containing {@code &} or {@code <}, and output is never trusted.
 *
 * @param lines the first {@value #MAX_LINES} lines that matched, in order
 * @param more whether more lines matched than are shown
 * @param outputCut whether the store kept less than the node printed: search did not read
 * the rest
 */
public record SearchMatches(List<Line> lines, boolean more, boolean outputCut) {

	/** The most lines a row shows. */
	static final int MAX_LINES = 3;

	/** The longest part of a line shown: around its first match. */
	static final int MAX_WIDTH = 300;

	/** Shown before the first match when a long line is cut. */
	static final int BEFORE = 80;

	public SearchMatches {
		lines = List.copyOf(lines);
	}

	/**
	 * One matching line.
	 *
	 * @param plugin the plugin that printed it
	 * @param stream {@code stdout} or {@code stderr}
	 * @param segments the line, in order
	 */
	public record Line(String plugin, String stream, List<Segment> segments) {

		public Line {
			segments = List.copyOf(segments);
		}

		/** The line as printed, without marks (the part shown of a long one). */
		public String text() {
			StringBuilder text = new StringBuilder();
			this.segments.forEach((segment) -> text.append(segment.text()));
			return text.toString();
		}

	}

	/**
	 * A part of a line.
	 *
	 * @param text as printed: the page escapes it
	 * @param match whether the search matched it
	 */
	public record Segment(String text, boolean match) {

	}

	/** The matching lines of each plugin's output, stdout before stderr. */
	static SearchMatches of(SearchTerms search, InvocationView invocation, boolean outputCut) {
		List<Line> lines = new ArrayList<>();
		boolean more = false;
		for (PluginView plugin : invocation.plugins()) {
			for (String stream : List.of("stdout", "stderr")) {
				String text = "stdout".equals(stream) ? plugin.output().stdout() : plugin.output().stderr();
				for (String line : text.split("\\R")) {
					List<int[]> ranges = search.ranges(line);
					if (ranges.isEmpty()) {
						continue;
					}
					if (lines.size() == MAX_LINES) {
						more = true;
						break;
					}
					lines.add(new Line(plugin.name(), stream, segments(line, ranges)));
				}
			}
		}
		return new SearchMatches(lines, more, outputCut);
	}

	/** The line in segments; a long one cut around its first match, marked with "…". */
	static List<Segment> segments(String line, List<int[]> ranges) {
		int from = 0;
		int to = line.length();
		if (line.length() > MAX_WIDTH) {
			from = Math.max(0, ranges.get(0)[0] - BEFORE);
			to = Math.min(line.length(), from + MAX_WIDTH);
		}
		List<Segment> segments = new ArrayList<>();
		if (from > 0) {
			segments.add(new Segment("…", false));
		}
		int at = from;
		for (int[] range : ranges) {
			int start = Math.max(range[0], from);
			int end = Math.min(range[1], to);
			if (start >= end) {
				continue;
			}
			if (start > at) {
				segments.add(new Segment(line.substring(at, start), false));
			}
			segments.add(new Segment(line.substring(start, end), true));
			at = end;
		}
		if (at < to) {
			segments.add(new Segment(line.substring(at, to), false));
		}
		if (to < line.length()) {
			segments.add(new Segment("…", false));
		}
		return segments;
	}

}
