package dev.runboard.output;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.runboard.ssm.InvalidQueryException;
import dev.runboard.ssm.Parameters;

import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A validated request for a chunk of one plugin's whole output. It names only what the
 * user may choose; the bucket and key, or the log group and stream, are what SSM says
 * about the invocation, never anything the request carries.
 *
 * @param plugin a plugin name; whether the invocation has it is known only from SSM
 * @param stream {@code stdout} or {@code stderr}
 * @param source {@code s3} or {@code cloudwatch}
 * @param offset the byte to read from ({@code s3})
 * @param token the forward token to read from ({@code cloudwatch}), or {@code null} for
 * the start of the stream
 */
public record OutputQuery(String commandId, String instanceId, String plugin, String stream, String source, long offset,
		String token) {

	public static final String S3 = "s3";

	public static final String CLOUDWATCH = "cloudwatch";

	public static final List<String> STREAMS = List.of("stdout", "stderr");

	public static final List<String> SOURCES = List.of(S3, CLOUDWATCH);

	private static final Pattern PLUGIN = Pattern.compile("[^\\p{Cntrl}]{1,256}");

	private static final Pattern OFFSET = Pattern.compile("\\d{1,18}");

	/**
	 * Reads a query from the path variables and request parameters.
	 * @throws InvalidQueryException naming the first parameter that is not acceptable
	 */
	public static OutputQuery from(String commandId, String instanceId, MultiValueMap<String, String> parameters) {
		String command = required("commandId", Parameters.commandId(commandId), "a command ID");
		String instance = required("instanceId", Parameters.instanceId(instanceId), "a node ID");
		String plugin = Parameters.single(parameters, "plugin");
		if (plugin == null || !PLUGIN.matcher(plugin).matches()) {
			throw new InvalidQueryException("plugin",
					"plugin: the name of one of the invocation's plugins, such as aws:runShellScript.");
		}
		String stream = required("stream", Parameters.oneOf("stream", Parameters.single(parameters, "stream"), STREAMS),
				"stdout or stderr");
		String source = required("source", Parameters.oneOf("source", Parameters.single(parameters, "source"), SOURCES),
				"s3 or cloudwatch");
		String offset = Parameters.single(parameters, "offset");
		String token = Parameters.single(parameters, "token");
		if (offset != null && (!S3.equals(source) || !OFFSET.matcher(offset).matches())) {
			throw new InvalidQueryException("offset",
					"offset: a byte offset, a whole number from 0, and only with source=s3.");
		}
		if (token != null && (!CLOUDWATCH.equals(source) || !Parameters.pageToken(token))) {
			throw new InvalidQueryException("token", "token: a CloudWatch Logs page token Runboard issued, and only "
					+ "with source=cloudwatch. Read the output again from the start.");
		}
		return new OutputQuery(command, instance, plugin, stream, source, (offset != null) ? Long.parseLong(offset) : 0,
				token);
	}

	private static String required(String name, String value, String accepted) {
		if (value == null) {
			throw new InvalidQueryException(name, name + ": required; " + accepted + ".");
		}
		return value;
	}

	/** Whether this is the first read of the output, not a "load more". */
	public boolean first() {
		return this.offset == 0 && this.token == null;
	}

	/** The query of the next chunk after {@code chunk}. */
	public OutputQuery next(OutputChunk chunk) {
		return new OutputQuery(this.commandId, this.instanceId, this.plugin, this.stream, this.source,
				chunk.nextOffset(), chunk.nextToken());
	}

	/**
	 * The URI of this query, every value encoded strictly (tokens hold '+', '/' and '=').
	 */
	public String uri() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("commandId", this.commandId);
		values.put("instanceId", this.instanceId);
		UriComponentsBuilder builder = UriComponentsBuilder.fromPath("/invocations/{commandId}/{instanceId}/output");
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("plugin", this.plugin);
		parameters.put("stream", this.stream);
		parameters.put("source", this.source);
		if (this.offset > 0) {
			parameters.put("offset", this.offset);
		}
		if (this.token != null) {
			parameters.put("token", this.token);
		}
		parameters.forEach((name, value) -> builder.queryParam(name, "{" + name + "}"));
		values.putAll(parameters);
		return builder.encode().buildAndExpand(values).toUriString();
	}

}
