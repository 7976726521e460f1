package dev.runboard.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.runboard.ssm.AwsErrorCodes;
import dev.runboard.ssm.InvalidQueryException;
import dev.runboard.ssm.InvocationView;
import dev.runboard.ssm.OutputLink;
import dev.runboard.ssm.PluginOutput;
import dev.runboard.ssm.PluginView;
import dev.runboard.ssm.S3Location;
import dev.runboard.ssm.SsmService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The boundary to the whole output of a plugin: ranged {@code GetObject} reads of the S3
 * objects and forward {@code GetLogEvents} pages of the log streams that SSM says the
 * plugin wrote, a bounded chunk per call with the place to go on from. Where the output
 * lives comes only from SSM's answer about the invocation (one cached
 * {@code ListCommandInvocations} call), never from the request. Nothing above this class
 * sees an SDK type, and no failure to read escapes it: it becomes a sentence in the
 * chunk.
 */
public class OutputService {

	private static final Log logger = LogFactory.getLog(OutputService.class);

	/**
	 * {@code GetLogEvents} calls one chunk makes at most; the service may answer with
	 * empty pages before the events, so paging is bounded by calls as well as by bytes.
	 */
	static final int MAX_LOG_PAGES = 10;

	private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

	private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchBucket", "ResourceNotFoundException");

	private final S3Client s3;

	private final CloudWatchLogsClient logs;

	private final int maxBytes;

	private final int logEventsLimit;

	private final MeterRegistry meters;

	public OutputService(S3Client s3, CloudWatchLogsClient logs, OutputProperties properties, MeterRegistry meters) {
		this.s3 = s3;
		this.logs = logs;
		this.maxBytes = (int) properties.maxBytes().toBytes();
		this.logEventsLimit = properties.logEventsLimit();
		this.meters = meters;
	}

	/**
	 * One chunk of the output the query names.
	 * @throws InvalidQueryException when the invocation has no such plugin
	 */
	/**
	 * One chunk of the whole output of an invocation that {@code ssm} (the invocation's
	 * account and region) knows.
	 */
	public OutputChunk read(SsmService ssm, OutputQuery query) {
		InvocationView invocation = ssm.invocation(query.commandId(), query.instanceId());
		PluginView plugin = invocation.plugins()
			.stream()
			.filter((candidate) -> query.plugin().equals(candidate.name()))
			.findFirst()
			.orElseThrow(() -> new InvalidQueryException("plugin",
					"plugin: not a plugin of this invocation; its " + "plugins are "
							+ String.join(", ", invocation.plugins().stream().map(PluginView::name).toList()) + "."));
		return OutputQuery.S3.equals(query.source()) ? readS3(query, plugin) : readLogs(query, invocation, plugin);
	}

	private OutputChunk readS3(OutputQuery query, PluginView plugin) {
		List<OutputLink> links = links(plugin, "s3-" + query.stream());
		S3Location object = "stderr".equals(query.stream()) ? plugin.stderrObject() : plugin.stdoutObject();
		if (object == null) {
			return OutputChunk.problem(OutputQuery.S3, null, "SSM names no S3 object for this plugin's "
					+ query.stream() + ": the command did not write its output to S3.", links);
		}
		String location = "S3 object " + object.uri();
		GetObjectRequest request = GetObjectRequest.builder()
			.bucket(object.bucket())
			.key(object.key())
			.range("bytes=" + query.offset() + "-" + (query.offset() + this.maxBytes - 1))
			.build();
		Slice slice;
		try {
			slice = timed("GetObject", () -> this.s3.getObject(request, this::slice));
		}
		catch (SdkException ex) {
			String code = code(ex);
			if (NOT_FOUND.contains(code)) {
				return OutputChunk.problem(OutputQuery.S3, location, "The S3 object " + object.uri()
						+ " does not exist (yet): the agent uploads output when the plugin ends, and lifecycle rules "
						+ "may have removed it since.", links);
			}
			if ("InvalidRange".equals(code)) {
				return (query.offset() == 0)
						? new OutputChunk(OutputQuery.S3, location, "", 0, 0, null, 0L, false, null, links)
						: OutputChunk.problem(OutputQuery.S3, location, "The S3 object ends before byte "
								+ query.offset() + " now; it was replaced. Read it again from the start.", links);
			}
			return OutputChunk.problem(OutputQuery.S3, location,
					failure(ex, "s3:GetObject", "S3", "the object " + object.uri()), links);
		}
		if (slice.start() != query.offset()) {
			return OutputChunk.problem(OutputQuery.S3, location,
					"The S3 endpoint ignored the byte range Runboard asked for; this output cannot be read in place.",
					links);
		}
		byte[] bytes = slice.bytes();
		long end = query.offset() + bytes.length;
		boolean more = (slice.total() != null) ? end < slice.total() : bytes.length == this.maxBytes;
		int keep = more ? boundary(bytes) : bytes.length;
		String text = PluginOutput.readable(new String(bytes, 0, keep, StandardCharsets.UTF_8));
		return new OutputChunk(OutputQuery.S3, location, text, query.offset(), query.offset() + keep, null,
				slice.total(), more, null, links);
	}

	/** What came back of one ranged read, at most {@code maxBytes}. */
	private record Slice(long start, byte[] bytes, Long total) {

	}

	private Slice slice(GetObjectResponse response, AbortableInputStream in) throws IOException {
		byte[] bytes = in.readNBytes(this.maxBytes);
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

	private OutputChunk readLogs(OutputQuery query, InvocationView invocation, PluginView plugin) {
		List<OutputLink> links = links(plugin, "stdout".equals(query.stream()) ? "cloudwatch" : "cloudwatch-stderr");
		String group = invocation.cloudWatchLogGroup();
		if (group == null) {
			return OutputChunk.problem(OutputQuery.CLOUDWATCH, null,
					"This command did not send its output to CloudWatch Logs.", links);
		}
		String stream = invocation.logStream(plugin.name(), query.stream());
		String location = "CloudWatch Logs group " + group + ", stream " + stream;
		StringBuilder text = new StringBuilder();
		long bytes = 0;
		String token = query.token();
		boolean end = false;
		for (int page = 0; page < MAX_LOG_PAGES && bytes < this.maxBytes; page++) {
			GetLogEventsRequest request = GetLogEventsRequest.builder()
				.logGroupName(group)
				.logStreamName(stream)
				.startFromHead(true)
				.limit(this.logEventsLimit)
				.nextToken(token)
				.build();
			GetLogEventsResponse response;
			try {
				response = timed("GetLogEvents", () -> this.logs.getLogEvents(request));
			}
			catch (SdkException ex) {
				if (page > 0) {
					// Keep what was read; "Load more" asks again from here.
					break;
				}
				String code = code(ex);
				if (NOT_FOUND.contains(code)) {
					return OutputChunk.problem(OutputQuery.CLOUDWATCH, location,
							"The log stream " + stream + " does not exist (yet) in " + group
									+ ": the agent creates it when the plugin first "
									+ "writes, and the group's retention may have removed it since.",
							links);
				}
				if ("InvalidParameterException".equals(code) && token != null) {
					return OutputChunk.problem(OutputQuery.CLOUDWATCH, location, "CloudWatch Logs no longer "
							+ "accepts this page token. Read the output again from the start.", links);
				}
				return OutputChunk.problem(OutputQuery.CLOUDWATCH, location,
						failure(ex, "logs:GetLogEvents", "CloudWatch Logs", "the log group " + group), links);
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
		return new OutputChunk(OutputQuery.CLOUDWATCH, location, PluginOutput.readable(text.toString()), 0, 0,
				end ? null : token, null, !end, null, links);
	}

	private static List<OutputLink> links(PluginView plugin, String kind) {
		return plugin.links().stream().filter((link) -> link.kind().equals(kind)).toList();
	}

	private <T> T timed(String operation, Supplier<T> call) {
		Timer.Sample sample = Timer.start(this.meters);
		String outcome = "success";
		try {
			return call.get();
		}
		catch (SdkException ex) {
			outcome = (ex instanceof AwsServiceException) ? "error" : "unreachable";
			throw ex;
		}
		finally {
			sample.stop(Timer.builder("runboard.output.requests")
				.description("Reads of whole output from S3 and CloudWatch Logs, after the SDK's retries")
				.tag("operation", operation)
				.tag("outcome", outcome)
				.register(this.meters));
		}
	}

	private static String code(SdkException ex) {
		if (ex instanceof AwsServiceException service && service.awsErrorDetails() != null
				&& service.awsErrorDetails().errorCode() != null) {
			return service.awsErrorDetails().errorCode();
		}
		return "";
	}

	/**
	 * A sentence a person can act on for a failure that is not a missing object or
	 * stream.
	 */
	private static String failure(SdkException ex, String action, String service, String what) {
		if (ex instanceof AwsServiceException aws) {
			String code = code(ex);
			if (aws.isThrottlingException()) {
				logger.warn(service + " throttled " + action + " after retries: " + code);
				return "AWS is throttling " + service + " requests for this account, even after Runboard's retries. "
						+ "Wait a few seconds and try again.";
			}
			if (AwsErrorCodes.INVALID_CREDENTIALS.contains(code)) {
				logger.warn(service + " rejected the credentials for " + action + ": " + aws.getMessage());
				return AwsErrorCodes.INVALID_CREDENTIALS_SENTENCE;
			}
			if (AwsErrorCodes.ACCESS_DENIED.contains(code)
					|| (aws.statusCode() == 403 && !AwsErrorCodes.EXPIRED_CREDENTIALS.contains(code))) {
				logger.warn(service + " denied " + action + ": " + aws.getMessage());
				return "AWS denied Runboard's request to read " + what + ": its IAM role needs the " + action
						+ " permission for it. The console link opens it with your own permissions.";
			}
			if (AwsErrorCodes.EXPIRED_CREDENTIALS.contains(code)) {
				logger.warn(service + " rejected expired credentials for " + action + ": " + aws.getMessage());
				return "The AWS credentials Runboard uses have expired; renew them (or the role session) and try "
						+ "again.";
			}
			logger.warn(service + " failed " + action + " with " + code + " (HTTP " + aws.statusCode() + ")", ex);
			return service + " answered " + action + " with an error (" + (code.isEmpty() ? aws.statusCode() : code)
					+ "). Try again shortly.";
		}
		logger.warn("Cannot reach " + service + " for " + action + ": " + ex.getMessage());
		return "Runboard cannot reach " + service + " right now. Check the network path to its endpoint and try "
				+ "again.";
	}

}
