package dev.runboard.aws;

import java.util.regex.Pattern;

/**
 * What a command ID and a node ID look like, written once for both doors they come in by:
 * the links users paste, and the answers SSM gives. Either kind of ID ends up as a path
 * segment of a link or of a URL htmx requests, so one that is not of this shape (such as
 * {@code ..}) must never get that far, whoever sent it.
 */
public final class Ids {

	/** SSM's length; real command IDs are UUIDs. */
	private static final Pattern COMMAND_ID = Pattern.compile("[A-Za-z0-9-]{36}");

	/** An EC2 instance ({@code i-}) or a hybrid, managed node ({@code mi-}). */
	private static final Pattern INSTANCE_ID = Pattern.compile("i-(\\w{8}|\\w{17})|mi-\\w{17}");

	private Ids() {
	}

	/** Whether {@code value} is a command ID: 36 letters, digits and dashes. */
	public static boolean commandId(String value) {
		return value != null && COMMAND_ID.matcher(value).matches();
	}

	/**
	 * Whether {@code value} is a node ID: {@code i-} and 8 or 17 letters or digits, or
	 * {@code mi-} and 17.
	 */
	public static boolean instanceId(String value) {
		return value != null && INSTANCE_ID.matcher(value).matches();
	}

}
