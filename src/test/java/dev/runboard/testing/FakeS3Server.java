package dev.runboard.testing;

import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * A local S3 endpoint speaking S3's REST protocol for {@code GetObject}, path-style:
 * {@code GET /<bucket>/<key>} with an optional {@code Range} header, answered with 200 or
 * 206 and {@code Content-Range}, and errors as S3's XML error documents. WireMock serves
 * it: a transformer hands each request to a backing {@link S3Client} (usually the
 * sandbox's, which implements S3's range semantics), the journal records every request,
 * and injected failures are stubs of a scenario that answer before the backend does.
 * <p>
 * An extension as {@link FakeSsmServer} is, with the same lifecycle: registered as a
 * static {@code @RegisterExtension} field it forgets its requests and injected failures
 * before each test; {@link #local(S3Client)} serves a class's backend on the JVM's
 * endpoint, which {@code @RunboardTest} contexts read S3 from, and one made with
 * {@code new} stops after the class's last test.
 */
public final class FakeS3Server extends LocalEndpoint {

	private static final String GET_OBJECT = "s3-get-object";

	private static final String FAILURES = "failures";

	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

	private static volatile FakeS3Server shared;

	private final S3Client backend;

	private final Wire wire;

	/** The server and what it keeps, shared between the views of one endpoint. */
	private static final class Wire {

		private final GetObject answers = new GetObject();

		private final WireMockServer server = LocalWireMock.start(this.answers);

		/** How many failures were injected since the last reset, answered or not. */
		private final AtomicInteger failures = new AtomicInteger();

	}

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

		static Call of(Request request) {
			ObjectPath path = ObjectPath.of(request);
			return new Call(request.getMethod().getName(), path.bucket(), path.key(), request.getHeader("Range"),
					URI.create(request.getUrl()).getRawQuery(), request.getHeader("Authorization"));
		}

	}

	/** A second endpoint of the caller's own, serving {@code backend}. */
	public FakeS3Server(S3Client backend) {
		this(backend, new Wire(), false);
		reset();
	}

	private FakeS3Server(S3Client backend, Wire wire, boolean local) {
		super(local);
		this.backend = backend;
		this.wire = wire;
	}

	/**
	 * The JVM's endpoint, serving {@code backend} to the registering class's tests.
	 */
	public static FakeS3Server local(S3Client backend) {
		return new FakeS3Server(backend, shared().wire, true);
	}

	static synchronized FakeS3Server shared() {
		if (shared == null) {
			shared = new FakeS3Server(null, new Wire(), true);
			shared.reset();
		}
		return shared;
	}

	public URI endpoint() {
		return LocalWireMock.endpoint(this.wire.server);
	}

	public List<Call> calls() {
		return LocalWireMock.served(this.wire.server).stream().map((event) -> Call.of(event.getRequest())).toList();
	}

	/**
	 * Forgets the requests and injected failures, and serves this class's backend from
	 * now on.
	 */
	@Override
	public void reset() {
		this.wire.answers.backend = this.backend;
		this.wire.server.resetAll();
		this.wire.failures.set(0);
		stubGetObject();
	}

	/**
	 * The next {@code times} requests fail with this S3 error, after any failures
	 * injected before.
	 */
	public void failNext(int times, int status, String code, String message) {
		for (int i = 0; i < times; i++) {
			this.wire.server
				.stubFor(LocalWireMock.turn(getObject().atPriority(1), FAILURES, this.wire.failures.getAndIncrement())
					.willReturn(error(status, code, message)));
		}
	}

	@Override
	void stop() {
		this.wire.server.stop();
	}

	private void stubGetObject() {
		this.wire.server.stubFor(getObject().atPriority(2).willReturn(aResponse().withTransformers(GET_OBJECT)));
		this.wire.server.stubFor(any(anyUrl()).atPriority(3)
			.willReturn(error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")));
	}

	/** A {@code GET} of an object: a path with a bucket and a key. */
	private static MappingBuilder getObject() {
		return get(urlPathMatching("/[^/]+/.+"));
	}

	/** An S3 error document, which names the key of the request it answers. */
	private static ResponseDefinitionBuilder error(int status, String code, String message) {
		return aResponse().withTransformers(GET_OBJECT)
			.withTransformerParameters(Map.of("status", status, "code", code, "message", message));
	}

	/** The bucket and the decoded key of a path-style request. */
	private record ObjectPath(String bucket, String key) {

		static ObjectPath of(Request request) {
			String path = URI.create(request.getUrl()).getPath();
			int slash = path.indexOf('/', 1);
			return (slash > 0) ? new ObjectPath(path.substring(1, slash), path.substring(slash + 1))
					: new ObjectPath(path.substring(1), "");
		}

	}

	/**
	 * Answers with the backend's object, or with the error the stub names; either way as
	 * S3 answers.
	 */
	private static final class GetObject implements ResponseDefinitionTransformerV2 {

		private volatile S3Client backend;

		@Override
		public String getName() {
			return GET_OBJECT;
		}

		@Override
		public boolean applyGlobally() {
			return false;
		}

		@Override
		public ResponseDefinition transform(ServeEvent event) {
			ObjectPath path = ObjectPath.of(event.getRequest());
			Parameters error = event.getTransformerParameters();
			if (error.containsKey("code")) {
				return error(error.getInt("status"), error.getString("code"), error.getString("message"), path.key());
			}
			Answer answer;
			try {
				answer = this.backend.getObject(GetObjectRequest.builder()
					.bucket(path.bucket())
					.key(path.key())
					.range(event.getRequest().getHeader("Range"))
					.build(), (response, body) -> new Answer(response, body.readAllBytes()));
			}
			catch (AwsServiceException ex) {
				return error(ex.statusCode(), ex.awsErrorDetails().errorCode(), ex.awsErrorDetails().errorMessage(),
						path.key());
			}
			GetObjectResponse response = answer.response();
			ResponseDefinitionBuilder definition = aResponse().withStatus((response.contentRange() != null) ? 206 : 200)
				.withHeader("Content-Type", response.contentType())
				.withHeader("ETag", response.eTag())
				.withHeader("Last-Modified", HTTP_DATE.format(response.lastModified()))
				.withHeader("Accept-Ranges", "bytes")
				.withHeader("x-amz-request-id", UUID.randomUUID().toString())
				.withBody(answer.body());
			if (response.contentRange() != null) {
				definition.withHeader("Content-Range", response.contentRange());
			}
			return definition.build();
		}

		private static ResponseDefinition error(int status, String code, String message, String key) {
			return aResponse().withStatus(status)
				.withHeader("Content-Type", "application/xml")
				.withHeader("x-amz-request-id", UUID.randomUUID().toString())
				.withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + xml(code) + "</Code><Message>"
						+ xml(message) + "</Message><Key>" + xml(key) + "</Key><RequestId>" + UUID.randomUUID()
						+ "</RequestId><HostId>fake</HostId></Error>")
				.build();
		}

		private static String xml(String text) {
			return String.valueOf(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
		}

		private record Answer(GetObjectResponse response, byte[] body) {

		}

	}

}
