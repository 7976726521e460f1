package dev.runboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * A local Systems Manager endpoint speaking the service's wire protocol, AWS JSON 1.1
 * ({@code POST /} with {@code X-Amz-Target: AmazonSSM.<Operation>}), so tests drive the
 * real SDK over real HTTP. Requests are unmarshalled into SDK request objects and handed
 * to a backing {@link SsmClient} (usually an in-memory one with the service's semantics);
 * its responses and exceptions go back as JSON 1.1 responses and errors. Every call is
 * recorded, and failures, latency, a rate limit and a gate that holds answers back can be
 * injected.
 * <p>
 * Registered on a test class as a static {@code @RegisterExtension} field, it forgets its
 * calls and injected faults before each test. The JVM's own endpoint, which every
 * {@code @RunboardTest} context reads as its {@code aws} source, is shared:
 * {@link #local(SsmClient)} serves a class's backend on it from the class's first test
 * on, and it runs as long as the JVM. One made with {@code new} is a second endpoint of
 * the class's own (another region, another account) and stops after the class's last
 * test.
 */
public final class FakeSsmServer extends LocalEndpoint {

	static {
		// The JDK's server writes a response's headers and body separately; with Nagle's
		// algorithm on, the client's delayed ACK holds every answer back by about 40 ms,
		// which SSM does not do. Read once, when the JDK's server is first used.
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient RELAY = HttpClient.newHttpClient();

	private static final String TARGET_PREFIX = "AmazonSSM.";

	/** The JVM's shared endpoint, started by the first {@link #local} call. */
	private static volatile FakeSsmServer shared;

	/** What this class's tests want served. */
	private final SsmClient backend;

	/** The server and what it records, shared between the views of one endpoint. */
	private final Wire wire;

	/** The endpoint's state: one per server, whichever class's backend it serves. */
	private static final class Wire {

		private volatile SsmClient backend;

		private HttpServer server;

		private final ExecutorService executor = Executors.newCachedThreadPool();

		private final List<Call> calls = new CopyOnWriteArrayList<>();

		private final Deque<Failure> failures = new ArrayDeque<>();

		private volatile Duration latency = Duration.ZERO;

		private volatile RateLimit rateLimit;

		private volatile CountDownLatch gate;

		private volatile Predicate<JsonNode> held = (body) -> true;

		private volatile int failFrom = Integer.MAX_VALUE;

		private volatile Failure lastingFailure;

		private volatile boolean hangingUp;

		private volatile String hangingUpOn;

		private volatile URI relay;

		private final AtomicInteger throttled = new AtomicInteger();

	}

	/**
	 * One request the SDK sent.
	 *
	 * @param operation the operation name, such as {@code ListCommandInvocations}
	 * @param body the JSON request body
	 * @param authorization the {@code Authorization} header: who signed it
	 */
	public record Call(String operation, JsonNode body, String authorization) {

		public Call(String operation, JsonNode body) {
			this(operation, body, null);
		}

	}

	/**
	 * @param operation the operation it fails, or {@code null} for whichever comes next
	 */
	private record Failure(String operation, int status, String code, String message) {

		boolean fails(String called) {
			return this.operation == null || this.operation.equals(called);
		}

	}

	/**
	 * A token bucket holding one second's worth of requests, refilled continuously: the
	 * shape of SSM's per-account, per-region limit.
	 */
	private static final class RateLimit {

		private final double perSecond;

		private double tokens;

		private long refilledAt = System.nanoTime();

		RateLimit(double perSecond) {
			this.perSecond = perSecond;
			this.tokens = perSecond;
		}

		synchronized boolean tryAcquire() {
			long now = System.nanoTime();
			this.tokens = Math.min(this.perSecond, this.tokens + (now - this.refilledAt) * this.perSecond / 1e9);
			this.refilledAt = now;
			if (this.tokens < 1) {
				return false;
			}
			this.tokens--;
			return true;
		}

	}

	/** A second endpoint of the caller's own, serving {@code backend}. */
	public FakeSsmServer(SsmClient backend) {
		this(backend, new Wire(), false);
		start(this.wire);
		this.wire.backend = backend;
	}

	private FakeSsmServer(SsmClient backend, Wire wire, boolean local) {
		super(local);
		this.backend = backend;
		this.wire = wire;
	}

	/**
	 * The JVM's endpoint, serving {@code backend} to the registering class's tests: the
	 * endpoint that {@code @RunboardTest} contexts read as their {@code aws} source.
	 */
	public static FakeSsmServer local(SsmClient backend) {
		return new FakeSsmServer(backend, shared().wire, true);
	}

	/**
	 * The JVM's endpoint, listing {@code invocations} (newest first) to the registering
	 * class's tests, as SSM in {@code eu-west-1} would: the sandbox's SSM engine over a
	 * fixed list.
	 */
	public static FakeSsmServer listing(List<CommandInvocation> invocations) {
		return local(new SandboxSsmClient((now) -> invocations, Clock.systemUTC(), Region.EU_WEST_1));
	}

	/**
	 * The JVM's endpoint, started on first use: an account with no command, to a class
	 * that registers no backend of its own.
	 */
	static synchronized FakeSsmServer shared() {
		if (shared == null) {
			FakeSsmServer server = new FakeSsmServer(
					new SandboxSsmClient((now) -> List.of(), Clock.systemUTC(), Region.EU_WEST_1), new Wire(), true);
			server.wire.backend = server.backend;
			start(server.wire);
			shared = server;
		}
		return shared;
	}

	@Override
	void release() {
		shared().reset();
	}

	private static void start(Wire wire) {
		try {
			wire.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		wire.server.setExecutor(wire.executor);
		wire.server.createContext("/", (exchange) -> handle(wire, exchange));
		wire.server.start();
	}

	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.wire.server.getAddress().getPort());
	}

	public List<Call> calls() {
		return List.copyOf(this.wire.calls);
	}

	public List<Call> calls(String operation) {
		return this.wire.calls.stream().filter((call) -> call.operation().equals(operation)).toList();
	}

	/**
	 * Forgets the calls and every injected fault, and serves this class's backend from
	 * now on.
	 */
	@Override
	public void reset() {
		Wire wire = this.wire;
		wire.backend = this.backend;
		wire.calls.clear();
		synchronized (wire.failures) {
			wire.failures.clear();
		}
		wire.latency = Duration.ZERO;
		wire.rateLimit = null;
		wire.throttled.set(0);
		wire.failFrom = Integer.MAX_VALUE;
		wire.lastingFailure = null;
		wire.hangingUp = false;
		wire.hangingUpOn = null;
		wire.relay = null;
		CountDownLatch held = wire.gate;
		wire.gate = null;
		wire.held = (body) -> true;
		if (held != null) {
			held.countDown();
		}
	}

	/**
	 * Until the next reset, every request is passed on as it came to {@code endpoint},
	 * and its answer back as it was, byte for byte: for answers recorded from SSM itself,
	 * served by a stub there. Calls are still recorded here.
	 */
	public void relayTo(URI endpoint) {
		this.wire.relay = endpoint;
	}

	/**
	 * Every request from now until the next reset gets its connection closed without an
	 * answer, as from an endpoint that cannot be reached.
	 */
	public void hangUp() {
		this.wire.hangingUp = true;
	}

	/**
	 * Every request for {@code operation} from now until the next reset is received,
	 * recorded, and then its connection closed without an answer: as a connection lost
	 * after the request went out, when the service may have acted on it.
	 */
	public void hangUpOn(String operation) {
		this.wire.hangingUpOn = operation;
	}

	/** The next {@code times} requests fail with this JSON 1.1 error. */
	public void failNext(int times, int status, String code, String message) {
		failNext(null, times, status, code, message);
	}

	/**
	 * The next {@code times} requests for {@code operation} fail with this JSON 1.1
	 * error.
	 */
	public void failNext(String operation, int times, int status, String code, String message) {
		synchronized (this.wire.failures) {
			for (int i = 0; i < times; i++) {
				this.wire.failures.add(new Failure(operation, status, code, message));
			}
		}
	}

	/**
	 * Every request from the {@code call}-th on (counting from 1 since the last reset)
	 * fails with this JSON 1.1 error, as a region that goes down midway does.
	 */
	public void failFrom(int call, int status, String code, String message) {
		this.wire.lastingFailure = new Failure(null, status, code, message);
		this.wire.failFrom = call;
	}

	/** Delay every answer, as a distant region would. */
	public void latency(Duration latency) {
		this.wire.latency = latency;
	}

	/**
	 * Answer {@code ThrottlingException} (HTTP 400, as SSM does) to requests beyond
	 * {@code perSecond} a second; a burst of up to one second's worth passes. Throttled
	 * requests are recorded as calls too, since each cost the account a request.
	 */
	public void throttleAbove(double perSecond) {
		this.wire.rateLimit = new RateLimit(perSecond);
	}

	/** How many requests {@link #throttleAbove} refused since the last reset. */
	public int throttled() {
		return this.wire.throttled.get();
	}

	/**
	 * Hold every answer until the returned latch is counted down (or {@link #reset}), so
	 * a test can make sure requests overlap without relying on timing. Each request waits
	 * at most 30 seconds, so a test that forgets to open the gate fails instead of
	 * hanging.
	 */
	public CountDownLatch hold() {
		return hold((body) -> true);
	}

	/**
	 * Like {@link #hold()}, for the requests whose JSON body matches {@code which} only;
	 * the others are answered as usual.
	 */
	public CountDownLatch hold(Predicate<JsonNode> which) {
		CountDownLatch latch = new CountDownLatch(1);
		this.wire.held = which;
		this.wire.gate = latch;
		return latch;
	}

	@Override
	void stop() {
		this.wire.server.stop(0);
		this.wire.executor.shutdownNow();
	}

	private static void handle(Wire wire, HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			byte[] requestBody = in.readAllBytes();
			String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
			if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
				respond(exchange, 400, error("UnknownOperationException", "Expected POST / with X-Amz-Target"));
				return;
			}
			String operation = target.substring(TARGET_PREFIX.length());
			JsonNode body = JSON.readTree(requestBody);
			wire.calls.add(new Call(operation, body, exchange.getRequestHeaders().getFirst("Authorization")));
			int number = wire.calls.size();
			if (wire.hangingUp || operation.equals(wire.hangingUpOn)) {
				// Closing the exchange before any answer drops the connection.
				return;
			}
			if (wire.relay != null) {
				relay(wire.relay, target, requestBody, exchange);
				return;
			}
			sleep(wire.latency);
			if (wire.held.test(body)) {
				awaitGate(wire.gate);
			}
			Failure failure;
			synchronized (wire.failures) {
				failure = wire.failures.stream()
					.filter((candidate) -> candidate.fails(operation))
					.findFirst()
					.orElse(null);
				wire.failures.remove(failure);
			}
			if (failure == null && number >= wire.failFrom) {
				failure = wire.lastingFailure;
			}
			if (failure != null) {
				respond(exchange, failure.status(), error(failure.code(), failure.message()));
				return;
			}
			RateLimit limit = wire.rateLimit;
			if (limit != null && !limit.tryAcquire()) {
				wire.throttled.incrementAndGet();
				respond(exchange, 400, error("ThrottlingException", "Rate exceeded"));
				return;
			}
			try {
				respond(exchange, 200, JSON.writeValueAsBytes(toJson(invoke(wire.backend, operation, body))));
			}
			catch (AwsServiceException ex) {
				respond(exchange, (ex.statusCode() > 0) ? ex.statusCode() : 400, error(errorCode(ex), ex.getMessage()));
			}
			catch (UnsupportedOperationException | ReflectiveOperationException ex) {
				respond(exchange, 400, error("UnknownOperationException", operation));
			}
		}
	}

	private static void relay(URI endpoint, String target, byte[] body, HttpExchange exchange) throws IOException {
		try {
			HttpResponse<byte[]> answer = RELAY.send(HttpRequest.newBuilder(endpoint)
				.header("X-Amz-Target", target)
				.header("Content-Type", "application/x-amz-json-1.1")
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build(), HttpResponse.BodyHandlers.ofByteArray());
			respond(exchange, answer.statusCode(), answer.body());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private static void sleep(Duration latency) {
		if (!latency.isZero()) {
			try {
				Thread.sleep(latency.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void awaitGate(CountDownLatch held) {
		if (held != null) {
			try {
				held.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static SdkPojo invoke(SsmClient backend, String operation, JsonNode body)
			throws ReflectiveOperationException {
		if (backend == null) {
			throw new UnsupportedOperationException("no backend served");
		}
		Class<?> requestType = Class.forName("software.amazon.awssdk.services.ssm.model." + operation + "Request");
		SdkPojo builder = (SdkPojo) requestType.getMethod("builder").invoke(null);
		fill(builder, body);
		Object request = ((SdkBuilder<?, ?>) builder).build();
		Method method = SsmClient.class.getMethod(Character.toLowerCase(operation.charAt(0)) + operation.substring(1),
				requestType);
		try {
			return (SdkPojo) method.invoke(backend, request);
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw ex;
		}
	}

	private static void fill(SdkPojo builder, JsonNode json) {
		for (SdkField<?> field : builder.sdkFields()) {
			JsonNode value = json.get(field.locationName());
			if (value != null && !value.isNull()) {
				field.set(builder, fromJson(field, value));
			}
		}
	}

	private static Object fromJson(SdkField<?> field, JsonNode value) {
		MarshallingType<?> type = field.marshallingType();
		if (type == MarshallingType.STRING) {
			return value.asString();
		}
		if (type == MarshallingType.INTEGER) {
			return value.asInt();
		}
		if (type == MarshallingType.LONG) {
			return value.asLong();
		}
		if (type == MarshallingType.BOOLEAN) {
			return value.asBoolean();
		}
		if (type == MarshallingType.INSTANT) {
			BigDecimal seconds = value.decimalValue();
			return Instant.ofEpochSecond(seconds.longValue(),
					seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
		}
		if (type == MarshallingType.LIST) {
			SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
			List<Object> list = new ArrayList<>();
			value.forEach((element) -> list.add(fromJson(member, element)));
			return list;
		}
		if (type == MarshallingType.MAP) {
			SdkField<?> member = field.getTrait(MapTrait.class).valueFieldInfo();
			Map<String, Object> map = new LinkedHashMap<>();
			value.properties().forEach((entry) -> map.put(entry.getKey(), fromJson(member, entry.getValue())));
			return map;
		}
		if (type == MarshallingType.SDK_POJO) {
			SdkPojo nested = field.constructor().get();
			fill(nested, value);
			return ((SdkBuilder<?, ?>) nested).build();
		}
		throw new IllegalArgumentException("Unsupported field type " + type + " of " + field.memberName());
	}

	private static ObjectNode toJson(SdkPojo pojo) {
		ObjectNode json = JSON.createObjectNode();
		for (SdkField<?> field : pojo.sdkFields()) {
			Object value = field.getValueOrDefault(pojo);
			if (value != null && !(value instanceof Collection<?> c && c.isEmpty() && isAutoConstructed(c))) {
				json.set(field.locationName(), toJsonValue(field, value));
			}
		}
		return json;
	}

	private static boolean isAutoConstructed(Collection<?> collection) {
		return collection.getClass().getSimpleName().startsWith("DefaultSdkAutoConstruct");
	}

	private static JsonNode toJsonValue(SdkField<?> field, Object value) {
		MarshallingType<?> type = field.marshallingType();
		if (type == MarshallingType.INSTANT) {
			Instant instant = (Instant) value;
			return JSON.getNodeFactory()
				.numberNode(BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9)));
		}
		if (type == MarshallingType.LIST) {
			SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
			ArrayNode array = JSON.createArrayNode();
			((List<?>) value).forEach((element) -> array.add(toJsonValue(member, element)));
			return array;
		}
		if (type == MarshallingType.MAP) {
			SdkField<?> member = field.getTrait(MapTrait.class).valueFieldInfo();
			ObjectNode map = JSON.createObjectNode();
			((Map<?, ?>) value).forEach((key, element) -> map.set(key.toString(), toJsonValue(member, element)));
			return map;
		}
		if (type == MarshallingType.SDK_POJO) {
			return toJson((SdkPojo) value);
		}
		return JSON.valueToTree(value);
	}

	private static String errorCode(AwsServiceException ex) {
		if (ex.awsErrorDetails() != null && ex.awsErrorDetails().errorCode() != null) {
			return ex.awsErrorDetails().errorCode();
		}
		String name = ex.getClass().getSimpleName();
		return name.endsWith("Exception") ? name.substring(0, name.length() - "Exception".length()) : name;
	}

	private static byte[] error(String code, String message) {
		ObjectNode error = JSON.createObjectNode();
		error.put("__type", code);
		error.put("message", message);
		return JSON.writeValueAsBytes(error);
	}

	private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
		exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
