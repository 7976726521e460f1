package dev.runboard.ssm;

/**
 * SSM does not know the command or node the user asked for.
 */
public class SsmNotFoundException extends RuntimeException {

	public SsmNotFoundException(String message, Throwable cause) {
		super(message, cause);
	}

}
