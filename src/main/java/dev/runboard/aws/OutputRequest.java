package dev.runboard.aws;

import java.util.List;

/**
 * A chunk of one plugin's whole output to read from where SSM says the plugin wrote it.
 * It names only what a user may choose; the bucket and key, or the log group and stream,
 * come from SSM's answer about the invocation, never from the request.
 *
 * @param plugin a plugin name; whether the invocation has it is known only from SSM
 * @param stream {@code stdout} or {@code stderr}
 * @param place {@link #S3} or {@link #CLOUDWATCH}
 * @param offset the byte to read from ({@code s3})
 * @param token the forward token to read from ({@code cloudwatch}), or {@code null} for
 * the start of the stream
 */
public record OutputRequest(String commandId, String instanceId, String plugin, String stream, String place,
		long offset, String token) {

	public static final String S3 = "s3";

	public static final String CLOUDWATCH = "cloudwatch";

	/** Where whole output can be read from. */
	public static final List<String> PLACES = List.of(S3, CLOUDWATCH);

	/** Whether this is the first read of the output, not a "load more". */
	public boolean first() {
		return this.offset == 0 && this.token == null;
	}

	/** The request for the chunk after {@code chunk}. */
	public OutputRequest next(OutputChunk chunk) {
		return new OutputRequest(this.commandId, this.instanceId, this.plugin, this.stream, this.place,
				chunk.nextOffset(), chunk.nextToken());
	}

}
