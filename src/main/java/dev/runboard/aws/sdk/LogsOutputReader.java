package dev.runboard.aws.sdk;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.OutputChunk;
import dev.runboard.aws.OutputLink;
import dev.runboard.aws.OutputRequest;
import dev.runboard.aws.PluginOutput;
import dev.runboard.aws.PluginView;
import dev.runboard.aws.sdk.AwsCalls.Service;

import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * Whole output from the CloudWatch Logs streams SSM says a plugin wrote: forward
 * {@code GetLogEvents} pages, a chunk being as many as fit its bytes and calls.
 */
final class LogsOutputReader implements WholeOutputReader {

	/**
	 * {@code GetLogEvents} calls one chunk makes at most; the service may answer with
	 * empty pages before the events, so paging is bounded by calls as well as by bytes.
	 */
	static final int MAX_LOG_PAGES = 10;

	private final CloudWatchLogsClient logs;

	private final AwsCalls calls;

	private final Limits limits;

	LogsOutputReader(CloudWatchLogsClient logs, AwsCalls calls, Limits limits) {
		this.logs = logs;
		this.calls = calls;
		this.limits = limits;
	}

	@Override
	public String place() {
		return OutputRequest.CLOUDWATCH;
	}

	@Override
	public OutputChunk read(OutputRequest request, InvocationView invocation, PluginView plugin) {
		List<OutputLink> links = WholeOutputReader.links(plugin,
				"stdout".equals(request.stream()) ? "cloudwatch" : "cloudwatch-stderr");
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
				return OutputChunk.problem(OutputRequest.CLOUDWATCH, location,
						WholeOutputReader.sentence(ex, "the log group " + group), links);
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

}
