package dev.runboard.web;

import java.io.UnsupportedEncodingException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.OutputInvocations;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.TestInvocations;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws thousands of random and hostile values at every query parameter and path
 * variable of every view, with and without {@code HX-Request}, through the real SDK
 * against a local SSM endpoint. Whatever comes in: never a 5xx, never a value reflected
 * unescaped, never evaluated as a template, never a stack trace, and for a value the spec
 * calls invalid, a 400 and no call to AWS. That includes page tokens Runboard issued for
 * another view, and more statuses than a view may read
 * ({@code runboard.invocations.max-streams}, three here).
 * <p>
 * Then the endpoint turns hostile: it answers with every hostile value as a command or
 * node ID, and no page may link to one or let htmx request it.
 * <p>
 * The values come from a seeded {@link Random}: a failure names the seed and the request,
 * and {@code -Drunboard.fuzz.seed=N} replays (or varies) a run.
 */
@RunboardTest
@WithMockUser(roles = { "USER", "OUTPUT" })
class HostileInputTests {

	static final long SEED = Long.getLong("runboard.fuzz.seed", 20261120L);

	static final int RANDOM_REQUESTS = 1000;

	/** Date; time to the minute; seconds and their fraction; zone. */
	static final Pattern POINT_IN_TIME = Pattern
		.compile("(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{2}:\\d{2})(:\\d{2}(?:\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?)?");

	static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

	static final List<CommandInvocation> INVOCATIONS = invocations();

	static final String COMMAND_ID = INVOCATIONS.get(0).commandId();

	static final String INSTANCE_ID = INVOCATIONS.get(0).instanceId();

	/**
	 * What the endpoint answers with: {@link #INVOCATIONS}, unless a test says otherwise.
	 */
	static volatile List<CommandInvocation> answered = INVOCATIONS;

	/** Serves whatever {@link #answered} holds at the time of each call. */
	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer
		.local(new SandboxSsmClient((now) -> answered, Clock.systemUTC(), Region.EU_WEST_1));

	/** {@code runboard.invocations.max-streams}, its default. */
	static final int MAX_STREAMS = 12;

	/** A page token Runboard issued for {@link #CURSOR_VIEW}, and for no other view. */
	static volatile String cursor;

	static final Map<String, List<String>> CURSOR_VIEW = Map.of("status", List.of("Failed", "Success"), "pageSize",
			List.of("1"));

	static final List<String> PARAMETERS = List.of("commandId", "instanceId", "status", "document", "after", "before",
			"details", "pageSize", "nextToken", "executionStage");

	/** What an attacker, a chat tool or a clumsy paste puts in a link. */
	static final List<String> HOSTILE = List.of(
			// markup, aimed at text, attributes and htmx attributes
			"<script>rbx(1)</script>", "\"><script>rbx(2)</script>", "'><img src=x onerror=rbx(3)>",
			"<svg/onload=rbx(4)>", "</title><rbx>", "</textarea><rbx>", "<!--", "]]>", "<rbx x=\"",
			"\" onmouseover=\"rbx(5)", "' autofocus onfocus='rbx(6)", "`-rbx(7)-`", "\" hx-get=\"/logout",
			"<a href=javascript:rbx(8)>x</a>", "&lt;script&gt;", "&#60;script&#62;",
			// URLs
			"javascript:rbx(9)", "JaVaScRiPt:rbx(10)", "data:text/html,<script>rbx(11)</script>", "//evil.example/x",
			"https://evil.example/", "vbscript:msgbox(1)",
			// SQL
			"' OR '1'='1", "1; DROP TABLE invocations; --", "\" OR \"\"=\"", "1' UNION SELECT password FROM users--",
			// template and expression languages
			"${1337*1337}", "#{1337*1337}", "*{1337*1337}", "@{/x}", "~{fragments/layout :: layout}",
			"__${1337*1337}__", "[[${1337*1337}]]", "[(${1337*1337})]", "{{1337*1337}}", "${{1337*1337}}",
			"%{1337*1337}", "<%= 1337*1337 %>", "#set($x=1337*1337)$x",
			"${T(java.lang.Runtime).getRuntime().exec('id')}", "${T(java.lang.System).getenv('PATH')}",
			"__${T(java.lang.System).getenv('PATH')}__::.x", "${@environment.getProperty('PATH')}",
			"*{T(java.lang.System).exit(1)}",
			// percent-encoding and query syntax, arriving decoded once already
			"%00", "%", "%%", "%ZZ", "%3Cscript%3Erbx(12)%3C/script%3E", "%253Cscript%253E", "%u003cscript%u003e",
			"%C0%AE%C0%AE/", "..%2F..%2Fetc%2Fpasswd", "%0d%0aSet-Cookie:x=1", "+", "a+b", "&status=Failed", "=", "?",
			"#frag", ";jsessionid=1", "a&b=c",
			// paths
			"../../etc/passwd", "..", ".", "/", "\\", "//", "./row", "..;/", "%2e%2e%2f",
			// control characters, and line breaks outside ASCII
			"\u0000", "\r\nX-Injected: 1", "\t", "\u001b[31mred\u001b[0m", "\u007f", "\b", "a\u0000b", "\n", "\u2028",
			"\u2029", "\u0085", "x\u2028sign-in user=admin outcome=success", "\u2066x\u2069",
			// unicode
			"\u202Eevil\u202C", "\u200B", "\u200D", "\uFEFF", "😀💥", "👨‍👩‍👧‍👦", "ｉ-0123456789abcdef0",
			"i\u20100123456789abcdef0", "İ", "ß", "\u0660\u0665", "\u0665", "Ａｌｌ", "ﬀ", "\u3000",
			// close to valid
			"0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a1", "0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a100",
			"0b9a4d7e_2c55_4a3e_9d61_4c1f0e2b7a10", "i-0123456789abcdef", "i-0123456789abcdef0 ",
			" i-0123456789abcdef0", "mi-0123456789abcdef0", "i-0123456", "Failed ", "failed", "FAILED", "Pending",
			"pending", "Cancelling", "Executing", "complete", "Sideways", "2026-11-20T00:00:00", "2026-02-30",
			"2026-11-20T10:00", "2026-11-20 10:00", "2026-11-20 10:00:30", "2026-11-20T10:00+01:00",
			"2026-11-20T10:00:00 01:00", "2026-11-20T10", "2026-11-20T10:00:30.", "2026-11-20T24:00",
			"2026-11-20T10:00+18:30", "0000-01-01T00:00+00:01", "2026-11-20T25:00:00Z", "+999999999-12-31T23:59:59Z",
			"-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "0000-01-01", "9999-12-31",
			"2026-11-20T00:00:00.000000001Z", "2026/11/20", "20261120", "51", "0", "-1", "1e1", "0x10", "50.0", "050",
			"2147483648", "99999999999999999999", "true ", "yes", "1", "TRUE", "null", "undefined", "NaN",
			// blank
			"", " ", "   \t ");

	@Autowired
	MockMvcTester mvc;

	private final Random random = new Random(SEED);

	private final List<String> failures = new ArrayList<>();

	private int requests;

	@Test
	void hostileAndRandomValuesNeverBreakAPageReflectUnescapedOrReachAwsWhenInvalid() {
		answered = INVOCATIONS;
		cursor = issuedCursor();
		long started = System.nanoTime();
		// Every hostile value at every query parameter, the view rotating.
		for (int v = 0; v < HOSTILE.size(); v++) {
			for (int p = 0; p < PARAMETERS.size(); p++) {
				View view = View.values()[(v + p) % View.values().length];
				Map<String, List<String>> query = new LinkedHashMap<>();
				query.put(PARAMETERS.get(p), List.of(HOSTILE.get(v)));
				send(new Request(view, COMMAND_ID, INSTANCE_ID, query, (v + p) % 2 == 0));
			}
		}
		// Every hostile value at every path variable.
		for (int v = 0; v < HOSTILE.size(); v++) {
			String value = HOSTILE.get(v);
			boolean htmx = v % 2 == 0;
			send(new Request(View.DETAIL, value, INSTANCE_ID, Map.of(), htmx));
			send(new Request(View.DETAIL, COMMAND_ID, value, Map.of(), !htmx));
			send(new Request(View.INVOCATION_ROW, value, INSTANCE_ID, Map.of(), htmx));
			send(new Request(View.INVOCATION_ROW, COMMAND_ID, value, Map.of(), !htmx));
			send(new Request(View.COMMAND_ROW, value, null, Map.of(), htmx));
		}
		// A cursor Runboard issued, with other views than its own.
		for (Map<String, List<String>> view : List.<Map<String, List<String>>>of(
				Map.of("status", List.of("TimedOut", "Cancelled")),
				Map.of("status", List.of("TimedOut", "Cancelled"), "pageSize", List.of("1")),
				Map.of("status", List.of("Failed", "Success"), "pageSize", List.of("2")),
				Map.of("status", List.of("Failed", "Success"), "pageSize", List.of("1"), "document",
						List.of("AWS-RunShellScript")),
				Map.of("status", List.of("success", "FAILED"), "pageSize", List.of("1"), "details", List.of("false")),
				Map.of("pageSize", List.of("1")), Map.of())) {
			for (View paged : List.of(View.INVOCATION_ROWS, View.COMMAND_ROWS)) {
				Map<String, List<String>> query = new LinkedHashMap<>(view);
				query.put("nextToken", List.of(cursor));
				send(new Request(paged, COMMAND_ID, INSTANCE_ID, query, true));
			}
		}
		// More statuses than a view may read, and as many as it may.
		for (List<String> statuses : List.of(List.of("problems", "Success"),
				List.of("Failed", "Success", "Pending", "Delayed"), List.of("problems", "InProgress", "AccessDenied"),
				List.of("problems"), List.of("Failed", "Success", "Delayed"),
				List.of("TimedOut", "DeliveryTimedOut", "Failed", "Terminated"),
				List.of("Pending", "InProgress", "Delayed", "Success", "Cancelled", "Failed", "TimedOut"))) {
			for (View view : List.of(View.INVOCATIONS, View.INVOCATION_ROWS, View.INVOCATION_ROW)) {
				send(new Request(view, COMMAND_ID, INSTANCE_ID, Map.of("status", statuses), view != View.INVOCATIONS));
			}
		}
		// Random combinations: several parameters at once, repeats, random and mutated
		// values.
		for (int i = 0; i < RANDOM_REQUESTS; i++) {
			send(randomRequest());
		}
		double seconds = (System.nanoTime() - started) / 1e9;

		System.out.printf("Hostile input: %d requests, seed %d, %.1f s%n", this.requests, SEED, seconds);
		assertThat(this.failures).as("failures with seed %d (replay with -Drunboard.fuzz.seed=%d)", SEED, SEED)
			.isEmpty();
	}

	/**
	 * Every hostile value as a command ID, then as a node ID, of an invocation SSM lists:
	 * the table, its rows, the commands view and an export answer a bad gateway (or, for
	 * a value that is an ID, as usual), never link to it, and never put it in a URL htmx
	 * would request.
	 */
	@Test
	void hostileIdsFromSsmNeverBecomeLinksOrUrls() {
		List<String> ids = new ArrayList<>(HOSTILE);
		ids.addAll(List.of("invocations.json", "../../logout", "..%2F..%2Flogout", "i-../x", "a/b", "%2e%2e", ";x=1"));
		CommandInvocation template = INVOCATIONS.get(0);
		for (String id : ids) {
			for (boolean asCommand : List.of(true, false)) {
				answered = List.of(template.toBuilder()
					.commandId(asCommand ? id : COMMAND_ID)
					.instanceId(asCommand ? INSTANCE_ID : id)
					.status("InProgress")
					.build(), INVOCATIONS.get(1));
				for (String path : List.of("/invocations", "/invocations/rows", "/commands", "/invocations.csv")) {
					sendHostileAnswer(path, id, asCommand);
				}
			}
		}
		answered = INVOCATIONS;
		assertThat(this.failures).as("pages that used what a hostile SSM answered").isEmpty();
	}

	private void sendHostileAnswer(String path, String id, boolean asCommand) {
		boolean valid = asCommand ? Request.COMMAND_ID.matcher(id).matches()
				: Request.INSTANCE_ID.matcher(id).matches();
		MvcTestResult result = this.mvc.get().uri(path).header("HX-Request", "true").exchange();
		String what = "GET " + path + " with " + (asCommand ? "commandId" : "instanceId") + " \"" + shorten(id)
				+ "\" answered";
		if (result.getUnresolvedException() != null) {
			this.failures.add(what + ": unhandled " + shorten(String.valueOf(result.getUnresolvedException())));
			return;
		}
		int status = result.getResponse().getStatus();
		String body = body(result);
		boolean commands = path.startsWith("/commands");
		if (!valid && (!commands || asCommand) && status != 502) {
			this.failures.add(what + ": status " + status + " instead of 502");
		}
		if (status >= 500 && status != 502) {
			this.failures.add(what + ": status " + status);
		}
		if (!valid && !id.isEmpty()) {
			String segment = "/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
			for (Element element : Jsoup.parse(body).select("[href], [hx-get], [hx-post], [action]")) {
				for (String attribute : List.of("href", "hx-get", "hx-post", "action")) {
					String url = element.attr(attribute).replaceAll("[?#].*", "");
					if (url.contains("/../") || url.endsWith("/..") || url.contains(segment + "/")
							|| url.endsWith(segment)) {
						this.failures.add(what + ": a link to " + shorten(url));
					}
				}
			}
		}
		// The page may say what SSM sent, escaped: look at what a browser would build.
		Document page = Jsoup.parse(body);
		if (!page.select("rbx, img, svg, script:not([src]), iframe, form#planted").isEmpty()) {
			this.failures.add(what + ": markup from the answer");
		}
		for (Element element : page.getAllElements()) {
			for (Attribute attribute : element.attributes()) {
				if (attribute.getKey().startsWith("on")
						|| attribute.getValue().strip().toLowerCase(Locale.ROOT).startsWith("javascript:")) {
					this.failures.add(what + ": an attribute " + shorten(attribute.html()));
				}
			}
		}
		if (body.contains("1787569")) {
			this.failures.add(what + ": an expression was evaluated (1337*1337)");
		}
		for (String leak : List.of("Exception", "dev.runboard.", "org.springframework.", "software.amazon.")) {
			if (body.contains(leak)) {
				this.failures.add(what + ": leaks " + leak);
			}
		}
	}

	/**
	 * The page token of the second page of {@link #CURSOR_VIEW}: a cursor of a merged
	 * view (two statuses), as its sentinel carries it.
	 */
	private String issuedCursor() {
		ssm.reset();
		String html = body(this.mvc.get()
			.uri("/invocations/rows?status=Failed&status=Success&pageSize=1")
			.header("HX-Request", "true")
			.exchange());
		Matcher token = Pattern.compile("nextToken=(m1\\.[A-Za-z0-9_-]+)").matcher(html);
		assertThat(token.find()).as("a cursor in %s", html).isTrue();
		return token.group(1);
	}

	private Request randomRequest() {
		View view = View.values()[this.random.nextInt(View.values().length)];
		String commandId = COMMAND_ID;
		String instanceId = INSTANCE_ID;
		if (view.pathVariables > 0 && this.random.nextInt(3) == 0) {
			commandId = value("commandId");
		}
		if (view.pathVariables > 1 && this.random.nextInt(3) == 0) {
			instanceId = value("instanceId");
		}
		Map<String, List<String>> query = new LinkedHashMap<>();
		if (this.random.nextInt(10) == 0) {
			// Several statuses at once: more than a view may read, or not.
			List<String> statuses = new ArrayList<>();
			for (int i = 2 + this.random.nextInt(5); i > 0; i--) {
				statuses.add(valid("status"));
			}
			query.put("status", statuses);
		}
		int count = 1 + this.random.nextInt(3);
		for (int i = 0; i < count; i++) {
			String name = PARAMETERS.get(this.random.nextInt(PARAMETERS.size()));
			List<String> values = new ArrayList<>(query.getOrDefault(name, List.of()));
			values.add(value(name));
			if (this.random.nextInt(20) == 0) {
				values.add(value(name));
			}
			query.put(name, values);
		}
		return new Request(view, commandId, instanceId, query, this.random.nextBoolean());
	}

	/** A value for {@code parameter}: hostile, random, a valid one mutated, or valid. */
	private String value(String parameter) {
		int pick = this.random.nextInt(20);
		if (pick < 8) {
			return HOSTILE.get(this.random.nextInt(HOSTILE.size()));
		}
		if (pick < 14) {
			return randomText();
		}
		if (pick < 17) {
			return mutate(valid(parameter));
		}
		return valid(parameter);
	}

	private String valid(String parameter) {
		return switch (parameter) {
			case "commandId" -> INVOCATIONS.get(this.random.nextInt(INVOCATIONS.size())).commandId();
			case "instanceId" -> INVOCATIONS.get(this.random.nextInt(INVOCATIONS.size())).instanceId();
			case "status" -> pick("Success", "failed", "TIMEDOUT", "InProgress", "Cancelled", "DeliveryTimedOut",
					"problems", "Pending", "AccessDenied");
			case "document" -> pick("AWS-RunShellScript", "AWS-RunPatchBaseline", "arn:aws:ssm:eu-west-1::document/x");
			case "after" -> pick("2026-11-19", "2026-11-20T11:00:00Z", "2026-11-01T00:00:00.5Z", "2026-11-20T11:00",
					"2026-11-20 10:30:15", "2026-11-20T12:00:00+01:00");
			case "before" ->
				pick("2026-11-21", "2026-11-20T12:30:00Z", "2027-01-01", "2026-11-20 12:30", "2026-11-20T07:30-05:00");
			case "details" -> pick("true", "false", "FALSE");
			case "pageSize" -> Integer.toString(1 + this.random.nextInt(50));
			case "nextToken" -> pick("c2J4MXwyfDA", "AAEAAd1", "eyJ0b2tlbiI6MX0=", cursor);
			case "executionStage" -> pick("Executing", "complete");
			default -> throw new IllegalArgumentException(parameter);
		};
	}

	private String pick(String... values) {
		return values[this.random.nextInt(values.length)];
	}

	private String mutate(String value) {
		StringBuilder text = new StringBuilder(value);
		int edits = 1 + this.random.nextInt(3);
		for (int i = 0; i < edits; i++) {
			int at = this.random.nextInt(text.length() + 1);
			String insert = new String(Character.toChars(randomCodePoint()));
			switch (this.random.nextInt(3)) {
				case 0 -> text.insert(at, insert);
				case 1 -> {
					if (at < text.length() && !Character.isSurrogate(text.charAt(at))) {
						text.deleteCharAt(at);
					}
				}
				default -> {
					if (at < text.length() && !Character.isSurrogate(text.charAt(at))) {
						text.replace(at, at + 1, insert);
					}
				}
			}
		}
		return text.toString();
	}

	private String randomText() {
		int length = switch (this.random.nextInt(10)) {
			case 0 -> 1000 + this.random.nextInt(9000);
			case 1, 2 -> 40 + this.random.nextInt(200);
			default -> this.random.nextInt(40);
		};
		StringBuilder text = new StringBuilder(length);
		while (text.length() < length) {
			text.appendCodePoint(randomCodePoint());
		}
		return text.toString();
	}

	/** Characters with a meaning in HTML, URLs, shells or templates. */
	static final String SYNTAX = "<>\"'&%;/\\=?#+`$*{}[]()@~|^";

	/** Direction marks and overrides, zero-width and other invisible characters. */
	static final String INVISIBLE = "\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\uFEFF\u00A0\u3000";

	/** A code point from a pool chosen at random; never a lone surrogate. */
	private int randomCodePoint() {
		return switch (this.random.nextInt(8)) {
			case 0 -> SYNTAX.charAt(this.random.nextInt(SYNTAX.length()));
			case 1 -> this.random.nextInt(0x20);
			case 2 -> INVISIBLE.charAt(this.random.nextInt(INVISIBLE.length()));
			case 3 -> 0x1F300 + this.random.nextInt(0x300);
			case 4 -> 0xA0 + this.random.nextInt(0xD800 - 0xA0);
			default -> 0x20 + this.random.nextInt(0x5F);
		};
	}

	private void send(Request request) {
		this.requests++;
		ssm.reset();
		URI uri = request.uri();
		MockMvcRequestBuilder builder = this.mvc.get().uri(uri);
		if (request.htmx()) {
			builder.header("HX-Request", "true");
		}
		MvcTestResult result = builder.exchange();
		List<String> problems = new ArrayList<>();
		if (result.getUnresolvedException() != null) {
			// A servlet container would answer 500.
			problems.add("unhandled " + shorten(String.valueOf(result.getUnresolvedException())));
			fail(request, uri, problems);
			return;
		}
		int status = result.getResponse().getStatus();
		String body = body(result);
		if (status >= 500 || status < 200) {
			problems.add("status " + status);
		}
		problems.addAll(reflections(request, body));
		boolean invalid = request.invalid();
		// An empty path variable makes another address, which does not exist.
		int refused = request.emptyPathVariable() ? 404 : 400;
		if (invalid && status != 400 && status != refused) {
			problems.add("invalid input answered " + status + " instead of 400");
		}
		if (invalid && status == 400 && !body.isEmpty() && !body.contains("data-http-status=\"400\"")) {
			problems.add("400 without Runboard's error page or fragment");
		}
		if (invalid && !ssm.calls().isEmpty()) {
			problems
				.add("invalid input reached AWS: " + ssm.calls().stream().map(FakeSsmServer.Call::operation).toList());
		}
		if (!problems.isEmpty()) {
			fail(request, uri, problems);
		}
	}

	private void fail(Request request, URI uri, List<String> problems) {
		if (this.failures.size() < 25) {
			this.failures.add(problems + " for GET " + shorten(uri.toString()) + (request.htmx() ? " (htmx)" : "")
					+ " values " + request.describe());
		}
	}

	/**
	 * Ways a value can come back out of the page unescaped, evaluated, or as a stack
	 * trace.
	 */
	private static List<String> reflections(Request request, String body) {
		List<String> problems = new ArrayList<>();
		String lower = body.toLowerCase(Locale.ROOT);
		for (String marker : List.of("<rbx", "<script>rbx", "onerror=rbx", "<svg/onload", "<img src=x",
				"onmouseover=\"rbx", "onfocus='rbx", "href=javascript:", "hx-get=\"/logout")) {
			if (lower.contains(marker)) {
				problems.add("unescaped markup " + marker);
			}
		}
		if (body.contains("1787569")) {
			problems.add("an expression was evaluated (1337*1337)");
		}
		String path = System.getenv("PATH");
		if (path != null && path.length() > 8 && body.contains(path)) {
			problems.add("an expression was evaluated (PATH)");
		}
		for (String leak : List.of("Exception", "dev.runboard.", "org.springframework.", "software.amazon.")) {
			if (body.contains(leak)) {
				problems.add("leaks " + leak);
			}
		}
		for (String value : request.values()) {
			if (value.length() >= 6 && value.chars().anyMatch((c) -> c == '<' || c == '>' || c == '"' || c == '\'')
					&& body.contains(value)) {
				problems.add("reflects unescaped " + shorten(value));
			}
		}
		return problems;
	}

	private static String body(MvcTestResult result) {
		try {
			return result.getResponse().getContentAsString();
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String shorten(String text) {
		String escaped = text.codePoints()
			.mapToObj((c) -> (c < 0x20 || c == 0x7f || (c >= 0x200B && c <= 0x206F) || c == 0xFEFF)
					? String.format("\\u%04x", c) : new String(Character.toChars(c)))
			.reduce("", String::concat);
		return (escaped.length() > 160) ? escaped.substring(0, 160) + "…(" + text.length() + " chars)" : escaped;
	}

	private static List<CommandInvocation> invocations() {
		List<CommandInvocation> invocations = new ArrayList<>();
		invocations.add(OutputInvocations.invocation("0b9a4d7e-2c55-4a3e-9d61-4c1f0e2b7a10", "i-0123456789abcdef0", NOW,
				"Failed"));
		invocations.addAll(TestInvocations.generate(5, NOW.minusSeconds(30)));
		return List.copyOf(invocations);
	}

	/** The views and the parameters and path variables each one reads. */
	enum View {

		INVOCATIONS("/invocations", 0, Query.INVOCATIONS, false),

		INVOCATION_ROWS("/invocations/rows", 0, Query.INVOCATIONS, true),

		COMMANDS("/commands", 0, Query.COMMANDS, false),

		COMMAND_ROWS("/commands/rows", 0, Query.COMMANDS, true),

		DETAIL("/invocations/{c}/{i}", 2, Query.NONE, false),

		INVOCATION_ROW("/invocations/{c}/{i}/row", 2, Query.INVOCATIONS, false),

		COMMAND_ROW("/commands/{c}/row", 1, Query.NONE, false);

		final String template;

		final int pathVariables;

		final Query query;

		final boolean paged;

		View(String template, int pathVariables, Query query, boolean paged) {
			this.template = template;
			this.pathVariables = pathVariables;
			this.query = query;
			this.paged = paged;
		}

	}

	enum Query {

		INVOCATIONS, COMMANDS, NONE

	}

	record Request(View view, String commandId, String instanceId, Map<String, List<String>> query, boolean htmx) {

		static final Pattern COMMAND_ID = Pattern.compile("[A-Za-z0-9-]{36}");

		static final Pattern INSTANCE_ID = Pattern.compile("i-(\\w{8}|\\w{17})|mi-\\w{17}");

		static final Pattern DOCUMENT = Pattern.compile("[A-Za-z0-9_.:/-]{1,128}");

		static final Set<String> INVOCATION_STATUSES = Set.of("pending", "inprogress", "delayed", "success",
				"cancelled", "failed", "timedout", "accessdenied", "deliverytimedout", "executiontimedout",
				"undeliverable", "invalidplatform", "terminated");

		static final Set<String> COMMAND_STATUSES = Set.of("pending", "inprogress", "success", "cancelled", "failed",
				"timedout", "cancelling");

		URI uri() {
			UriComponentsBuilder builder = UriComponentsBuilder.fromPath(this.view.template);
			Map<String, Object> variables = new LinkedHashMap<>();
			variables.put("c", this.commandId);
			variables.put("i", this.instanceId);
			int n = 0;
			for (Map.Entry<String, List<String>> parameter : this.query.entrySet()) {
				for (String value : parameter.getValue()) {
					builder.queryParam(parameter.getKey(), "{q" + n + "}");
					variables.put("q" + n++, value);
				}
			}
			return builder.encode().buildAndExpand(variables).toUri();
		}

		boolean emptyPathVariable() {
			return (this.view.pathVariables > 0 && this.commandId.isEmpty())
					|| (this.view.pathVariables > 1 && this.instanceId.isEmpty());
		}

		List<String> values() {
			List<String> values = new ArrayList<>();
			if (this.view.pathVariables > 0) {
				values.add(this.commandId);
			}
			if (this.view.pathVariables > 1) {
				values.add(this.instanceId);
			}
			this.query.values().forEach(values::addAll);
			return values;
		}

		String describe() {
			StringBuilder text = new StringBuilder();
			if (this.view.pathVariables > 0) {
				text.append("c=\"").append(shorten(this.commandId)).append("\" ");
			}
			if (this.view.pathVariables > 1) {
				text.append("i=\"").append(shorten(this.instanceId)).append("\" ");
			}
			this.query.forEach((name, values) -> values
				.forEach((value) -> text.append(name).append("=\"").append(shorten(value)).append("\" ")));
			return text.toString().strip();
		}

		/**
		 * Whether the spec calls this request invalid: a path variable or a parameter the
		 * view reads that SSM could not take, a parameter given twice, or a combination
		 * no invocation can match. Conservative: a value this says is valid may still be
		 * refused.
		 */
		boolean invalid() {
			if (this.view.pathVariables > 0 && !COMMAND_ID.matcher(this.commandId).matches()) {
				return true;
			}
			if (this.view.pathVariables > 1 && !INSTANCE_ID.matcher(this.instanceId).matches()) {
				return true;
			}
			if (this.view.query == Query.NONE) {
				return false;
			}
			boolean invocations = this.view.query == Query.INVOCATIONS;
			// executionStage only filters commands: refused on invocations unless blank.
			if (invocations && this.query.entrySet()
				.stream()
				.anyMatch((parameter) -> parameter.getKey().equalsIgnoreCase("executionStage")
						&& parameter.getValue().stream().anyMatch((value) -> !value.isBlank()))) {
				return true;
			}
			Map<String, String> values = new LinkedHashMap<>();
			for (Map.Entry<String, List<String>> parameter : this.query.entrySet()) {
				List<String> present = parameter.getValue().stream().filter((value) -> !value.isBlank()).toList();
				if (invocations && parameter.getKey().equals("status")) {
					// status may repeat in the table: each must be one, and the streams
					// they
					// make must fit the budget.
					if (present.stream().anyMatch((value) -> invalid("status", value.strip()))
							|| streams(present) > MAX_STREAMS) {
						return true;
					}
					if (present.size() > 1) {
						continue;
					}
				}
				else if (present.size() > 1 && reads(parameter.getKey())) {
					return true;
				}
				if (present.size() == 1) {
					values.put(parameter.getKey(), present.get(0).strip());
				}
			}
			String token = values.get("nextToken");
			if (this.view.paged && token != null && token.startsWith("m1.") && !issuedFor(token)) {
				// A cursor Runboard issued for another view.
				return true;
			}
			for (Map.Entry<String, String> parameter : values.entrySet()) {
				if (reads(parameter.getKey()) && invalid(parameter.getKey(), parameter.getValue())) {
					return true;
				}
			}
			if (invocations && values.containsKey("instanceId") && "pending".equalsIgnoreCase(values.get("status"))) {
				return true;
			}
			Instant after = instant(values.get("after"));
			Instant before = instant(values.get("before"));
			return after != null && before != null && after.isAfter(before);
		}

		/** Whether this is the view {@link #cursor} was issued for, and carries it. */
		private boolean issuedFor(String token) {
			Map<String, List<String>> query = new LinkedHashMap<>(this.query);
			query.remove("nextToken");
			return this.view == View.INVOCATION_ROWS && cursor.equals(token) && query.equals(CURSOR_VIEW);
		}

		/**
		 * The streams these statuses make, as the spec defines them: {@code problems} is
		 * Failed, TimedOut and Cancelled; a finer value under a coarser one asked for too
		 * adds nothing.
		 */
		private static int streams(List<String> statuses) {
			Set<String> wanted = new HashSet<>();
			for (String status : statuses) {
				String lower = status.strip().toLowerCase(Locale.ROOT);
				if (lower.equals("problems")) {
					wanted.addAll(List.of("failed", "timedout", "cancelled"));
				}
				else {
					wanted.add(lower);
				}
			}
			Map<String, String> coarser = Map.of("accessdenied", "failed", "undeliverable", "failed", "invalidplatform",
					"failed", "terminated", "failed", "deliverytimedout", "timedout", "executiontimedout", "timedout");
			return (int) wanted.stream().filter((status) -> !wanted.contains(coarser.get(status))).count();
		}

		private boolean reads(String parameter) {
			return switch (parameter) {
				case "commandId", "instanceId", "details" -> this.view.query == Query.INVOCATIONS;
				case "nextToken" -> this.view.paged;
				default -> true;
			};
		}

		private boolean invalid(String parameter, String value) {
			return switch (parameter) {
				case "commandId" -> !COMMAND_ID.matcher(value).matches();
				case "instanceId" -> !INSTANCE_ID.matcher(value).matches();
				case "status" -> !((this.view.query == Query.INVOCATIONS) ? INVOCATION_STATUSES : COMMAND_STATUSES)
					.contains(value.toLowerCase(Locale.ROOT))
						&& !(this.view.query == Query.INVOCATIONS && value.equalsIgnoreCase("problems"));
				case "document" -> !DOCUMENT.matcher(value).matches();
				case "after", "before" -> instant(value) == null;
				case "details" -> !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false");
				case "pageSize" -> !value.matches("[0-9]+") || new BigInteger(value).compareTo(BigInteger.ONE) < 0
						|| new BigInteger(value).compareTo(BigInteger.valueOf(50)) > 0;
				case "nextToken" -> value.length() > 4096 || !value.chars().allMatch((c) -> c > 0x20 && c < 0x7f);
				case "executionStage" -> !value.equalsIgnoreCase("Executing") && !value.equalsIgnoreCase("Complete");
				default -> false;
			};
		}

		/**
		 * An instant as the spec defines the filter: ISO-8601 with a four-digit year and
		 * {@code Z} or an offset, a date and time without a zone (a space may stand for
		 * the {@code T}, seconds may be left out) meaning UTC, or a date meaning its
		 * start in UTC; {@code null} when it is none of them or outside the years SSM
		 * takes.
		 */
		private static Instant instant(String value) {
			if (value == null) {
				return null;
			}
			Matcher shape = POINT_IN_TIME.matcher(value);
			if (!shape.matches()) {
				return null;
			}
			try {
				Instant instant = (shape.group(2) == null)
						? LocalDate.parse(shape.group(1)).atStartOfDay(ZoneOffset.UTC).toInstant()
						: Instant.parse(shape.group(1) + "T" + shape.group(2)
								+ Objects.requireNonNullElse(shape.group(3), ":00")
								+ Objects.requireNonNullElse(shape.group(4), "Z"));
				return instant.isBefore(Instant.parse("0000-01-01T00:00:00Z"))
						|| instant.isAfter(Instant.parse("9999-12-31T23:59:59.999999999Z")) ? null : instant;
			}
			catch (DateTimeException ex) {
				return null;
			}
		}

	}

}
