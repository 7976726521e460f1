package dev.runboard.aws;

/**
 * Text from outside, such as a typed user name, a query string or an ID an endpoint
 * answered with, made safe to write into one log line or one message: every Unicode
 * control, format and separator character becomes {@code ?}, and long text is cut. That
 * covers what can start a new line or make a reader see another one: CR and LF, but also
 * NEL (U+0085), the line and paragraph separators (U+2028, U+2029), and the bidirectional
 * overrides and isolates that reorder what a terminal shows. Java's {@code \p{Cntrl}} and
 * {@code \s} are ASCII-only and miss all of these but CR and LF.
 */
public final class Printable {

	/** How much of a value a log line keeps by default. */
	public static final int MAX_LENGTH = 512;

	private Printable() {
	}

	/**
	 * The text on one line, at most {@value #MAX_LENGTH} characters and an ellipsis;
	 * {@code -} for {@code null}.
	 */
	public static String of(String text) {
		return of(text, MAX_LENGTH);
	}

	/**
	 * The text on one line, at most {@code maxLength} characters and an ellipsis;
	 * {@code -} for {@code null}.
	 */
	public static String of(String text, int maxLength) {
		return (text != null) ? printable(text, maxLength, false) : "-";
	}

	/**
	 * Free text, such as an error message, as one quoted log field: in double quotes,
	 * spaces kept, every other character {@link #of(String)} replaces replaced, and
	 * double quotes in the text made single; {@code -} for {@code null}.
	 */
	public static String quoted(String text) {
		return (text != null) ? '"' + printable(text, MAX_LENGTH, true).replace('"', '\'') + '"' : "-";
	}

	private static String printable(String text, int maxLength, boolean spaces) {
		StringBuilder printable = new StringBuilder(Math.min(text.length(), maxLength) + 1);
		int length = 0;
		for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
			if (length == maxLength) {
				return printable.append('…').toString();
			}
			int codePoint = text.codePointAt(i);
			printable.appendCodePoint((unsafe(codePoint) && !(spaces && codePoint == ' ')) ? '?' : codePoint);
			length++;
		}
		return printable.toString();
	}

	/**
	 * Controls (C0, DEL, C1 with NEL), format characters (bidi marks, overrides and
	 * isolates, zero-width characters, the byte order mark), surrogates without their
	 * pair, unassigned code points, and every separator: spaces, line and paragraph.
	 */
	private static boolean unsafe(int codePoint) {
		return switch (Character.getType(codePoint)) {
			case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
					Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
				true;
			default -> false;
		};
	}

}
