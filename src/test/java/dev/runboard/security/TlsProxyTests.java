package dev.runboard.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import dev.runboard.testing.LocalOidc;
import dev.runboard.testing.RunboardTest;
import org.apache.catalina.util.NetMaskSet;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Runboard usually sits behind a load balancer or ingress that ends TLS and forwards
 * plain HTTP with {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}. From a trusted
 * proxy (by default: this host only, loopback) that request counts as HTTPS for the
 * forwarded host, so it gets HSTS and redirects there. From any other address the headers
 * are ignored: a neighbour in the same private network must not set the host of
 * redirects.
 */
@RunboardTest
class TlsProxyTests {

	@LocalServerPort
	int port;

	@Autowired
	WebServerApplicationContext context;

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

	@Test
	void onlyLoopbackIsATrustedProxyUnlessConfigured() throws IOException {
		RemoteIpValve valve = Arrays
			.stream(((TomcatWebServer) this.context.getWebServer()).getTomcat().getEngine().getPipeline().getValves())
			.filter(RemoteIpValve.class::isInstance)
			.map(RemoteIpValve.class::cast)
			.findFirst()
			.orElseThrow();
		NetMaskSet trusted = new NetMaskSet();
		assertThat(trusted.addAll(valve.getInternalProxies())).as("CIDR ranges").isEmpty();

		assertThat(trusted.contains(InetAddress.getByName("127.0.0.1"))).isTrue();
		assertThat(trusted.contains(InetAddress.getByName("::1"))).isTrue();
		for (String neighbour : new String[] { "10.0.3.7", "172.20.1.9", "192.168.4.2", "100.64.0.9", "169.254.1.1",
				"fd00::1", "fe80::1" }) {
			assertThat(trusted.contains(InetAddress.getByName(neighbour))).as(neighbour).isFalse();
		}
	}

	@Test
	void forwardedHeadersFromAnotherAddressThanAProxysAreIgnored() throws IOException {
		Optional<InetAddress> other = nonLoopbackAddress();
		assumeThat(other).as("an address of this host other than loopback").isPresent();

		String trusted = signInCallback(InetAddress.getLoopbackAddress());
		String untrusted = signInCallback(other.get());

		assertThat(trusted).as("through a trusted proxy")
			.isEqualTo("https://runboard.example.com/login/oauth2/code/" + LocalOidc.REGISTRATION);
		assertThat(untrusted).as("from a neighbour").doesNotContain("runboard.example.com").startsWith("http://");
	}

	/**
	 * Where Runboard asks the OIDC provider to send a browser back after signing in (the
	 * one absolute address of its own it hands out before anyone is signed in), when the
	 * request comes from {@code from} with forwarded headers naming another host.
	 */
	private String signInCallback(InetAddress from) throws IOException {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(from, 0));
			socket.connect(new InetSocketAddress(from, this.port), 5_000);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET /oauth2/authorization/" + LocalOidc.REGISTRATION + " HTTP/1.1\r\nHost: app.internal:"
					+ this.port + "\r\n" + "X-Forwarded-Proto: https\r\nX-Forwarded-Host: runboard.example.com\r\n"
					+ "X-Forwarded-Port: 443\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
			assertThat(response).startsWith("HTTP/1.1 302");
			String location = response.lines()
				.filter((line) -> line.regionMatches(true, 0, "Location:", 0, 9))
				.map((line) -> line.substring(9).strip())
				.findFirst()
				.orElseThrow();
			return UriComponentsBuilder.fromUriString(location)
				.build(true)
				.getQueryParams()
				.getFirst("redirect_uri")
				.transform((uri) -> UriUtils.decode(uri, StandardCharsets.UTF_8));
		}
	}

	private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
		return NetworkInterface.networkInterfaces().filter((network) -> {
			try {
				return network.isUp() && !network.isLoopback();
			}
			catch (SocketException ex) {
				return false;
			}
		}).flatMap(NetworkInterface::inetAddresses).filter(Inet4Address.class::isInstance).findFirst();
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
