package dev.runboard.aws;

/**
 * A query parameter the user supplied cannot be sent to SSM. The message names the
 * parameter and the accepted values; it is safe to show to the user.
 */
public class InvalidQueryException extends RuntimeException {

	private final String parameter;

	public InvalidQueryException(String parameter, String message) {
		super(message);
		this.parameter = parameter;
	}

	public String getParameter() {
		return this.parameter;
	}

}
