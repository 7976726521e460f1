package dev.runboard.aws;

/**
 * What a command ID and a node ID look like, written once for both doors they come in by:
 * the links users paste, and the answers SSM gives. Either kind of ID ends up as a path
 * segment of a link or of a URL htmx requests, so one that is not of this shape (such as
 * {@code ..}) must never get that far, whoever sent it. Every row of every page checks
 * two, so the checks are plain loops rather than patterns.
 */
public final class Ids {

	/** SSM's length; real command IDs are UUIDs. */
	private static final int COMMAND_ID_LENGTH = 36;

	private Ids() {
	}

	/** Whether {@code value} is a command ID: 36 ASCII letters, digits and dashes. */
	public static boolean commandId(String value) {
		return value != null && value.length() == COMMAND_ID_LENGTH && only(value, 0, true);
	}

	/**
	 * Whether {@code value} is a node ID: an EC2 instance, {@code i-} and 8 or 17 ASCII
	 * letters, digits or underscores, or a hybrid, managed node, {@code mi-} and 17.
	 */
	public static boolean instanceId(String value) {
		if (value == null) {
			return false;
		}
		if (value.startsWith("i-")) {
			int rest = value.length() - 2;
			return (rest == 8 || rest == 17) && only(value, 2, false);
		}
		return value.startsWith("mi-") && value.length() == 20 && only(value, 3, false);
	}

	/**
	 * Whether the characters from {@code start} on are ASCII letters, digits and one
	 * more.
	 */
	private static boolean only(String value, int start, boolean dash) {
		for (int i = start; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| (dash ? c == '-' : c == '_');
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

}
