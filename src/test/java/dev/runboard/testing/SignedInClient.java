package dev.runboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One person in a browser, as far as the server can tell: its own cookie jar, signed in
 * once through the login form (with the form's CSRF token), then asking for pages and
 * htmx fragments over real HTTP. Redirects are not followed, so a test sees them.
 */
public final class SignedInClient {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern NEXT_URL = Pattern.compile("hx-get=\"([^\"]*nextToken=[^\"]*)\"");

	private static final Pattern RETRY_URL = Pattern.compile("<button[^>]*hx-get=\"([^\"]+)\"[^>]*>Retry</button>");

	private static final Pattern ROW = Pattern
		.compile("<tr data-command-id=\"([^\"]+)\"\\s+data-instance-id=\"([^\"]+)\"");

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final URI base;

	private final HttpClient http;

	private SignedInClient(URI base) {
		this.base = base;
		this.http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	/** A client with no session: what someone who never signed in gets. */
	public static SignedInClient anonymous(URI base) {
		return new SignedInClient(base);
	}

	/**
	 * Signs in through the login form.
	 * @throws IllegalStateException when the server refuses the user
	 */
	public static SignedInClient signIn(URI base, String username, String password) {
		SignedInClient client = new SignedInClient(base);
		HttpResponse<String> login = client.get("/login");
		Matcher csrf = CSRF.matcher(login.body());
		if (login.statusCode() != 200 || !csrf.find()) {
			throw new IllegalStateException(
					"No login form with a CSRF token at " + base + "/login: HTTP " + login.statusCode());
		}
		String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf="
				+ encode(unescape(csrf.group(1)));
		HttpResponse<String> signedIn = client.send(HttpRequest.newBuilder(base.resolve("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
		String location = signedIn.headers().firstValue("Location").orElse("");
		if (signedIn.statusCode() != 302 || location.contains("/login")) {
			throw new IllegalStateException(
					"Sign-in of " + username + " refused: HTTP " + signedIn.statusCode() + " to " + location);
		}
		return client;
	}

	/** A GET as a browser navigates: the whole page. */
	public HttpResponse<String> get(String pathAndQuery) {
		return send(HttpRequest.newBuilder(this.base.resolve(pathAndQuery)).GET());
	}

	/**
	 * A GET whose body is read as it arrives, for responses streamed while they are
	 * written, with these headers (names and values in turn).
	 */
	public HttpResponse<InputStream> stream(String pathAndQuery, String... headerNamesAndValues) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(pathAndQuery))
				.timeout(TIMEOUT)
				.GET();
			for (int i = 0; i < headerNamesAndValues.length; i += 2) {
				request.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
			}
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A form POST as a browser sends it from {@code page}, whose CSRF token it carries,
	 * with these fields (names and values in turn); {@code page} {@code null} sends none.
	 */
	public HttpResponse<String> post(String pathAndQuery, String page, String... namesAndValues) {
		StringBuilder form = new StringBuilder();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			form.append(form.isEmpty() ? "" : "&")
				.append(encode(namesAndValues[i]))
				.append('=')
				.append(encode(namesAndValues[i + 1]));
		}
		if (page != null) {
			Matcher csrf = CSRF.matcher(page);
			if (!csrf.find()) {
				throw new IllegalStateException("No CSRF token in the page the form was sent from");
			}
			form.append(form.isEmpty() ? "" : "&").append("_csrf=").append(encode(unescape(csrf.group(1))));
		}
		return send(HttpRequest.newBuilder(this.base.resolve(pathAndQuery))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form.toString())));
	}

	/** A GET as htmx sends it, for a fragment such as the next page of rows. */
	public HttpResponse<String> htmx(String pathAndQuery) {
		return send(HttpRequest.newBuilder(this.base.resolve(pathAndQuery)).header("HX-Request", "true").GET());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The infinite-scroll sentinel's URL in a page or fragment, if there is a next page.
	 */
	public static Optional<String> nextUrl(String html) {
		Matcher next = NEXT_URL.matcher(html);
		return next.find() ? Optional.of(unescape(next.group(1))) : Optional.empty();
	}

	/** The URL of the Retry button of a failed scroll page, if there is one. */
	public static Optional<String> retryUrl(String html) {
		Matcher retry = RETRY_URL.matcher(html);
		return retry.find() ? Optional.of(unescape(retry.group(1))) : Optional.empty();
	}

	/**
	 * The invocations in a page or fragment, as {@code commandId/instanceId}, in order.
	 */
	public static List<String> rows(String html) {
		List<String> rows = new ArrayList<>();
		Matcher row = ROW.matcher(html);
		while (row.find()) {
			rows.add(row.group(1) + "/" + row.group(2));
		}
		return rows;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String unescape(String html) {
		return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'");
	}

}
