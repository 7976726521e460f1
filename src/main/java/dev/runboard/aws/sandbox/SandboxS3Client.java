package dev.runboard.aws.sandbox;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;

/**
 * The sandbox's output bucket: an {@link S3Client} whose objects are the plugins' whole
 * output at the keys their {@code StandardOutputUrl} and {@code StandardErrorUrl} name.
 * {@code GetObject} honours {@code Range} as S3 does: a satisfiable range gets that slice
 * and a {@code Content-Range}, one that starts past the end is {@code InvalidRange}
 * (416), a malformed one is ignored, and an unknown key is {@code NoSuchKey}.
 */
public class SandboxS3Client implements S3Client {

	private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

	private final SandboxData data;

	private final Clock clock;

	public SandboxS3Client(SandboxData data, Clock clock) {
		this.data = data;
		this.clock = clock;
	}

	@Override
	public <ReturnT> ReturnT getObject(GetObjectRequest request,
			ResponseTransformer<GetObjectResponse, ReturnT> transformer) {
		StoredObject object = object(request.bucket(), request.key()).orElseThrow(
				() -> error(NoSuchKeyException.builder(), 404, "NoSuchKey", "The specified key does not exist."));
		byte[] bytes = object.bytes();
		long[] range = range(request.range(), bytes.length);
		int start = (range != null) ? (int) range[0] : 0;
		int length = (range != null) ? (int) (range[1] - range[0] + 1) : bytes.length;
		GetObjectResponse.Builder response = GetObjectResponse.builder()
			.contentLength((long) length)
			.contentType("text/plain; charset=utf-8")
			.eTag(object.eTag())
			.lastModified(object.lastModified())
			.acceptRanges("bytes");
		if (range != null) {
			response.contentRange("bytes " + range[0] + "-" + range[1] + "/" + bytes.length);
		}
		try {
			return transformer.transform(response.build(),
					AbortableInputStream.create(new ByteArrayInputStream(bytes, start, length)));
		}
		catch (Exception ex) {
			throw SdkClientException.create("Could not hand over the object " + request.key(), ex);
		}
	}

	/**
	 * The first and last byte a {@code Range} header asks for within {@code size}, or
	 * {@code null} for the whole object (no header, or one S3 would ignore).
	 */
	private static long[] range(String header, long size) {
		Matcher matcher = (header != null) ? RANGE.matcher(header.strip()) : null;
		if (matcher == null || !matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
			return null;
		}
		long first;
		long last;
		if (matcher.group(1).isEmpty()) {
			long suffix = Long.parseLong(matcher.group(2));
			first = Math.max(0, size - suffix);
			last = size - 1;
		}
		else {
			first = Long.parseLong(matcher.group(1));
			last = matcher.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(matcher.group(2)), size - 1);
			if (last < first && first < size) {
				return null;
			}
		}
		if (first >= size || size == 0) {
			throw error(S3Exception.builder(), 416, "InvalidRange", "The requested range is not satisfiable");
		}
		return new long[] { first, last };
	}

	private Optional<StoredObject> object(String bucket, String key) {
		Instant now = this.clock.instant();
		String path = "/" + bucket + "/" + key;
		for (CommandInvocation invocation : this.data.invocationsAt(now)) {
			for (CommandPlugin plugin : invocation.commandPlugins()) {
				String stream = path.equals(path(plugin.standardOutputUrl())) ? SandboxStreams.STDOUT
						: path.equals(path(plugin.standardErrorUrl())) ? SandboxStreams.STDERR : null;
				if (stream != null) {
					Instant lastModified = Objects.requireNonNullElse(plugin.responseFinishDateTime(), now);
					return SandboxStreams.text(this.data, invocation, plugin, stream, now)
						.map((text) -> new StoredObject(text.getBytes(StandardCharsets.UTF_8), lastModified));
				}
			}
		}
		return Optional.empty();
	}

	/** The decoded path of a path-style object URL: {@code /bucket/key}. */
	private static String path(String url) {
		if (url == null || url.isEmpty()) {
			return null;
		}
		try {
			return new URI(url).getPath();
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static <E extends S3Exception> E error(S3Exception.Builder builder, int status, String code,
			String message) {
		@SuppressWarnings("unchecked")
		E error = (E) builder.message(message)
			.statusCode(status)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("S3").build())
			.build();
		return error;
	}

	private record StoredObject(byte[] bytes, Instant lastModified) {

		String eTag() {
			try {
				return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(this.bytes)) + "\"";
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	@Override
	public String serviceName() {
		return SERVICE_NAME;
	}

	@Override
	public void close() {
	}

}
