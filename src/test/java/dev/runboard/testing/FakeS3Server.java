package dev.runboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A local S3 endpoint speaking S3's REST protocol for {@code GetObject}, path-style:
 * {@code GET /<bucket>/<key>} with an optional {@code Range} header, answered with 200 or
 * 206 and {@code Content-Range}, and errors as S3's XML error documents. Requests are
 * handed to a backing {@link S3Client} (usually the sandbox's, which implements S3's
 * range semantics); every request is recorded and failures can be injected.
 */
public final class FakeS3Server implements AutoCloseable {

	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

	private final S3Client backend;

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final Deque<Failure> failures = new ArrayDeque<>();

	/**
	 * One request the SDK sent.
	 *
	 * @param method the HTTP method
	 * @param bucket the bucket, the first segment of the path
	 * @param key the object key, decoded
	 * @param range the {@code Range} header, or {@code null}
	 * @param query the raw query string, or {@code null}
	 * @param authorization the {@code Authorization} header: who signed it, for which
	 * region
	 */
	public record Call(String method, String bucket, String key, String range, String query, String authorization) {

	}

	private record Failure(int status, String code, String message) {

	}

	private record Answer(GetObjectResponse response, byte[] body) {

	}

	public FakeS3Server(S3Client backend) {
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

	public List<Call> calls() {
		return List.copyOf(this.calls);
	}

	public void reset() {
		this.calls.clear();
		synchronized (this.failures) {
			this.failures.clear();
		}
	}

	/** The next {@code times} requests fail with this S3 error. */
	public void failNext(int times, int status, String code, String message) {
		synchronized (this.failures) {
			for (int i = 0; i < times; i++) {
				this.failures.add(new Failure(status, code, message));
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			in.readAllBytes();
			String path = exchange.getRequestURI().getPath();
			int slash = path.indexOf('/', 1);
			String bucket = (slash > 0) ? path.substring(1, slash) : path.substring(1);
			String key = (slash > 0) ? path.substring(slash + 1) : "";
			String range = exchange.getRequestHeaders().getFirst("Range");
			this.calls.add(new Call(exchange.getRequestMethod(), bucket, key, range,
					exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization")));
			if (!"GET".equals(exchange.getRequestMethod()) || key.isEmpty()) {
				error(exchange, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.",
						key);
				return;
			}
			Failure failure;
			synchronized (this.failures) {
				failure = this.failures.poll();
			}
			if (failure != null) {
				error(exchange, failure.status(), failure.code(), failure.message(), key);
				return;
			}
			Answer answer;
			try {
				answer = this.backend.getObject(GetObjectRequest.builder().bucket(bucket).key(key).range(range).build(),
						(response, body) -> new Answer(response, body.readAllBytes()));
			}
			catch (AwsServiceException ex) {
				error(exchange, ex.statusCode(), ex.awsErrorDetails().errorCode(), ex.awsErrorDetails().errorMessage(),
						key);
				return;
			}
			GetObjectResponse response = answer.response();
			var headers = exchange.getResponseHeaders();
			headers.set("Content-Type", response.contentType());
			headers.set("ETag", response.eTag());
			headers.set("Last-Modified", HTTP_DATE.format(response.lastModified()));
			headers.set("Accept-Ranges", "bytes");
			headers.set("x-amz-request-id", UUID.randomUUID().toString());
			if (response.contentRange() != null) {
				headers.set("Content-Range", response.contentRange());
			}
			exchange.sendResponseHeaders((response.contentRange() != null) ? 206 : 200, answer.body().length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer.body());
			}
		}
	}

	private static void error(HttpExchange exchange, int status, String code, String message, String key)
			throws IOException {
		byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + xml(code) + "</Code><Message>"
				+ xml(message) + "</Message><Key>" + xml(key) + "</Key><RequestId>" + UUID.randomUUID()
				+ "</RequestId><HostId>fake</HostId></Error>")
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/xml");
		exchange.getResponseHeaders().set("x-amz-request-id", UUID.randomUUID().toString());
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static String xml(String text) {
		return String.valueOf(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
