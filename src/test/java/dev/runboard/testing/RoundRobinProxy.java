package dev.runboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A load balancer in front of several replicas, as a deployment without affinity has one:
 * each request goes to the next replica in turn, whoever sent it and whatever cookie it
 * carries, with {@code X-Forwarded-Host}, {@code -Port} and {@code -Proto} naming the
 * proxy, so every replica writes links and redirects to the proxy's address. A replica
 * that does not accept connections is skipped, as a load balancer whose health check took
 * it out would (so does one whose connection breaks before it answers, as nginx's
 * {@code proxy_next_upstream error} does). Requests and answers are passed on as they are
 * (redirects are not followed).
 */
public final class RoundRobinProxy implements AutoCloseable {

	/** Headers a proxy does not pass on, or that the JDK's client sets itself. */
	private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "keep-alive",
			"transfer-encoding", "upgrade", "expect", "te", "trailer", "proxy-connection");

	private final List<URI> replicas = new CopyOnWriteArrayList<>();

	private final AtomicInteger next = new AtomicInteger();

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final HttpClient client = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	/** Where each request went, in order: the index of the replica. */
	private final List<Integer> routed = new CopyOnWriteArrayList<>();

	public RoundRobinProxy(URI... replicas) {
		this.replicas.addAll(List.of(replicas));
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** The proxy's address: what users of the deployment open. */
	public URI uri() {
		return URI.create("http://localhost:" + this.server.getAddress().getPort());
	}

	/** The replica at {@code index} is now at {@code uri} (it was restarted). */
	public void replace(int index, URI uri) {
		this.replicas.set(index, uri);
	}

	/** Which replica each request went to, in order. */
	public List<Integer> routed() {
		return List.copyOf(this.routed);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readAllBytes();
			IOException unreachable = null;
			for (int tries = 0; tries < this.replicas.size(); tries++) {
				int index = Math.floorMod(this.next.getAndIncrement(), this.replicas.size());
				try {
					HttpResponse<byte[]> response = this.client.send(request(exchange, this.replicas.get(index), body),
							HttpResponse.BodyHandlers.ofByteArray());
					this.routed.add(index);
					respond(exchange, response);
					return;
				}
				catch (ConnectException | HttpConnectTimeoutException ex) {
					unreachable = ex;
				}
				catch (IOException ex) {
					// A connection kept from before the replica stopped: as nginx's
					// proxy_next_upstream error, try the next one.
					unreachable = ex;
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException(ex);
				}
			}
			byte[] message = ("No replica answers: " + unreachable).getBytes(java.nio.charset.StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(502, message.length);
			exchange.getResponseBody().write(message);
		}
	}

	private HttpRequest request(HttpExchange exchange, URI replica, byte[] body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(replica.resolve(exchange.getRequestURI().toString()))
			.timeout(Duration.ofSeconds(90))
			.method(exchange.getRequestMethod(), (body.length == 0) ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofByteArray(body));
		exchange.getRequestHeaders().forEach((name, values) -> {
			if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
				values.forEach((value) -> request.header(name, value));
			}
		});
		return request.header("X-Forwarded-Proto", "http")
			.header("X-Forwarded-Host", "localhost")
			.header("X-Forwarded-Port", Integer.toString(this.server.getAddress().getPort()))
			.build();
	}

	private static void respond(HttpExchange exchange, HttpResponse<byte[]> response) throws IOException {
		response.headers().map().forEach((name, values) -> {
			if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
				exchange.getResponseHeaders().put(name, values);
			}
		});
		byte[] body = response.body();
		exchange.sendResponseHeaders(response.statusCode(), (body.length == 0) ? -1 : body.length);
		if (body.length > 0) {
			OutputStream out = exchange.getResponseBody();
			out.write(body);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
