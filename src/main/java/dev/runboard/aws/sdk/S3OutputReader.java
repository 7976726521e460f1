package dev.runboard.aws.sdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.OutputChunk;
import dev.runboard.aws.OutputLink;
import dev.runboard.aws.OutputRequest;
import dev.runboard.aws.PluginOutput;
import dev.runboard.aws.PluginView;
import dev.runboard.aws.S3Location;
import dev.runboard.aws.sdk.AwsCalls.Service;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Whole output from the S3 objects SSM says a plugin wrote: ranged {@code GetObject}
 * reads, each chunk ending on a line or, failing that, a character.
 */
final class S3OutputReader implements WholeOutputReader {

	private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

	private final S3Client s3;

	private final AwsCalls calls;

	private final Limits limits;

	S3OutputReader(S3Client s3, AwsCalls calls, Limits limits) {
		this.s3 = s3;
		this.calls = calls;
		this.limits = limits;
	}

	@Override
	public String place() {
		return OutputRequest.S3;
	}

	@Override
	public OutputChunk read(OutputRequest request, InvocationView invocation, PluginView plugin) {
		List<OutputLink> links = WholeOutputReader.links(plugin, "s3-" + request.stream());
		S3Location object = "stderr".equals(request.stream()) ? plugin.stderrObject() : plugin.stdoutObject();
		if (object == null) {
			return OutputChunk.problem(OutputRequest.S3, null, "SSM names no S3 object for this plugin's "
					+ request.stream() + ": the command did not write its output to S3.", links);
		}
		String location = "S3 object " + object.uri();
		int maxBytes = this.limits.maxBytes();
		GetObjectRequest get = GetObjectRequest.builder()
			.bucket(object.bucket())
			.key(object.key())
			.range("bytes=" + request.offset() + "-" + (request.offset() + maxBytes - 1))
			.build();
		Slice slice;
		try {
			slice = this.calls.call(Service.S3, "GetObject", () -> this.s3.getObject(get, this::slice));
		}
		catch (AwsFailure ex) {
			if (ex.kind() == AwsFailure.Kind.NOT_FOUND) {
				return OutputChunk.problem(OutputRequest.S3, location, "The S3 object " + object.uri()
						+ " does not exist (yet): the agent uploads output when the plugin ends, and lifecycle rules "
						+ "may have removed it since.", links);
			}
			if ("InvalidRange".equals(ex.code())) {
				return (request.offset() == 0)
						? new OutputChunk(OutputRequest.S3, location, "", 0, 0, null, 0L, false, null, links)
						: OutputChunk.problem(OutputRequest.S3, location, "The S3 object ends before byte "
								+ request.offset() + " now; it was replaced. Read it again from the start.", links);
			}
			return OutputChunk.problem(OutputRequest.S3, location,
					WholeOutputReader.sentence(ex, "the object " + object.uri()), links);
		}
		if (slice.start() != request.offset()) {
			return OutputChunk.problem(OutputRequest.S3, location,
					"The S3 endpoint ignored the byte range Runboard asked for; this output cannot be read in place.",
					links);
		}
		byte[] bytes = slice.bytes();
		long end = request.offset() + bytes.length;
		boolean more = (slice.total() != null) ? end < slice.total() : bytes.length == maxBytes;
		int keep = more ? boundary(bytes) : bytes.length;
		String text = PluginOutput.readable(new String(bytes, 0, keep, StandardCharsets.UTF_8));
		return new OutputChunk(OutputRequest.S3, location, text, request.offset(), request.offset() + keep, null,
				slice.total(), more, null, links);
	}

	/** What came back of one ranged read, at most {@code maxBytes}. */
	private record Slice(long start, byte[] bytes, Long total) {

	}

	private Slice slice(GetObjectResponse response, AbortableInputStream in) throws IOException {
		byte[] bytes = in.readNBytes(this.limits.maxBytes());
		Long length = response.contentLength();
		if (length != null && length > bytes.length) {
			// An endpoint that ignored the range sends the whole object: drop the rest.
			in.abort();
		}
		Matcher range = (response.contentRange() != null) ? CONTENT_RANGE.matcher(response.contentRange()) : null;
		if (range != null && range.matches()) {
			return new Slice(Long.parseLong(range.group(1)), bytes,
					range.group(3).equals("*") ? null : Long.parseLong(range.group(3)));
		}
		return new Slice(0, bytes, length);
	}

	/**
	 * Where a chunk that is not the last should end: after its last line break, so lines
	 * stay whole, or else after its last whole UTF-8 character.
	 */
	static int boundary(byte[] bytes) {
		for (int i = bytes.length - 1; i >= 0; i--) {
			if (bytes[i] == '\n') {
				return i + 1;
			}
		}
		int continuation = 0;
		while (continuation < 3 && continuation < bytes.length
				&& (bytes[bytes.length - 1 - continuation] & 0xC0) == 0x80) {
			continuation++;
		}
		int lead = bytes.length - 1 - continuation;
		if (lead < 0) {
			return bytes.length;
		}
		int first = bytes[lead] & 0xFF;
		int length = (first >= 0xF0) ? 4 : (first >= 0xE0) ? 3 : (first >= 0xC0) ? 2 : 1;
		return (length > continuation + 1 && lead > 0) ? lead : bytes.length;
	}

}
