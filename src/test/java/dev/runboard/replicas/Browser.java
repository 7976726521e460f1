package dev.runboard.replicas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One person's browser as the deployment sees it: a cookie jar, forms posted with the
 * CSRF token of the page they are on, redirects left to the test.
 */
final class Browser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private final URI base;

	private final CookieManager cookies;

	private final HttpClient client;

	Browser(URI base) {
		this(base, new CookieManager(null, CookiePolicy.ACCEPT_ALL));
	}

	private Browser(URI base, CookieManager cookies) {
		this.base = base;
		this.cookies = cookies;
		this.client = HttpClient.newBuilder()
			.cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/**
	 * The same browser sending its requests to {@code base}: another tab, whose request a
	 * load balancer sent to another replica.
	 */
	Browser at(URI base) {
		return new Browser(base, this.cookies);
	}

	List<HttpCookie> cookies() {
		return this.cookies.getCookieStore().getCookies();
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(this.base.resolve(path)).GET());
	}

	/** Posts a form, with the CSRF token of {@code page} (a page this browser read). */
	HttpResponse<String> post(String path, String page, Map<String, String> fields) {
		Map<String, String> form = new LinkedHashMap<>(fields);
		form.put("_csrf", csrf(page));
		String body = form.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(this.base.resolve(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** Reads the login page, to post the sign-in form from it later. */
	String loginPage() {
		HttpResponse<String> login = get("/login");
		if (login.statusCode() != 200) {
			throw new IllegalStateException("No login page: HTTP " + login.statusCode() + " " + login.body());
		}
		return login.body();
	}

	/**
	 * Signs in with the login form.
	 * @return where the answer redirects to: {@code /} when signed in,
	 * {@code /login?error} or {@code /login?locked} when refused
	 */
	String signIn(String username, String password) {
		return signIn(loginPage(), username, password);
	}

	String signIn(String loginPage, String username, String password) {
		HttpResponse<String> answer = post("/login", loginPage, Map.of("username", username, "password", password));
		if (answer.statusCode() != 302) {
			throw new IllegalStateException("Sign-in answered HTTP " + answer.statusCode() + ": " + answer.body());
		}
		return location(answer);
	}

	static String location(HttpResponse<?> response) {
		String location = response.headers().firstValue("Location").orElse(null);
		return (location != null)
				? URI.create(location).getRawPath()
						+ ((URI.create(location).getRawQuery() != null) ? "?" + URI.create(location).getRawQuery() : "")
				: null;
	}

	static String csrf(String page) {
		Matcher csrf = CSRF.matcher(page);
		if (!csrf.find()) {
			throw new IllegalStateException("No CSRF token in the page");
		}
		return csrf.group(1).replace("&amp;", "&");
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.timeout(Duration.ofSeconds(60)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
