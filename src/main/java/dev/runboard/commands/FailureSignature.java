package dev.runboard.commands;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.PluginView;

/**
 * What a failing invocation's output says about why it failed, with the noise of one run
 * normalised, so that the same error on forty nodes is one signature and different errors
 * are different ones.
 * <p>
 * Noise is what differs from node to node for the same cause: IDs, addresses, times, the
 * node's own name, temporary names, and numbers that stand alone (process IDs, ports,
 * counts, sizes, durations, percentages). Digits that are part of a name, a version, a
 * path or a package ({@code amzn2-core}, {@code x86_64}, {@code python3.11},
 * {@code kernel-5.10.205-195.807.amzn2.x86_64.rpm}, {@code us-east-1}) stay, and so do
 * codes that name the error ({@code [Errno 28]}, {@code curl: (7)},
 * {@code status=203/EXEC}, {@code exit status 127}, {@code HTTP Error 404}).
 *
 * @param reason how it ended: {@code exit 1}, or SSM's finer status when no exit code
 * tells it ({@code Undeliverable}, {@code DeliveryTimedOut}, {@code ExecutionTimedOut},
 * {@code Cancelled}…)
 * @param line the telling line of its output, normalised; {@code null} when it wrote
 * nothing
 */
public record FailureSignature(String reason, String line) {

	/**
	 * The version of the rules that turn a line into a signature. A signature kept with
	 * another version is computed again: raise it with every change to what a line
	 * becomes.
	 */
	public static final int VERSION = 2;

	/** Not joined to a name, version or path on the left. */
	private static final String ALONE_BEFORE = "(?<![\\p{L}\\p{N}_.\\-/\\\\%])";

	/** Not joined to a name, version or path on the right. */
	private static final String ALONE_AFTER = "(?![\\p{L}\\p{N}_]|[.:\\-][\\p{L}\\p{N}])";

	/**
	 * Words after which a number is the code of the error, the same wherever the error
	 * happens: {@code errno 28}, {@code exit status 1}, {@code status=203},
	 * {@code curl: (7)}, {@code HTTP/1.1 503}, {@code HRESULT: 0x80070005}. A plain
	 * {@code error} only before a space or a parenthesis ({@code Curl error (28)},
	 * {@code error 1603}), as {@code Error: 5 packages} is a count.
	 */
	private static final String CODE = "(?i:\\b(?:errno|hresult|exited with(?: exit)?(?: code| status)?"
			+ "|exit[ _]?(?:code|status)|exit|status[ _]?code|status|error[ _]?code|code|return[ _]?code|rc|signal"
			+ "|returned (?:an )?error|http(?:/\\d(?:\\.\\d)?)?|curl)[ \\t]*[:=#]?[ \\t]*[(\\[]?"
			+ "|\\berror(?:[ \\t]+\\(?|\\())";

	/** Units written against a number: {@code 512M}, {@code 3.5GB}, {@code 120s}. */
	private static final String UNIT = "(?i:[kmgtp]i?b|[kmgtp]|b|bytes?|ms|µs|us|ns|s|secs?|mins?|m|hrs?|h|d)";

	/**
	 * Each kind of noise, in the order they are replaced: whole tokens (IDs, times,
	 * addresses, paths) before the numbers inside them.
	 */
	private static final List<Rule> NOISE = List.of(
			new Rule("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "<uuid>"),
			new Rule("\\b(?:mi|i)-[0-9a-fA-F]{8,17}\\b", "<node>"),
			// AWS's request and host IDs are per request: S3's are not UUIDs.
			new Rule(
					"(?i)(\\b(?:(?:extended[ _-]?)?request[ _-]?id|host[ _-]?id|x-amz-request-id|x-amz-id-2"
							+ "|trace[ _-]?id|correlation[ _-]?id)[\"']?\\s*[:=]\\s*[\"']?)[A-Za-z0-9+/=_-]{8,}",
					"$1<id>"),
			new Rule("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?",
					"<time>"),
			new Rule("\\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? (?:\\d{1,2} )?"
					+ "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*(?: \\d{1,2}\\b)?(?: \\d{4}\\b)?",
					"<date>"),
			new Rule("\\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\\d{1,2}\\b", "<date>"),
			new Rule("\\d{4}-\\d{2}-\\d{2}", "<date>"), new Rule("\\b\\d{1,2}/\\d{1,2}/\\d{4}\\b", "<date>"),
			new Rule("\\b\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\b", "<time>"),
			new Rule("(?<![\\w:.\\-])(?:[01]?\\d|2[0-3]):[0-5]\\d(?![\\w:]|\\.\\d)", "<time>"),
			// The host field of a syslog line is the node that wrote it.
			new Rule("(?<=<time> )(?!<|(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERR|ERROR|CRIT|CRITICAL|FATAL)\\b)"
					+ "[\\w.-]+(?= [\\w.@/()-]+(?:\\[\\d+\\])?: )", "<node>"),
			// EC2's own host names spell the node's private address.
			new Rule("\\bip(?:-\\d{1,3}){4}\\b", "<ip>"),
			new Rule("(?<![\\w.-])(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}"
					+ "(?::\\d{1,5})?(?![\\w-]|\\.\\w)", "<ip>"),
			new Rule("(?i)\\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\\b", "<ip>"),
			new Rule("(?:/tmp|/var/tmp|/dev/shm)/[^\\s'\":,;)\\]]+", "<tmp>"),
			new Rule(
					"(?i)[a-z]:\\\\(?:Windows\\\\Temp|Users\\\\[^\\\\\\s]+\\\\AppData\\\\Local\\\\Temp)\\\\[^\\s'\":,;)]+",
					"<tmp>"),
			// Temporary names elsewhere: a download's .tmpXXXXXX suffix, Python's
			// tmpXXXXXXXX and mktemp's tmp.XXXXXXXXXX.
			new Rule("\\.tmp[A-Za-z0-9_]{4,}\\b", ".<tmp>"),
			new Rule("(?<=[/\\\\])tmp(?:[a-z0-9_]{8}|\\.[A-Za-z0-9]{6,})\\b", "<tmp>"),
			// A path keeps its digits, except a process's own directory.
			new Rule("(?<=/proc/)\\d+\\b", "<n>"),
			// Eight or more, so that names such as ED25519 stay.
			new Rule("(?<![\\p{Alnum}])(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}(?![\\p{Alnum}])",
					"<hex>"),
			// One pattern, so that the number after a code word is taken as a code before
			// it can be taken as a number.
			new Rule(
					Pattern.compile("(" + CODE + "(?:0x[0-9a-fA-F]+|[-+]?\\d+))(?!\\w|\\.\\d)"
							+ "|(\\b0x[0-9a-fA-F]+\\b)" + "|(" + ALONE_BEFORE
							+ "(?:\\d+(?:\\.\\d+)?(?:h|ms|m|s)){2,}(?![\\p{L}\\p{N}_]))" + "|" + ALONE_BEFORE
							+ "[-+]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(/\\d+)?(" + UNIT + ")?" + ALONE_AFTER),
					FailureSignature::number),
			new Rule("\\s+", " "));

	/** The longest line a signature keeps. */
	private static final int MAX_LINE = 240;

	/**
	 * How much of a line is read: enough for {@link #MAX_LINE} once noise is replaced,
	 * and a bound on the cost of a summary of many nodes that each printed one long line.
	 */
	private static final int MAX_READ = 4 * MAX_LINE;

	/**
	 * @param replacement what a match becomes, as {@link Matcher#replaceAll(Function)}
	 * reads it
	 */
	private record Rule(Pattern pattern, Function<MatchResult, String> replacement) {

		Rule(String regex, String replacement) {
			this(Pattern.compile(regex), (match) -> replacement);
		}

	}

	/**
	 * What the last rule's match becomes: by its groups, a code (kept as it is), an
	 * address, a duration such as {@code 1m30s}, or a number with what it counts of
	 * ({@code 2/3}) and its unit.
	 */
	private static String number(MatchResult match) {
		if (match.group(1) != null) {
			return Matcher.quoteReplacement(match.group(1));
		}
		if (match.group(2) != null) {
			return "<hex>";
		}
		if (match.group(3) != null) {
			return "<duration>";
		}
		return "<n>" + ((match.group(4) != null) ? "/<n>" : "")
				+ Matcher.quoteReplacement(Objects.requireNonNullElse(match.group(5), ""));
	}

	/** The signature of a failing invocation, from its plugins' output. */
	static FailureSignature of(InvocationView invocation) {
		PluginView plugin = failingPlugin(invocation);
		String line = (plugin != null) ? tellingLine(plugin) : null;
		return new FailureSignature(reason(invocation, plugin),
				(line != null) ? normalise(line, invocation.instanceName()) : null);
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
	public static PluginView failingPlugin(InvocationView invocation) {
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
	 * {@code null} when the plugin wrote nothing. The invocations table shows it on a
	 * folded output block.
	 */
	public static String tellingLine(PluginView plugin) {
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
		return normalise(line, null);
	}

	/**
	 * A line with what changes from run to run replaced by what it is.
	 * @param nodeName the name of the node that printed it (SSM's {@code InstanceName}),
	 * or {@code null}: where it holds a digit, it differs from node to node, and so does
	 * its first label ({@code ip-10-0-3-17} of {@code ip-10-0-3-17.ec2.internal})
	 */
	static String normalise(String line, String nodeName) {
		String normal = (line.length() > MAX_READ) ? line.substring(0, MAX_READ) : line;
		for (String name : ownNames(nodeName)) {
			normal = Pattern.compile("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w-])", Pattern.CASE_INSENSITIVE)
				.matcher(normal)
				.replaceAll("<node>");
		}
		for (Rule rule : NOISE) {
			normal = rule.pattern().matcher(normal).replaceAll(rule.replacement());
		}
		normal = normal.strip();
		return (normal.length() > MAX_LINE) ? normal.substring(0, MAX_LINE - 1) + "…" : normal;
	}

	private static List<String> ownNames(String nodeName) {
		if (nodeName == null || nodeName.isBlank() || nodeName.chars().noneMatch(Character::isDigit)) {
			return List.of();
		}
		String name = nodeName.strip();
		String label = name.split("\\.", 2)[0];
		return (!label.equals(name) && label.length() >= 3 && label.chars().anyMatch(Character::isDigit))
				? List.of(name, label) : List.of(name);
	}

}
