package dev.runboard.aws.sdk;

import java.util.List;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.OutputChunk;
import dev.runboard.aws.OutputLink;
import dev.runboard.aws.OutputProperties;
import dev.runboard.aws.OutputRequest;
import dev.runboard.aws.PluginView;

/**
 * Reads a plugin's whole output from one place it may be written to, a bounded chunk per
 * read with the place to go on from: {@link S3OutputReader} and {@link LogsOutputReader}.
 * Where the output lives comes only from SSM's answer about the invocation, never from
 * the request. No failure to read escapes a reader: it becomes a sentence in the chunk.
 */
interface WholeOutputReader {

	/** Where it reads: {@link OutputRequest#S3} or {@link OutputRequest#CLOUDWATCH}. */
	String place();

	OutputChunk read(OutputRequest request, InvocationView invocation, PluginView plugin);

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

	/** A refusal names what Runboard could not read, and the way around it. */
	static String sentence(AwsFailure failure, String what) {
		if (failure.kind() == AwsFailure.Kind.DENIED) {
			return "AWS denied Runboard's request to read " + what + ": its IAM role needs the " + failure.action()
					+ " permission for it. The console link opens it with your own permissions.";
		}
		return failure.getMessage();
	}

	/** The plugin's console links of one kind, which every chunk keeps. */
	static List<OutputLink> links(PluginView plugin, String kind) {
		return plugin.links().stream().filter((link) -> link.kind().equals(kind)).toList();
	}

}
