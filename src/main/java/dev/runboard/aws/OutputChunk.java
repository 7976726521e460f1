package dev.runboard.aws;

import java.util.List;

/**
 * One chunk of a plugin's whole output as read from S3 or CloudWatch Logs, or a sentence
 * saying why it could not be read.
 *
 * @param place {@code s3} or {@code cloudwatch}
 * @param location where the text comes from, as a person reads it: the S3 object, or the
 * log group and stream; {@code null} when SSM names no such place
 * @param text the chunk, with control characters made harmless; empty when
 * {@code problem} is set
 * @param offset the byte this chunk starts at in the S3 object; 0 for log streams
 * @param nextOffset the byte the next chunk starts at in the S3 object
 * @param nextToken the forward token of the next chunk of a log stream, or {@code null}
 * @param totalBytes the S3 object's size when S3 said it, or {@code null}
 * @param more whether the output goes on after this chunk
 * @param problem why nothing could be read, a sentence to show, or {@code null}
 * @param links the console links of this output, kept whatever happened
 */
public record OutputChunk(String place, String location, String text, long offset, long nextOffset, String nextToken,
		Long totalBytes, boolean more, String problem, List<OutputLink> links) {

	public OutputChunk {
		links = List.copyOf(links);
	}

	public static OutputChunk problem(String place, String location, String problem, List<OutputLink> links) {
		return new OutputChunk(place, location, "", 0, 0, null, null, false, problem, links);
	}

}
