package dev.runboard.system;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;

/**
 * The container image's {@code HEALTHCHECK}. The JRE base image has neither curl nor
 * wget, and this class needs nothing but the JDK, so the image runs it straight from the
 * extracted classes:
 * {@code java -cp /app/BOOT-INF/classes dev.runboard.system.HealthCheck}.
 * <p>
 * It asks the liveness group, not readiness: Docker and ECS replace unhealthy containers,
 * and a restart cures neither an AWS outage nor a missing IAM permission. The URL follows
 * {@code MANAGEMENT_SERVER_PORT} or {@code SERVER_PORT} when set, or is given as the only
 * argument. Exit status 0 when healthy, 1 otherwise, as Docker expects.
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
		String port = environment.getOrDefault("MANAGEMENT_SERVER_PORT", environment.getOrDefault("SERVER_PORT", ""));
		return "http://127.0.0.1:" + (port.isBlank() ? "8080" : port.trim()) + PATH;
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
