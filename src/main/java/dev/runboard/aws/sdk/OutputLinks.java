package dev.runboard.aws.sdk;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.runboard.aws.OutputLink;
import dev.runboard.aws.S3Location;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Turns what SSM says about output locations into links to the AWS console. Only
 * {@code https:} URLs ever become links: output URLs come from the fleet and are
 * untrusted.
 */
final class OutputLinks {

	/** Path-style {@code https://s3.<region>.amazonaws.com/<bucket>/<key>}. */
	private static final Pattern S3_PATH_STYLE = Pattern
		.compile("s3[.-](?<region>[a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?|s3\\.amazonaws\\.com");

	/** Virtual-hosted {@code https://<bucket>.s3.<region>.amazonaws.com/<key>}. */
	private static final Pattern S3_VIRTUAL_HOSTED = Pattern
		.compile("(?<bucket>[a-z0-9.-]+)\\.s3[.-](?<region>[a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");

	private OutputLinks() {
	}

	/**
	 * A link to an S3 output object: its page in the S3 console when the URL is an S3
	 * object URL, the URL itself when it is some other {@code https:} URL, nothing
	 * otherwise.
	 */
	static Optional<OutputLink> s3(String kind, String label, String url) {
		return s3(kind, label, url, s3Location(url));
	}

	/**
	 * As {@link #s3(String, String, String)}, for a URL whose S3 object
	 * {@link #s3Location(String)} has already told.
	 */
	static Optional<OutputLink> s3(String kind, String label, String url, Optional<S3Location> object) {
		if (object.isPresent()) {
			S3Location location = object.get();
			return Optional
				.of(new OutputLink(kind, label, s3Console(location.bucket(), location.region(), location.key())));
		}
		URI uri = https(url);
		return (uri != null) ? Optional.of(new OutputLink(kind, label, uri.toASCIIString())) : Optional.empty();
	}

	/**
	 * The bucket and key of an {@code https:} S3 object URL, path-style or
	 * virtual-hosted; nothing for any other URL.
	 */
	static Optional<S3Location> s3Location(String url) {
		URI uri = https(url);
		return (uri != null) ? s3Location(uri) : Optional.empty();
	}

	private static Optional<S3Location> s3Location(URI uri) {
		String host = uri.getHost().toLowerCase();
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		Matcher pathStyle = S3_PATH_STYLE.matcher(host);
		if (pathStyle.matches() && path.indexOf('/', 1) > 1) {
			String region = (pathStyle.group("region") != null) ? pathStyle.group("region") : "us-east-1";
			int slash = path.indexOf('/', 1);
			return Optional
				.of(new S3Location(region, decode(path.substring(1, slash)), decode(path.substring(slash + 1))));
		}
		Matcher virtualHosted = S3_VIRTUAL_HOSTED.matcher(host);
		if (virtualHosted.matches() && path.length() > 1) {
			return Optional.of(new S3Location(virtualHosted.group("region"), virtualHosted.group("bucket"),
					decode(path.substring(1))));
		}
		return Optional.empty();
	}

	/**
	 * A link to a plugin's log stream in the CloudWatch console.
	 * @param step the plugin name; SSM writes ':' and '*' in stream names as '-'
	 * @param stream {@code stdout} or {@code stderr}
	 */
	static OutputLink cloudWatch(String kind, String label, Region region, String group, String commandId,
			String instanceId, String step, String stream) {
		return new OutputLink(kind, label,
				cloudWatchConsole(region) + "#logsV2:log-groups/log-group/" + consoleFragment(group) + "/log-events/"
						+ consoleFragment(logStream(commandId, instanceId, step, stream)));
	}

	/**
	 * The log stream SSM writes a plugin's output to; it writes ':' and '*' in the step
	 * name as '-'.
	 */
	static String logStream(String commandId, String instanceId, String step, String stream) {
		return commandId + "/" + instanceId + "/" + step.replace(':', '-').replace('*', '-') + "/" + stream;
	}

	/**
	 * A link to the log group with its streams filtered to one invocation, for lists
	 * fetched without plugin details, where the step names are unknown.
	 */
	static OutputLink cloudWatchStreams(String kind, String label, Region region, String group, String commandId,
			String instanceId) {
		// The console reads the filter as a query of the group's page, encoded once; only
		// the names in it are encoded twice.
		return new OutputLink(kind, label, cloudWatchConsole(region) + "#logsV2:log-groups/log-group/"
				+ consoleFragment(group) + "$3FlogStreamNameFilter$3D" + consoleFragment(commandId + "/" + instanceId));
	}

	private static String cloudWatchConsole(Region region) {
		return "https://" + region.id() + ".console.aws.amazon.com/cloudwatch/home?region=" + region.id();
	}

	/**
	 * The console's fragment router takes names encoded twice, with '%' written as '$'.
	 */
	private static String consoleFragment(String name) {
		return SdkHttpUtils.urlEncode(SdkHttpUtils.urlEncode(name)).replace('%', '$');
	}

	/** The object's page; the key keeps its slashes, as the console writes it. */
	private static String s3Console(String bucket, String region, String key) {
		return "https://s3.console.aws.amazon.com/s3/object/" + SdkHttpUtils.urlEncode(bucket) + "?region="
				+ SdkHttpUtils.urlEncode(region) + "&prefix=" + SdkHttpUtils.urlEncodeIgnoreSlashes(key);
	}

	private static URI https(String url) {
		if (url == null || url.isBlank()) {
			return null;
		}
		try {
			URI uri = new URI(url.strip());
			return ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) ? uri : null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/**
	 * A path segment decoded: percent escapes only, a '+' in a path being a '+', not a
	 * space as in a form.
	 */
	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

}
