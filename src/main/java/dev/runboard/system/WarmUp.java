package dev.runboard.system;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.runboard.security.WarmUpUser;
import dev.runboard.security.WarmUpUser.Credentials;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Renders the busiest pages before the instance reports ready, so the first person after
 * a deploy gets a warm page rather than one paid for with class loading, template parsing
 * and interpreted code. It runs as an {@link ApplicationRunner}: the web server is
 * already listening, and Spring Boot reports readiness ({@code readinessState}, and so
 * {@code /actuator/health/readiness}) only once every runner has returned, while liveness
 * is already UP.
 * <p>
 * It signs in over loopback as the {@link WarmUpUser}, through the same filters as
 * everyone, and asks for the invocations page, a filter change, a scroll page and the
 * commands view, {@code runboard.warm-up.rounds} times. A failure (SSM refusing, a page
 * answering an error) ends the warm-up early with a warning, never the start: readiness
 * has its own check of SSM. With {@code runboard.warm-up.exit=true} the process exits
 * once warmed up, which is the training run of the container image's AOT cache.
 */
@Component
class WarmUp implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(WarmUp.class);

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern NEXT_URL = Pattern.compile("hx-get=\"([^\"]*nextToken=[^\"]*)\"");

	/** However slow SSM is, readiness is not held back longer than this. */
	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final WarmUpProperties properties;

	private final WarmUpUser user;

	private final ApplicationContext context;

	private final Environment environment;

	WarmUp(WarmUpProperties properties, WarmUpUser user, ApplicationContext context, Environment environment) {
		this.properties = properties;
		this.user = user;
		this.context = context;
		this.environment = environment;
	}

	@Override
	public void run(ApplicationArguments arguments) {
		if (!this.properties.enabled()) {
			return;
		}
		Optional<URI> base = base();
		if (base.isEmpty()) {
			logger.info("No warm-up: the application serves HTTPS itself or has no web server of its own");
		}
		else {
			warmUp(base.get());
		}
		if (this.properties.exit()) {
			logger.info("Warmed up; exiting as asked (runboard.warm-up.exit=true)");
			System.exit(SpringApplication.exit(this.context));
		}
	}

	private void warmUp(URI base) {
		long start = System.nanoTime();
		long deadline = start + PATIENCE.toNanos();
		Credentials credentials = this.user.open();
		Pages pages = new Pages(base);
		int rounds = 0;
		long firstRound = 0;
		long lastRound = 0;
		try {
			String csrf = pages.signIn(credentials);
			while (rounds < this.properties.rounds() && System.nanoTime() < deadline) {
				long roundStart = System.nanoTime();
				csrf = pages.round();
				lastRound = System.nanoTime() - roundStart;
				firstRound = (rounds == 0) ? lastRound : firstRound;
				rounds++;
			}
			pages.signOut(csrf);
			logger.info(String.format(
					"Warmed up in %.1f s before reporting ready: %d rounds of the invocations "
							+ "page, a filter change, a scroll page and the commands view; the first round took %d ms, "
							+ "the last %d ms",
					seconds(System.nanoTime() - start), rounds, firstRound / 1_000_000, lastRound / 1_000_000));
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Warm-up ended early after " + rounds + " rounds (" + ex.getMessage()
					+ "); the first pages served may be slower. Reporting ready as usual.");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.user.close();
		}
	}

	/**
	 * Where this instance answers over loopback, unless it serves HTTPS itself (its
	 * certificate names no loopback address) or runs without a server of its own.
	 */
	private Optional<URI> base() {
		if (!(this.context instanceof WebServerApplicationContext web) || web.getWebServer() == null
				|| web.getWebServer().getPort() <= 0 || servesTls()) {
			return Optional.empty();
		}
		String contextPath = this.environment.getProperty("server.servlet.context-path", "");
		return Optional.of(URI.create("http://127.0.0.1:" + web.getWebServer().getPort() + contextPath + "/"));
	}

	private boolean servesTls() {
		boolean configured = StringUtils.hasText(this.environment.getProperty("server.ssl.bundle"))
				|| StringUtils.hasText(this.environment.getProperty("server.ssl.key-store"))
				|| StringUtils.hasText(this.environment.getProperty("server.ssl.certificate"));
		return configured && this.environment.getProperty("server.ssl.enabled", Boolean.class, true);
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

	/** A browser of one, signed in over loopback. */
	private static final class Pages {

		private final URI base;

		/** Where the next round scrolls to. */
		private String next;

		private final HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(2))
			.build();

		Pages(URI base) {
			this.base = base;
		}

		/** Signs in through the login form; the CSRF token of the session. */
		String signIn(Credentials credentials) throws IOException, InterruptedException {
			String csrf = csrf(get("login", false));
			HttpResponse<String> response = post("login", "username=" + encode(credentials.name()) + "&password="
					+ encode(credentials.password()) + "&_csrf=" + encode(csrf));
			String location = response.headers().firstValue("Location").orElse("");
			if (response.statusCode() != 302 || location.contains("error") || location.contains("locked")) {
				throw new IllegalStateException("signing in answered HTTP " + response.statusCode());
			}
			return csrf(get("invocations", false));
		}

		/**
		 * One round of the busiest pages; the CSRF token of the page it ends on. Each
		 * round scrolls one page further than the last, so that reading and mapping a
		 * page SSM answers (not one from the cache) warms up too.
		 */
		String round() throws IOException, InterruptedException {
			String page = get("invocations", false);
			// The merged view of the failing statuses; with more accounts and regions
			// than
			// runboard.invocations.max-streams allows for it, one status instead.
			HttpResponse<String> problems = send(
					HttpRequest.newBuilder(this.base.resolve("invocations?status=problems"))
						.header("HX-Request", "true"),
					false);
			if (problems.statusCode() == 400) {
				get("invocations?status=Failed", true);
			}
			else if (problems.statusCode() != 200) {
				throw new IllegalStateException("/invocations?status=problems answered HTTP " + problems.statusCode());
			}
			String scroll = (this.next != null) ? this.next : next(page);
			if (scroll != null) {
				this.next = next(
						send(HttpRequest.newBuilder(this.base.resolve(scroll)).header("HX-Request", "true"), true)
							.body());
			}
			get("commands", false);
			return csrf(page);
		}

		/** The scroll page a page or scroll page leads to, if any. */
		private static String next(String html) {
			Matcher next = NEXT_URL.matcher(html);
			return next.find() ? next.group(1).replace("&amp;", "&") : null;
		}

		void signOut(String csrf) throws IOException, InterruptedException {
			post("logout", "_csrf=" + encode(csrf));
		}

		private String get(String path, boolean htmx) throws IOException, InterruptedException {
			HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path));
			if (htmx) {
				request.header("HX-Request", "true");
			}
			return send(request, true).body();
		}

		private HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
			return send(HttpRequest.newBuilder(this.base.resolve(path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)), false);
		}

		private HttpResponse<String> send(HttpRequest.Builder request, boolean mustSucceed)
				throws IOException, InterruptedException {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (mustSucceed && response.statusCode() != 200) {
				throw new IllegalStateException(
						response.request().uri().getPath() + " answered HTTP " + response.statusCode());
			}
			return response;
		}

		private static String csrf(String html) {
			Matcher csrf = CSRF.matcher(html);
			if (!csrf.find()) {
				throw new IllegalStateException("no CSRF token in the page");
			}
			return csrf.group(1);
		}

		private static String encode(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

}
