package dev.runboard.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * Renders terminal colour codes as CSS classes, never as markup: the text of every
 * segment is escaped by the template like any other output. Templates reach this as
 * {@code @ansi}.
 */
@Component("ansi")
public class Ansi {

	private static final Pattern SGR = Pattern.compile("\u001B\\[([0-9;]*)m");

	/** A run of text in one style. */
	public record Segment(String text, String css) {

	}

	/** One line of output; its last segment carries the line's newline, if any. */
	public record Line(List<Segment> segments) {

	}

	/** The text cut into lines of styled segments. */
	public List<Line> lines(String text) {
		List<Line> lines = new ArrayList<>();
		if (text == null || text.isEmpty()) {
			return lines;
		}
		Style style = new Style();
		List<Segment> line = new ArrayList<>();
		Matcher matcher = SGR.matcher(text);
		int position = 0;
		while (position < text.length()) {
			int next = matcher.find(position) ? matcher.start() : text.length();
			addText(text.substring(position, next), style, line, lines);
			if (next == text.length()) {
				break;
			}
			style.apply(matcher.group(1));
			position = matcher.end();
		}
		if (!line.isEmpty()) {
			lines.add(new Line(List.copyOf(line)));
		}
		return lines;
	}

	private static void addText(String text, Style style, List<Segment> line, List<Line> lines) {
		int start = 0;
		int newline;
		while ((newline = text.indexOf('\n', start)) >= 0) {
			line.add(new Segment(text.substring(start, newline + 1), style.css()));
			lines.add(new Line(List.copyOf(line)));
			line.clear();
			start = newline + 1;
		}
		if (start < text.length()) {
			line.add(new Segment(text.substring(start), style.css()));
		}
	}

	/** The SGR state a terminal would be in. */
	private static final class Style {

		private boolean bold;

		private boolean italic;

		private boolean underline;

		private int foreground = -1;

		private int background = -1;

		void apply(String parameters) {
			String[] codes = parameters.isEmpty() ? new String[] { "0" } : parameters.split(";", -1);
			for (int i = 0; i < codes.length; i++) {
				int code = codes[i].isEmpty() ? 0 : parse(codes[i]);
				if (code == 38 || code == 48) {
					// 256-colour and true-colour forms: skip their arguments, keep the
					// default.
					i += (i + 1 < codes.length && "2".equals(codes[i + 1])) ? 4 : 2;
					continue;
				}
				apply(code);
			}
		}

		private void apply(int code) {
			switch (code) {
				case 0 -> {
					this.bold = false;
					this.italic = false;
					this.underline = false;
					this.foreground = -1;
					this.background = -1;
				}
				case 1 -> this.bold = true;
				case 3 -> this.italic = true;
				case 4 -> this.underline = true;
				case 22 -> this.bold = false;
				case 23 -> this.italic = false;
				case 24 -> this.underline = false;
				case 39 -> this.foreground = -1;
				case 49 -> this.background = -1;
				default -> {
					if (code >= 30 && code <= 37) {
						this.foreground = code - 30;
					}
					else if (code >= 90 && code <= 97) {
						this.foreground = code - 90 + 8;
					}
					else if (code >= 40 && code <= 47) {
						this.background = code - 40;
					}
					else if (code >= 100 && code <= 107) {
						this.background = code - 100 + 8;
					}
				}
			}
		}

		String css() {
			StringBuilder css = new StringBuilder();
			if (this.bold) {
				css.append("ansi-bold ");
			}
			if (this.italic) {
				css.append("ansi-italic ");
			}
			if (this.underline) {
				css.append("ansi-underline ");
			}
			if (this.foreground >= 0) {
				css.append("ansi-fg-").append(this.foreground).append(' ');
			}
			if (this.background >= 0) {
				css.append("ansi-bg-").append(this.background).append(' ');
			}
			return css.isEmpty() ? null : css.toString().strip();
		}

		private static int parse(String code) {
			return (code.length() <= 3) ? Integer.parseInt(code) : -1;
		}

	}

}
