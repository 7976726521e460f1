package dev.runboard.security;

/**
 * The signed-in user asked for command output that is reserved for another role. The
 * message names the role; it is safe to show.
 */
public class OutputHiddenException extends RuntimeException {

	public OutputHiddenException(String message) {
		super(message);
	}

}
