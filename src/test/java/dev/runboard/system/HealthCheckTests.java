package dev.runboard.system;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container's health check asks the liveness group on the port the application
 * listens on.
 */
class HealthCheckTests {

	@Test
	void asksLivenessOnPort8080ByDefault() {
		assertThat(HealthCheck.url(Map.of())).isEqualTo("http://127.0.0.1:8080/actuator/health/liveness");
	}

	@Test
	void followsServerPort() {
		assertThat(HealthCheck.url(Map.of("SERVER_PORT", "9000")))
			.isEqualTo("http://127.0.0.1:9000/actuator/health/liveness");
	}

	@Test
	void prefersASeparateManagementPort() {
		assertThat(HealthCheck.url(Map.of("SERVER_PORT", "8443", "MANAGEMENT_SERVER_PORT", "8081")))
			.isEqualTo("http://127.0.0.1:8081/actuator/health/liveness");
	}

	@Test
	void followsTheContextPathWhereTheActuatorIsServed() {
		assertThat(HealthCheck.url(Map.of("SERVER_PORT", "9000", "SERVER_SERVLET_CONTEXT_PATH", "/runboard")))
			.isEqualTo("http://127.0.0.1:9000/runboard/actuator/health/liveness");
		assertThat(HealthCheck.url(Map.of("SERVER_SERVLET_CONTEXT_PATH", "runboard/")))
			.isEqualTo("http://127.0.0.1:8080/runboard/actuator/health/liveness");
	}

	@Test
	void aManagementPortHasItsOwnBasePathAndNoContextPath() {
		assertThat(
				HealthCheck.url(Map.of("SERVER_SERVLET_CONTEXT_PATH", "/runboard", "MANAGEMENT_SERVER_PORT", "8081")))
			.isEqualTo("http://127.0.0.1:8081/actuator/health/liveness");
		assertThat(HealthCheck.url(Map.of("MANAGEMENT_SERVER_PORT", "8081", "MANAGEMENT_SERVER_BASE_PATH", "/manage")))
			.isEqualTo("http://127.0.0.1:8081/manage/actuator/health/liveness");
	}

	@Test
	void reportsTheStatusWithoutFollowingRedirects() throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/up", (exchange) -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.createContext("/down", (exchange) -> {
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
		});
		server.createContext("/login", (exchange) -> {
			exchange.getResponseHeaders().set("Location", "/up");
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		server.start();
		try {
			String base = "http://127.0.0.1:" + server.getAddress().getPort();
			assertThat(HealthCheck.status(base + "/up")).isEqualTo(200);
			assertThat(HealthCheck.status(base + "/down")).isEqualTo(503);
			assertThat(HealthCheck.status(base + "/login")).isEqualTo(302);
		}
		finally {
			server.stop(0);
		}
	}

}
