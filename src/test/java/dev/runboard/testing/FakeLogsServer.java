package dev.runboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * A local CloudWatch Logs endpoint speaking the service's wire protocol, AWS JSON 1.1
 * ({@code POST /} with {@code X-Amz-Target: Logs_20140328.GetLogEvents}), for
 * {@code GetLogEvents}. Requests are handed to a backing {@link CloudWatchLogsClient}
 * (usually the sandbox's, which pages like the service); every request is recorded, and
 * failures and empty pages can be injected.
 */
public final class FakeLogsServer implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TARGET = "Logs_20140328.GetLogEvents";

	private final CloudWatchLogsClient backend;

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final Deque<Failure> failures = new ArrayDeque<>();

	private volatile int emptyPagesFirst;

	/**
	 * One request the SDK sent and what it got back.
	 *
	 * @param request the JSON request body, or {@code null} when it was no
	 * {@code GetLogEvents}
	 * @param response the JSON answer: the events and tokens, or the error
	 */
	public record Call(JsonNode request, JsonNode response, String authorization) {

	}

	private record Failure(int status, String code, String message) {

	}

	public FakeLogsServer(CloudWatchLogsClient backend) {
		this.backend = backend;
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

	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/** The {@code GetLogEvents} requests the SDK sent, in order, with their answers. */
	public List<Call> calls() {
		return List.copyOf(this.calls);
	}

	public void reset() {
		this.calls.clear();
		synchronized (this.failures) {
			this.failures.clear();
		}
		this.emptyPagesFirst = 0;
	}

	/** The next {@code times} requests fail with this JSON 1.1 error. */
	public void failNext(int times, int status, String code, String message) {
		synchronized (this.failures) {
			for (int i = 0; i < times; i++) {
				this.failures.add(new Failure(status, code, message));
			}
		}
	}

	/**
	 * The next {@code pages} answers hold no events but a new forward token, as the
	 * service answers while it scans time ranges without events; the token of such a page
	 * leads on to the events the request would have found.
	 */
	public void emptyPagesFirst(int pages) {
		this.emptyPagesFirst = pages;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			byte[] requestBody = in.readAllBytes();
			String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
			if (!"POST".equals(exchange.getRequestMethod()) || !TARGET.equals(target)) {
				respond(exchange, 400, null,
						error("UnknownOperationException", "Expected POST / with X-Amz-Target " + TARGET));
				return;
			}
			JsonNode body = JSON.readTree(requestBody);
			Failure failure;
			synchronized (this.failures) {
				failure = this.failures.poll();
			}
			if (failure != null) {
				respond(exchange, failure.status(), body, error(failure.code(), failure.message()));
				return;
			}
			GetLogEventsRequest request = request(body);
			if (this.emptyPagesFirst > 0) {
				this.emptyPagesFirst--;
				ObjectNode empty = JSON.createObjectNode();
				empty.putArray("events");
				empty.put("nextForwardToken", "e/" + this.emptyPagesFirst + "/" + request.nextToken());
				empty.put("nextBackwardToken", "b/empty");
				respond(exchange, 200, body, empty);
				return;
			}
			try {
				respond(exchange, 200, body, json(this.backend.getLogEvents(request)));
			}
			catch (AwsServiceException ex) {
				respond(exchange, ex.statusCode(), body, error(ex.awsErrorDetails().errorCode(), ex.getMessage()));
			}
		}
	}

	/**
	 * The request the body describes; a token of an injected empty page leads on from
	 * where it began.
	 */
	private static GetLogEventsRequest request(JsonNode body) {
		GetLogEventsRequest.Builder request = GetLogEventsRequest.builder()
			.logGroupName(text(body, "logGroupName"))
			.logGroupIdentifier(text(body, "logGroupIdentifier"))
			.logStreamName(text(body, "logStreamName"));
		String token = text(body, "nextToken");
		while (token != null && token.startsWith("e/")) {
			String rest = token.substring(token.indexOf('/', 2) + 1);
			token = rest.equals("null") ? null : rest;
		}
		request.nextToken(token);
		if (body.hasNonNull("limit")) {
			request.limit(body.get("limit").asInt());
		}
		if (body.hasNonNull("startFromHead")) {
			request.startFromHead(body.get("startFromHead").asBoolean());
		}
		return request.build();
	}

	private static String text(JsonNode body, String field) {
		return body.hasNonNull(field) ? body.get(field).asString() : null;
	}

	private static ObjectNode json(GetLogEventsResponse response) {
		ObjectNode json = JSON.createObjectNode();
		ArrayNode events = json.putArray("events");
		for (OutputLogEvent event : response.events()) {
			events.addObject()
				.put("timestamp", event.timestamp())
				.put("message", event.message())
				.put("ingestionTime", event.ingestionTime());
		}
		json.put("nextForwardToken", response.nextForwardToken());
		json.put("nextBackwardToken", response.nextBackwardToken());
		return json;
	}

	private static ObjectNode error(String code, String message) {
		ObjectNode error = JSON.createObjectNode();
		error.put("__type", code);
		error.put("message", message);
		return error;
	}

	private void respond(HttpExchange exchange, int status, JsonNode request, ObjectNode response) throws IOException {
		this.calls.add(new Call(request, response, exchange.getRequestHeaders().getFirst("Authorization")));
		byte[] body = JSON.writeValueAsBytes(response);
		exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
		exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
