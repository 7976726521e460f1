package dev.runboard.system;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;

/**
 * The container image's {@code HEALTHCHECK}. The JRE base image has neither curl nor
 * wget, and this class needs nothing but the JDK, so the image runs it straight from the
 * extracted classes: {@code java -cp /app/app.jar dev.runboard.system.HealthCheck}.
 * <p>
 * It asks the liveness group, not readiness: Docker and ECS replace unhealthy containers,
 * and a restart cures neither an AWS outage nor a missing IAM permission. The URL follows
 * {@code MANAGEMENT_SERVER_PORT} and {@code MANAGEMENT_SERVER_BASE_PATH} when a
 * management port is set, else {@code SERVER_PORT} and
 * {@code SERVER_SERVLET_CONTEXT_PATH}, or is given as the only argument. Exit status 0
 * when healthy, 1 otherwise, as Docker expects.
 */
public final class HealthCheck {

	static final String PATH = "/actuator/health/liveness";

	private HealthCheck() {
	}

	public static void main(String[] args) {
		String url = (args.length > 0) ? args[0] : url(System.getenv());
		int status;
		try {
			status = status(url);
		}
		catch (IOException | IllegalArgumentException ex) {
			System.err.println(url + ": " + ex);
			System.exit(1);
			return;
		}
		System.out.println(url + ": HTTP " + status);
		System.exit((status == 200) ? 0 : 1);
	}

	static String url(Map<String, String> environment) {
		String management = environment.getOrDefault("MANAGEMENT_SERVER_PORT", "").trim();
		if (!management.isEmpty()) {
			return "http://127.0.0.1:" + management + prefix(environment.get("MANAGEMENT_SERVER_BASE_PATH")) + PATH;
		}
		String port = environment.getOrDefault("SERVER_PORT", "").trim();
		return "http://127.0.0.1:" + (port.isEmpty() ? "8080" : port)
				+ prefix(environment.get("SERVER_SERVLET_CONTEXT_PATH")) + PATH;
	}

	/** A path prefix as Spring Boot reads it: {@code /runboard}, or nothing. */
	private static String prefix(String path) {
		String prefix = (path != null) ? path.strip() : "";
		while (prefix.endsWith("/")) {
			prefix = prefix.substring(0, prefix.length() - 1);
		}
		return (prefix.isEmpty() || prefix.startsWith("/")) ? prefix : "/" + prefix;
	}

	static int status(String url) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
		connection.setConnectTimeout(2000);
		connection.setReadTimeout(4000);
		connection.setInstanceFollowRedirects(false);
		try {
			return connection.getResponseCode();
		}
		finally {
			connection.disconnect();
		}
	}

}
