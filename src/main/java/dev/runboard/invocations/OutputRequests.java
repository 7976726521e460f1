package dev.runboard.invocations;

import java.util.regex.Pattern;

import dev.runboard.aws.InvalidQueryException;
import dev.runboard.aws.OutputRequest;
import dev.runboard.aws.PluginOutput;
import dev.runboard.web.QueryParameters;
import dev.runboard.web.RequestBinder;
import dev.runboard.web.RequestBinder.Values;

/**
 * Reads which output a link names: a plugin and stream of the invocation in its path, and
 * for a chunk of the whole output, where to read it and from where on.
 */
final class OutputRequests {

	private static final Pattern PLUGIN = Pattern.compile("[^\\p{Cntrl}]{1,256}");

	private static final Pattern OFFSET = Pattern.compile("\\d{1,18}");

	private OutputRequests() {
	}

	/** Handlers take an {@link OutputRequest} argument bound by this. */
	static RequestBinder<OutputRequest> binder() {
		return RequestBinder.of(OutputRequest.class, OutputRequests::read);
	}

	/** Handlers take a {@link PluginStream} argument bound by this. */
	static RequestBinder<PluginStream> pluginStreamBinder() {
		return RequestBinder.of(PluginStream.class, (values) -> new PluginStream(plugin(values), stream(values)));
	}

	/**
	 * One stream of one plugin.
	 *
	 * @param stream {@code stdout} or {@code stderr}
	 */
	record PluginStream(String plugin, String stream) {

	}

	private static OutputRequest read(Values values) {
		InvocationKey key = InvocationKey.binder().bind(values);
		String plugin = plugin(values);
		String stream = stream(values);
		String place = QueryParameters.required("source",
				QueryParameters.oneOf("source", values.single("source"), OutputRequest.PLACES), "s3 or cloudwatch");
		String offset = values.single("offset");
		String token = values.single("token");
		if (offset != null && (!OutputRequest.S3.equals(place) || !OFFSET.matcher(offset).matches())) {
			throw new InvalidQueryException("offset",
					"offset: a byte offset, a whole number from 0, and only with source=s3.");
		}
		if (token != null && (!OutputRequest.CLOUDWATCH.equals(place) || !QueryParameters.awsPageToken(token))) {
			throw new InvalidQueryException("token", "token: a CloudWatch Logs page token Runboard issued, and only "
					+ "with source=cloudwatch. Read the output again from the start.");
		}
		return new OutputRequest(key.commandId(), key.instanceId(), plugin, stream, place,
				(offset != null) ? Long.parseLong(offset) : 0, token);
	}

	/** The {@code plugin} parameter, exactly as given: plugin names may have spaces. */
	static String plugin(Values values) {
		String plugin = QueryParameters.exact(values.parameters(), "plugin");
		if (plugin == null || !PLUGIN.matcher(plugin).matches()) {
			throw new InvalidQueryException("plugin",
					"plugin: the name of one of the invocation's plugins, such as aws:runShellScript.");
		}
		return plugin;
	}

	/** The {@code stream} parameter: {@code stdout} or {@code stderr}. */
	static String stream(Values values) {
		return QueryParameters.required("stream",
				QueryParameters.oneOf("stream", values.single("stream"), PluginOutput.STREAMS), "stdout or stderr");
	}

}
