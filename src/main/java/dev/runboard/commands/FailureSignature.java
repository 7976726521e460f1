package dev.runboard.commands;

import java.util.List;
import java.util.regex.Pattern;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.PluginView;

/**
 * What a failing invocation's output says about why it failed, with the noise of one run
 * (numbers, IDs, addresses, times, temporary names) normalised, so that the same error on
 * forty nodes is one signature and different errors are different ones.
 *
 * @param reason how it ended: {@code exit 1}, or SSM's finer status when no exit code
 * tells it ({@code Undeliverable}, {@code DeliveryTimedOut}, {@code ExecutionTimedOut},
 * {@code Cancelled}…)
 * @param line the telling line of its output, normalised; {@code null} when it wrote
 * nothing
 */
public record FailureSignature(String reason, String line) {

	/** Each kind of run-specific noise, in the order they are replaced. */
	private static final List<Rule> NOISE = List.of(
			new Rule("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "<uuid>"),
			new Rule("\\b(?:mi|i)-[0-9a-fA-F]{8,17}\\b", "<node>"),
			new Rule("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?",
					"<time>"),
			new Rule(
					"\\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? (?:\\d{1,2} )?"
							+ "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* ?(?:\\d{1,2})?(?: \\d{4})?",
					"<date>"),
			new Rule("\\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\\d{1,2}\\b", "<date>"),
			new Rule("\\d{4}-\\d{2}-\\d{2}", "<date>"), new Rule("\\b\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\b", "<time>"),
			new Rule("\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d{1,5})?\\b", "<ip>"),
			new Rule("(?i)\\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\\b", "<ip>"),
			new Rule("(?:/tmp|/var/tmp|/dev/shm)/[^\\s'\":,;)\\]]+", "<tmp>"),
			new Rule(
					"(?i)[a-z]:\\\\(?:Windows\\\\Temp|Users\\\\[^\\\\\\s]+\\\\AppData\\\\Local\\\\Temp)\\\\[^\\s'\":,;)]+",
					"<tmp>"),
			new Rule("\\b0x[0-9a-fA-F]+\\b", "<hex>"),
			new Rule("(?<![0-9a-fA-F])(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{6,}(?![0-9a-fA-F])",
					"<hex>"),
			new Rule("\\d+(?:[.,]\\d+)*", "<n>"), new Rule("\\s+", " "));

	/** The longest line a signature keeps. */
	private static final int MAX_LINE = 240;

	private record Rule(Pattern pattern, String replacement) {

		Rule(String regex, String replacement) {
			this(Pattern.compile(regex), replacement);
		}

	}

	/** The signature of a failing invocation, from its plugins' output. */
	static FailureSignature of(InvocationView invocation) {
		PluginView plugin = failingPlugin(invocation);
		String line = (plugin != null) ? tellingLine(plugin) : null;
		return new FailureSignature(reason(invocation, plugin), (line != null) ? normalise(line) : null);
	}

	/**
	 * The same, for someone who may not read output: how it ended, nothing it printed.
	 */
	FailureSignature withoutOutput() {
		return new FailureSignature(this.reason, null);
	}

	/** The signature as the page shows it. */
	public String text() {
		return (this.line != null) ? this.reason + " · " + this.line : this.reason;
	}

	/** The plugin that failed: the first that did not succeed, else the last. */
	static PluginView failingPlugin(InvocationView invocation) {
		List<PluginView> plugins = invocation.plugins();
		return plugins.stream()
			.filter((plugin) -> !"Success".equals(plugin.status()))
			.findFirst()
			.orElse(plugins.isEmpty() ? null : plugins.get(plugins.size() - 1));
	}

	private static String reason(InvocationView invocation, PluginView plugin) {
		String details = invocation.statusDetails();
		// A finer state (Undeliverable, ExecutionTimedOut, Cancelled…) says more than an
		// exit
		// code.
		if (details != null && !details.equals("Failed")) {
			return details;
		}
		if (plugin != null && plugin.responseCode() != null && plugin.responseCode() >= 0) {
			return "exit " + plugin.responseCode();
		}
		return (details != null) ? details : String.valueOf(invocation.status());
	}

	/**
	 * The line that tells why: the last non-empty line of stderr, else of stdout;
	 * {@code null} when the plugin wrote nothing.
	 */
	static String tellingLine(PluginView plugin) {
		String line = lastLine(plugin.output().stderr());
		return (line != null) ? line : lastLine(plugin.output().stdout());
	}

	private static String lastLine(String text) {
		String[] lines = text.split("\\R");
		for (int i = lines.length - 1; i >= 0; i--) {
			if (!lines[i].isBlank()) {
				return lines[i].strip();
			}
		}
		return null;
	}

	/** A line with what changes from run to run replaced by what it is. */
	static String normalise(String line) {
		String normal = line;
		for (Rule rule : NOISE) {
			normal = rule.pattern().matcher(normal).replaceAll(rule.replacement());
		}
		normal = normal.strip();
		return (normal.length() > MAX_LINE) ? normal.substring(0, MAX_LINE - 1) + "…" : normal;
	}

}
