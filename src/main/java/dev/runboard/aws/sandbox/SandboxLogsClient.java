package dev.runboard.aws.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.runboard.aws.PluginOutput;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.model.CloudWatchOutputConfig;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;

/**
 * The sandbox's CloudWatch Logs: a {@link CloudWatchLogsClient} whose log streams are the
 * plugins' whole output, one event per line, in the groups and streams SSM writes to
 * ({@code <CommandId>/<InstanceId>/<step with ':' and '*' as '-'>/stdout|stderr}).
 * {@code GetLogEvents} pages like the service: at most {@code limit} events (10,000 by
 * default) and 1 MB per answer, opaque forward and backward tokens bound to their stream,
 * and at the end of the stream the forward token it was given.
 */
public class SandboxLogsClient implements CloudWatchLogsClient {

	private static final int MAX_EVENTS = 10_000;

	/** What one answer holds at most: each event counts its UTF-8 bytes plus 26. */
	private static final int MAX_BYTES = 1_048_576;

	private static final int EVENT_OVERHEAD = 26;

	private static final Pattern TOKEN = Pattern.compile("([fb])/(\\d{20})(\\d{36})/s");

	private final SandboxData data;

	private final Clock clock;

	public SandboxLogsClient(SandboxData data, Clock clock) {
		this.data = data;
		this.clock = clock;
	}

	@Override
	public GetLogEventsResponse getLogEvents(GetLogEventsRequest request) {
		String group = Objects.requireNonNullElse(request.logGroupName(), request.logGroupIdentifier());
		if (group == null || request.logStreamName() == null) {
			throw error(InvalidParameterException.builder(), "InvalidParameterException",
					"1 validation error detected: logGroupName and logStreamName are required");
		}
		int limit = (request.limit() != null) ? request.limit() : MAX_EVENTS;
		if (limit < 1 || limit > MAX_EVENTS) {
			throw error(InvalidParameterException.builder(), "InvalidParameterException",
					"1 validation error detected: Value '" + limit
							+ "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000");
		}
		Stream stream = stream(group, request.logStreamName());
		long fingerprint = Integer.toUnsignedLong((group + "\n" + request.logStreamName()).hashCode());
		List<String> lines = stream.lines();
		boolean forward;
		int position;
		if (request.nextToken() == null) {
			forward = Boolean.TRUE.equals(request.startFromHead());
			position = forward ? 0 : lines.size();
		}
		else {
			Matcher token = TOKEN.matcher(request.nextToken());
			if (!token.matches() || Long.parseLong(token.group(2)) != fingerprint
					|| Long.parseLong(token.group(3)) > lines.size()) {
				throw error(InvalidParameterException.builder(), "InvalidParameterException",
						"The specified nextToken is invalid.");
			}
			forward = token.group(1).equals("f");
			position = Integer.parseInt(token.group(3));
		}
		int first = position;
		int end = position;
		int bytes = 0;
		while (end - first < limit) {
			int next = forward ? end : first - 1;
			if (next < 0 || next >= lines.size()) {
				break;
			}
			bytes += lines.get(next).getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD;
			if (bytes > MAX_BYTES && end > first) {
				break;
			}
			if (forward) {
				end++;
			}
			else {
				first--;
			}
		}
		List<OutputLogEvent> events = new ArrayList<>();
		for (int i = first; i < end; i++) {
			Instant at = stream.startedAt().plusMillis(i);
			events.add(OutputLogEvent.builder()
				.timestamp(at.toEpochMilli())
				.ingestionTime(at.plusSeconds(1).toEpochMilli())
				.message(lines.get(i))
				.build());
		}
		return GetLogEventsResponse.builder()
			.events(events)
			.nextForwardToken(token("f", fingerprint, end))
			.nextBackwardToken(token("b", fingerprint, first))
			.build();
	}

	private static String token(String direction, long fingerprint, int position) {
		return String.format("%s/%020d%036d/s", direction, fingerprint, position);
	}

	/**
	 * One event per line; a final line break ends the last event rather than adding one.
	 */
	private Stream stream(String group, String streamName) {
		Instant now = this.clock.instant();
		boolean groupExists = false;
		for (CommandInvocation invocation : this.data.invocationsAt(now)) {
			if (!group.equals(logGroup(invocation))) {
				continue;
			}
			groupExists = true;
			for (CommandPlugin plugin : invocation.commandPlugins()) {
				String prefix = invocation.commandId() + "/" + invocation.instanceId() + "/"
						+ plugin.name().replace(':', '-').replace('*', '-') + "/";
				for (String name : PluginOutput.STREAMS) {
					if (streamName.equals(prefix + name)) {
						Optional<String> text = SandboxStreams.text(this.data, invocation, plugin, name, now);
						if (text.isPresent()) {
							String lines = text.get().endsWith("\n") ? text.get().substring(0, text.get().length() - 1)
									: text.get();
							return new Stream(List.of(lines.split("\n", -1)),
									Objects.requireNonNullElse(plugin.responseStartDateTime(), now));
						}
					}
				}
			}
		}
		throw error(ResourceNotFoundException.builder(), "ResourceNotFoundException",
				groupExists ? "The specified log stream does not exist." : "The specified log group does not exist.");
	}

	/**
	 * The group SSM sends an invocation's output to, or {@code null} when it sends none.
	 */
	private static String logGroup(CommandInvocation invocation) {
		CloudWatchOutputConfig config = invocation.cloudWatchOutputConfig();
		if (config == null || !Boolean.TRUE.equals(config.cloudWatchOutputEnabled())) {
			return null;
		}
		String name = config.cloudWatchLogGroupName();
		return (name != null && !name.isEmpty()) ? name : "/aws/ssm/" + invocation.documentName();
	}

	private record Stream(List<String> lines, Instant startedAt) {

	}

	private static <E extends CloudWatchLogsException> E error(CloudWatchLogsException.Builder builder, String code,
			String message) {
		@SuppressWarnings("unchecked")
		E error = (E) builder.message(message)
			.statusCode(400)
			.awsErrorDetails(AwsErrorDetails.builder()
				.errorCode(code)
				.errorMessage(message)
				.serviceName("CloudWatchLogs")
				.build())
			.build();
		return error;
	}

	@Override
	public String serviceName() {
		return SERVICE_NAME;
	}

	@Override
	public void close() {
	}

}
