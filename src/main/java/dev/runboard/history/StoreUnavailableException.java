package dev.runboard.history;

/**
 * The history store cannot answer now: it does not accept connections, or it has not been
 * migrated yet since Runboard started. The recorder catches up once it answers; a page of
 * history says so (a 503), and live views are not affected.
 */
public class StoreUnavailableException extends RuntimeException {

	StoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
