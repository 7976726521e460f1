package dev.runboard.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP server standing in for a notification target (Slack, Teams, PagerDuty or a
 * webhook): it records every request it receives, whatever the path, and answers each
 * with the next answer it was given, else 200. It can be made to listen later on a port
 * fixed now, as a target that refuses connections and then comes back.
 */
final class Receiver implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final int port;

	private final List<Request> received = new CopyOnWriteArrayList<>();

	private final Deque<Answer> answers = new ConcurrentLinkedDeque<>();

	private volatile CountDownLatch held;

	private HttpServer server;

	private Receiver(int port) {
		this.port = port;
	}

	/** A receiver listening now. */
	static Receiver started() {
		Receiver receiver = new Receiver(freePort());
		receiver.listen();
		return receiver;
	}

	/** A receiver on a port where nothing listens until {@link #listen()}. */
	static Receiver notYetListening() {
		return new Receiver(freePort());
	}

	synchronized void listen() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", this.port), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(Executors.newSingleThreadExecutor());
		this.server.createContext("/", (exchange) -> {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
			this.received.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
					body, System.nanoTime()));
			CountDownLatch gate = this.held;
			if (gate != null) {
				try {
					gate.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			Answer answer = this.answers.poll();
			if (answer == null) {
				answer = new Answer(200, Map.of(), "ok");
			}
			answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			byte[] text = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(answer.status(), text.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(text);
			}
		});
		this.server.start();
	}

	/** The address of a path on this receiver. */
	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/** The next requests are answered so, in turn. */
	void answer(int status, Map<String, String> headers, String body) {
		this.answers.add(new Answer(status, headers, body));
	}

	/**
	 * Requests from now on are recorded and then held, unanswered, until the latch is
	 * counted down: a target that is slow to answer while its sender stops.
	 */
	CountDownLatch hold() {
		CountDownLatch gate = new CountDownLatch(1);
		this.held = gate;
		return gate;
	}

	/** Requests are answered at once again. */
	void release() {
		CountDownLatch gate = this.held;
		this.held = null;
		if (gate != null) {
			gate.countDown();
		}
	}

	List<Request> received() {
		return List.copyOf(this.received);
	}

	List<Request> received(String path) {
		List<Request> requests = new ArrayList<>();
		for (Request request : this.received) {
			if (request.path().equals(path)) {
				requests.add(request);
			}
		}
		return requests;
	}

	@Override
	public synchronized void close() {
		release();
		if (this.server != null) {
			this.server.stop(0);
			this.server = null;
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @param receivedAt when it arrived, as {@link System#nanoTime()}
	 */
	record Request(String method, String path, Map<String, List<String>> headers, byte[] body, long receivedAt) {

		String header(String name) {
			for (Map.Entry<String, List<String>> header : this.headers.entrySet()) {
				if (header.getKey().equalsIgnoreCase(name)) {
					return header.getValue().get(0);
				}
			}
			return null;
		}

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

	record Answer(int status, Map<String, String> headers, String body) {

	}

}
