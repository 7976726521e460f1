package dev.runboard.history;

/**
 * A page of history asked of a Runboard that keeps none: the {@code aws} source without a
 * datasource, or {@code runboard.history.enabled=false}. Answered as a page that does not
 * exist here, saying how to turn history on.
 */
public class HistoryOffException extends RuntimeException {

	public HistoryOffException() {
		super("This Runboard keeps no history: it reads only what SSM still holds (30 days). "
				+ "To keep more, give it a PostgreSQL database (spring.datasource.url, SPRING_DATASOURCE_URL).");
	}

}
