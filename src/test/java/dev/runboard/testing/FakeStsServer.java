package dev.runboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local STS endpoint speaking the query protocol: {@code POST /} with a form body
 * ({@code Action=AssumeRole&RoleArn=…&ExternalId=…}), answered with XML credentials of
 * its own making, as the SDK's assume-role provider expects them. A role whose name is
 * {@code denied} is refused, as a trust policy that does not name the caller would.
 */
public final class FakeStsServer implements AutoCloseable {

	/**
	 * The access key ID of the credentials this endpoint hands out for a role: one of its
	 * own per account, so a test can tell which role signed a request.
	 */
	public static String accessKeyId(String roleArn) {
		String account = roleArn.replaceAll("arn:aws[a-z-]*:iam::(\\d{12}):role/.*", "$1");
		return "ASIA" + account + "FAKE";
	}

	private final HttpServer server;

	private final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();

	private final Duration lifetime;

	/**
	 * @param lifetime how long the credentials it hands out are valid
	 */
	public FakeStsServer(Duration lifetime) {
		this.lifetime = lifetime;
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/** The form parameters of each request, in order. */
	public List<Map<String, String>> calls() {
		return List.copyOf(this.calls);
	}

	public void reset() {
		this.calls.clear();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			Map<String, String> form = form(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			this.calls.add(form);
			if (!"POST".equals(exchange.getRequestMethod()) || !"AssumeRole".equals(form.get("Action"))) {
				respond(exchange, 400, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code>"
						+ "<Message>only AssumeRole</Message></Error><RequestId>1</RequestId></ErrorResponse>");
				return;
			}
			if (String.valueOf(form.get("RoleArn")).endsWith("/denied")) {
				respond(exchange, 403,
						"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
								+ "<Message>not authorized to perform: sts:AssumeRole</Message></Error>"
								+ "<RequestId>1</RequestId></ErrorResponse>");
				return;
			}
			Instant expiration = Instant.now().plus(this.lifetime).truncatedTo(ChronoUnit.SECONDS);
			respond(exchange, 200, """
					<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
					  <AssumeRoleResult>
					    <Credentials>
					      <AccessKeyId>%s</AccessKeyId>
					      <SecretAccessKey>fakeSecretAccessKey</SecretAccessKey>
					      <SessionToken>fakeSessionToken</SessionToken>
					      <Expiration>%s</Expiration>
					    </Credentials>
					    <AssumedRoleUser>
					      <AssumedRoleId>AROAFAKE:%s</AssumedRoleId>
					      <Arn>%s</Arn>
					    </AssumedRoleUser>
					  </AssumeRoleResult>
					  <ResponseMetadata><RequestId>fake-request</RequestId></ResponseMetadata>
					</AssumeRoleResponse>
					""".formatted(accessKeyId(form.get("RoleArn")), expiration, form.get("RoleSessionName"),
					form.get("RoleArn")));
		}
	}

	private static Map<String, String> form(String body) {
		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return form;
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/xml");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

}
