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
import dev.runboard.aws.OutputProperties;
import dev.runboard.aws.OutputRequest;
import dev.runboard.aws.PluginOutput;
import dev.runboard.aws.PluginView;
import dev.runboard.aws.S3Location;
import dev.runboard.aws.sdk.AwsCalls.Service;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The whole output of a plugin: ranged {@code GetObject} reads of the S3 objects and
 * forward {@code GetLogEvents} pages of the log streams that SSM says the plugin wrote, a
 * bounded chunk per read with the place to go on from. Where the output lives comes only
 * from SSM's answer about the invocation, never from the request. No failure to read
 * escapes this class: it becomes a sentence in the chunk.
 */
final class WholeOutputReader {

	/**
	 * {@code GetLogEvents} calls one chunk makes at most; the service may answer with
	 * empty pages before the events, so paging is bounded by calls as well as by bytes.
	 */
	static final int MAX_LOG_PAGES = 10;

	private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

	private final S3Client s3;

	private final CloudWatchLogsClient logs;

	private final AwsCalls calls;

	private final Limits limits;

	/**
	 * How much one read takes.
	 *
	 * @param maxBytes bytes one chunk shows at most
	 * @param logEventsLimit the {@code limit} of each {@code GetLogEvents} call
	 */
	record Limits(int maxBytes, int logEventsLimit) {

		static Limits of(OutputProperties properties) {
			return new Limits((int) properties.maxBytes().toBytes(), properties.logEventsLimit());
		}

	}

	WholeOutputReader(S3Client s3, CloudWatchLogsClient logs, AwsCalls calls, Limits limits) {
		this.s3 = s3;
		this.logs = logs;
		this.calls = calls;
		this.limits = limits;
	}

	OutputChunk read(OutputRequest request, InvocationView invocation, PluginView plugin) {
		return OutputRequest.S3.equals(request.place()) ? readS3(request, plugin)
				: readLogs(request, invocation, plugin);
	}

	private OutputChunk readS3(OutputRequest request, PluginView plugin) {
		List<OutputLink> links = links(plugin, "s3-" + request.stream());
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
			return OutputChunk.problem(OutputRequest.S3, location, sentence(ex, "the object " + object.uri()), links);
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

	private OutputChunk readLogs(OutputRequest request, InvocationView invocation, PluginView plugin) {
		List<OutputLink> links = links(plugin, "stdout".equals(request.stream()) ? "cloudwatch" : "cloudwatch-stderr");
		String group = invocation.cloudWatchLogGroup();
		if (group == null) {
			return OutputChunk.problem(OutputRequest.CLOUDWATCH, null,
					"This command did not send its output to CloudWatch Logs.", links);
		}
		String stream = OutputLinks.logStream(invocation.commandId(), invocation.instanceId(), plugin.name(),
				request.stream());
		String location = "CloudWatch Logs group " + group + ", stream " + stream;
		StringBuilder text = new StringBuilder();
		long bytes = 0;
		String token = request.token();
		boolean end = false;
		for (int page = 0; page < MAX_LOG_PAGES && bytes < this.limits.maxBytes(); page++) {
			GetLogEventsRequest get = GetLogEventsRequest.builder()
				.logGroupName(group)
				.logStreamName(stream)
				.startFromHead(true)
				.limit(this.limits.logEventsLimit())
				.nextToken(token)
				.build();
			GetLogEventsResponse response;
			try {
				response = this.calls.call(Service.LOGS, "GetLogEvents", () -> this.logs.getLogEvents(get));
			}
			catch (AwsFailure ex) {
				if (page > 0) {
					// Keep what was read; "Load more" asks again from here.
					break;
				}
				if (ex.kind() == AwsFailure.Kind.NOT_FOUND) {
					return OutputChunk.problem(OutputRequest.CLOUDWATCH, location,
							"The log stream " + stream + " does not exist (yet) in " + group
									+ ": the agent creates it when the plugin first "
									+ "writes, and the group's retention may have removed it since.",
							links);
				}
				if (token != null && "InvalidParameterException".equals(ex.code())) {
					return OutputChunk.problem(OutputRequest.CLOUDWATCH, location, "CloudWatch Logs no longer "
							+ "accepts this page token. Read the output again from the start.", links);
				}
				return OutputChunk.problem(OutputRequest.CLOUDWATCH, location, sentence(ex, "the log group " + group),
						links);
			}
			for (OutputLogEvent event : response.events()) {
				String message = (event.message() != null) ? event.message() : "";
				text.append(message);
				if (!message.endsWith("\n")) {
					text.append('\n');
				}
				bytes += message.getBytes(StandardCharsets.UTF_8).length + 1;
			}
			String next = response.nextForwardToken();
			// The service answers the end of a stream with the token it was given.
			if (next == null || next.equals(token)) {
				end = true;
				break;
			}
			token = next;
		}
		return new OutputChunk(OutputRequest.CLOUDWATCH, location, PluginOutput.readable(text.toString()), 0, 0,
				end ? null : token, null, !end, null, links);
	}

	/** A refusal names what Runboard could not read, and the way around it. */
	private static String sentence(AwsFailure failure, String what) {
		if (failure.kind() == AwsFailure.Kind.DENIED) {
			return "AWS denied Runboard's request to read " + what + ": its IAM role needs the " + failure.action()
					+ " permission for it. The console link opens it with your own permissions.";
		}
		return failure.getMessage();
	}

	private static List<OutputLink> links(PluginView plugin, String kind) {
		return plugin.links().stream().filter((link) -> link.kind().equals(kind)).toList();
	}

}
