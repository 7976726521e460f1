package dev.runboard.aws;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The agent's single {@code Output} field split back into stdout and stderr, with the
 * truncation markers it appends removed and remembered.
 *
 * @param stdout standard output, never {@code null}
 * @param stderr standard error, never {@code null}
 * @param truncated whether SSM cut either stream to fit its limit
 * @param colouredStdout standard output with its colour codes (SGR sequences) kept, for a
 * viewer that renders them; other control sequences removed
 * @param colouredStderr standard error likewise
 */
public record PluginOutput(String stdout, String stderr, boolean truncated, String colouredStdout,
		String colouredStderr) {

	/** What the agent puts between stdout and stderr. */
	public static final String ERROR_SEPARATOR = "\n----------ERROR-------\n";

	/** What the agent appends to stdout it cut to fit a list. */
	public static final String OUTPUT_TRUNCATED = "\n---Output truncated---";

	/** What the agent appends to stderr it cut to fit a list. */
	public static final String ERROR_TRUNCATED = "\n---Error truncated----";

	/** The two streams of a plugin, as links and files name them. */
	public static final List<String> STREAMS = List.of("stdout", "stderr");

	/**
	 * What lists ({@code ListCommandInvocations} with details) return of a plugin's
	 * output.
	 */
	public static final int LIST_LIMIT = 2_500;

	public static final PluginOutput EMPTY = new PluginOutput("", "", false);

	/** Output without colour codes: the plain and coloured texts are the same. */
	public PluginOutput(String stdout, String stderr, boolean truncated) {
		this(stdout, stderr, truncated, stdout, stderr);
	}

	/** CSI sequences (colours, cursor moves) that a terminal would interpret. */
	private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]");

	/** CSI sequences other than SGR (colour), which only a terminal can act on. */
	private static final Pattern ANSI_NOT_COLOUR = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-ln-~]");

	/** Control characters other than tab, newline, carriage return and escape. */
	private static final Pattern CONTROL_NOT_ESCAPE = Pattern
		.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1A\\x1C-\\x1F\\x7F-\\x9F]");

	/** An escape that does not start a colour sequence. */
	private static final Pattern LONE_ESCAPE = Pattern.compile("\u001B(?!\\[[0-9;]*m)");

	/** Control characters (7- and 8-bit) other than tab, newline and carriage return. */
	private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]");

	/** What {@code GetCommandInvocation} returns of stdout and of stderr at most. */
	public static final int FULL_STDOUT_LIMIT = 24_000;

	public static final int FULL_STDERR_LIMIT = 8_000;

	/**
	 * The output {@code GetCommandInvocation} returns, whose streams come apart; SSM cuts
	 * them at 24,000 and 8,000 characters without saying so.
	 */
	public static PluginOutput full(String stdout, String stderr) {
		String out = (stdout != null) ? stdout : "";
		String err = (stderr != null) ? stderr : "";
		boolean truncated = out.length() >= FULL_STDOUT_LIMIT || err.length() >= FULL_STDERR_LIMIT
				|| out.endsWith(OUTPUT_TRUNCATED) || err.endsWith(ERROR_TRUNCATED);
		return of(strip(out, OUTPUT_TRUNCATED), strip(err, ERROR_TRUNCATED), truncated);
	}

	private static String strip(String text, String marker) {
		return text.endsWith(marker) ? text.substring(0, text.length() - marker.length()) : text;
	}

	public static PluginOutput parse(String output) {
		if (output == null || output.isEmpty()) {
			return EMPTY;
		}
		String stdout = output;
		String stderr = "";
		int separator = output.indexOf(ERROR_SEPARATOR);
		if (separator >= 0) {
			stdout = output.substring(0, separator);
			stderr = output.substring(separator + ERROR_SEPARATOR.length());
		}
		boolean truncated = stdout.endsWith(OUTPUT_TRUNCATED) || stderr.endsWith(ERROR_TRUNCATED);
		return of(strip(stdout, OUTPUT_TRUNCATED), strip(stderr, ERROR_TRUNCATED), truncated);
	}

	private static PluginOutput of(String stdout, String stderr, boolean truncated) {
		// Most output holds no control character: one scan of each stream tells, and both
		// texts are then the stream itself.
		boolean cleanOut = !hasControlCharacters(stdout);
		boolean cleanErr = !hasControlCharacters(stderr);
		if (cleanOut && cleanErr) {
			return new PluginOutput(stdout, stderr, truncated);
		}
		return new PluginOutput(cleanOut ? stdout : cleaned(stdout), cleanErr ? stderr : cleaned(stderr), truncated,
				cleanOut ? stdout : coloured(stdout), cleanErr ? stderr : coloured(stderr));
	}

	/**
	 * Keeps colour codes for a viewer that renders them as classes; removes every other
	 * control sequence and character.
	 */
	private static String coloured(String text) {
		String kept = ANSI_NOT_COLOUR.matcher(text).replaceAll("");
		kept = CONTROL_NOT_ESCAPE.matcher(kept).replaceAll("\uFFFD");
		return LONE_ESCAPE.matcher(kept).replaceAll("\uFFFD");
	}

	/**
	 * Removes terminal escape sequences and other control characters, which mean nothing
	 * in a page and would only show as noise.
	 */
	public static String readable(String text) {
		return hasControlCharacters(text) ? cleaned(text) : text;
	}

	private static String cleaned(String text) {
		return CONTROL.matcher(ANSI.matcher(text).replaceAll("")).replaceAll("\uFFFD");
	}

	/**
	 * Whether {@code text} holds anything the patterns above remove: every escape
	 * sequence starts with one, so most output, which has none, needs no pattern run over
	 * it (they were a fifth of the CPU of a page of 50 rows with output).
	 */
	private static boolean hasControlCharacters(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The text of one stream.
	 * @param stream one of {@link #STREAMS}
	 */
	public String text(String stream) {
		return "stderr".equals(stream) ? this.stderr : this.stdout;
	}

	public boolean empty() {
		return this.stdout.isEmpty() && this.stderr.isEmpty();
	}

}
