package dev.runboard.testing;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

/**
 * A local CloudWatch Logs endpoint speaking the service's wire protocol, AWS JSON 1.1
 * ({@code POST /} with {@code X-Amz-Target: Logs_20140328.GetLogEvents}), for
 * {@code GetLogEvents}. WireMock serves it: a transformer hands each request to a backing
 * {@link CloudWatchLogsClient} (usually the sandbox's, which pages like the service), the
 * journal records every request with its answer, and injected failures and empty pages
 * are stubs of scenarios that answer before the backend does.
 * <p>
 * An extension as {@link FakeSsmServer} is, with the same lifecycle: registered as a
 * static {@code @RegisterExtension} field it forgets its requests, failures and empty
 * pages before each test; {@link #local(CloudWatchLogsClient)} serves a class's backend
 * on the JVM's endpoint, which {@code @RunboardTest} contexts read log streams from, and
 * one made with {@code new} stops after the class's last test.
 */
public final class FakeLogsServer extends LocalEndpoint {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TARGET = "Logs_20140328.GetLogEvents";

	private static final String GET_LOG_EVENTS = "logs-get-log-events";

	/** The transformer's parameter that asks for an empty page: how many follow it. */
	private static final String EMPTY_PAGES_AFTER = "emptyPagesAfter";

	private static final String FAILURES = "failures";

	private static final String EMPTY_PAGES = "empty pages";

	private static volatile FakeLogsServer shared;

	private final CloudWatchLogsClient backend;

	private final Wire wire;

	/** The server and what it keeps, shared between the views of one endpoint. */
	private static final class Wire {

		private final GetLogEvents answers = new GetLogEvents();

		private final WireMockServer server = LocalWireMock.start(this.answers);

		/** How many failures were injected since the last reset, answered or not. */
		private final AtomicInteger failures = new AtomicInteger();

		private final List<StubMapping> emptyPages = new CopyOnWriteArrayList<>();

	}

	/**
	 * One request the SDK sent and what it got back.
	 *
	 * @param request the JSON request body, or {@code null} when it was no
	 * {@code GetLogEvents}
	 * @param response the JSON answer: the events and tokens, or the error
	 */
	public record Call(JsonNode request, JsonNode response, String authorization) {

		static Call of(ServeEvent event) {
			boolean getLogEvents = event.getRequest().getMethod().equals(RequestMethod.POST)
					&& TARGET.equals(event.getRequest().getHeader("X-Amz-Target"));
			return new Call(getLogEvents ? JSON.readTree(event.getRequest().getBody()) : null,
					JSON.readTree(event.getResponse().getBody()), event.getRequest().getHeader("Authorization"));
		}

	}

	/** A second endpoint of the caller's own, serving {@code backend}. */
	public FakeLogsServer(CloudWatchLogsClient backend) {
		this(backend, new Wire(), false);
		reset();
	}

	private FakeLogsServer(CloudWatchLogsClient backend, Wire wire, boolean local) {
		super(local);
		this.backend = backend;
		this.wire = wire;
	}

	/**
	 * The JVM's endpoint, serving {@code backend} to the registering class's tests.
	 */
	public static FakeLogsServer local(CloudWatchLogsClient backend) {
		return new FakeLogsServer(backend, shared().wire, true);
	}

	static synchronized FakeLogsServer shared() {
		if (shared == null) {
			shared = new FakeLogsServer(null, new Wire(), true);
			shared.reset();
		}
		return shared;
	}

	public URI endpoint() {
		return LocalWireMock.endpoint(this.wire.server);
	}

	/** The {@code GetLogEvents} requests the SDK sent, in order, with their answers. */
	public List<Call> calls() {
		return LocalWireMock.served(this.wire.server).stream().map(Call::of).toList();
	}

	/**
	 * Forgets the requests, failures and empty pages, and serves this class's backend
	 * from now on.
	 */
	@Override
	public void reset() {
		this.wire.answers.backend = this.backend;
		this.wire.server.resetAll();
		this.wire.failures.set(0);
		this.wire.emptyPages.clear();
		stubGetLogEvents();
	}

	/**
	 * The next {@code times} requests fail with this JSON 1.1 error, after any failures
	 * injected before.
	 */
	public void failNext(int times, int status, String code, String message) {
		for (int i = 0; i < times; i++) {
			this.wire.server.stubFor(
					LocalWireMock.turn(getLogEvents().atPriority(1), FAILURES, this.wire.failures.getAndIncrement())
						.willReturn(json(status, error(code, message))));
		}
	}

	/**
	 * The next {@code pages} answers hold no events but a new forward token, as the
	 * service answers while it scans time ranges without events; the token of such a page
	 * leads on to the events the request would have found. Replaces empty pages asked for
	 * before.
	 */
	public void emptyPagesFirst(int pages) {
		// WireMock forgets a scenario with its last stub: the new one starts afresh.
		this.wire.emptyPages.forEach(this.wire.server::removeStub);
		this.wire.emptyPages.clear();
		for (int page = 0; page < pages; page++) {
			this.wire.emptyPages
				.add(this.wire.server.stubFor(LocalWireMock.turn(getLogEvents().atPriority(2), EMPTY_PAGES, page)
					.willReturn(aResponse().withTransformer(GET_LOG_EVENTS, EMPTY_PAGES_AFTER, pages - page - 1))));
		}
	}

	@Override
	void stop() {
		this.wire.server.stop();
	}

	private void stubGetLogEvents() {
		this.wire.server.stubFor(getLogEvents().atPriority(3).willReturn(aResponse().withTransformers(GET_LOG_EVENTS)));
		this.wire.server.stubFor(any(anyUrl()).atPriority(4)
			.willReturn(json(400, error("UnknownOperationException", "Expected POST / with X-Amz-Target " + TARGET))));
	}

	private static MappingBuilder getLogEvents() {
		return post(anyUrl()).withHeader("X-Amz-Target", equalTo(TARGET));
	}

	private static ObjectNode error(String code, String message) {
		ObjectNode error = JSON.createObjectNode();
		error.put("__type", code);
		error.put("message", message);
		return error;
	}

	private static ResponseDefinitionBuilder json(int status, ObjectNode body) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/x-amz-json-1.1")
			.withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
			.withBody(JSON.writeValueAsBytes(body));
	}

	/**
	 * Answers with the backend's page of events, or with an empty page when the stub asks
	 * for one.
	 */
	private static final class GetLogEvents implements ResponseDefinitionTransformerV2 {

		private volatile CloudWatchLogsClient backend;

		@Override
		public String getName() {
			return GET_LOG_EVENTS;
		}

		@Override
		public boolean applyGlobally() {
			return false;
		}

		@Override
		public ResponseDefinition transform(ServeEvent event) {
			GetLogEventsRequest request = request(JSON.readTree(event.getRequest().getBody()));
			Integer emptyPagesAfter = event.getTransformerParameters().getInt(EMPTY_PAGES_AFTER, null);
			if (emptyPagesAfter != null) {
				ObjectNode empty = JSON.createObjectNode();
				empty.putArray("events");
				empty.put("nextForwardToken", "e/" + emptyPagesAfter + "/" + request.nextToken());
				empty.put("nextBackwardToken", "b/empty");
				return json(200, empty).build();
			}
			try {
				return json(200, body(this.backend.getLogEvents(request))).build();
			}
			catch (AwsServiceException ex) {
				return json(ex.statusCode(), error(ex.awsErrorDetails().errorCode(), ex.getMessage())).build();
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

		private static ObjectNode body(GetLogEventsResponse response) {
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

	}

}
