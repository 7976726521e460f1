package dev.runboard.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runboard usually sits behind a load balancer or ingress that ends TLS and forwards
 * plain HTTP with {@code X-Forwarded-Proto}. From a trusted proxy (here: loopback, which
 * the embedded server trusts by default) that request counts as HTTPS, so it gets HSTS.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TlsProxyTests {

	@LocalServerPort
	int port;

	final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Test
	void requestForwardedAsHttpsByATrustedProxyGetsStrictTransportSecurity() throws Exception {
		HttpResponse<String> response = get("/login", "https");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Strict-Transport-Security"))
			.hasValueSatisfying((hsts) -> assertThat(hsts).contains("max-age=31536000").contains("includeSubDomains"));
	}

	@Test
	void plainHttpRequestGetsNoStrictTransportSecurity() throws Exception {
		HttpResponse<String> response = get("/login", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
	}

	@Test
	void requestForwardedAsHttpIsNotTreatedAsHttps() throws Exception {
		HttpResponse<String> response = get("/login", "http");
		assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
	}

	private HttpResponse<String> get(String path, String forwardedProto) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
		if (forwardedProto != null) {
			request.header("X-Forwarded-Proto", forwardedProto);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
