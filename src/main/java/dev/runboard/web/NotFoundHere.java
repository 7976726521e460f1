package dev.runboard.web;

import java.util.List;

/**
 * What a link names is not where the link looked, and the page can say where else to
 * look; {@link ErrorAdvice} answers it with 404 and offers those ways out beside the
 * usual ones. The message is safe to show.
 */
public class NotFoundHere extends RuntimeException {

	private final List<WayOut> waysOut;

	public NotFoundHere(String message, List<WayOut> waysOut) {
		super(message);
		this.waysOut = List.copyOf(waysOut);
	}

	public List<WayOut> waysOut() {
		return this.waysOut;
	}

	/**
	 * A link an error page offers.
	 *
	 * @param link relative to the application, as {@link Link} builds it
	 */
	public record WayOut(String label, String link) {

	}

}
