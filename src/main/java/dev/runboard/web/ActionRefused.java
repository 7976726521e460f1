package dev.runboard.web;

/**
 * An action Runboard will not do, decided before or while doing it; {@link ErrorAdvice}
 * answers it with the status of its reason. The message says why and what to do instead;
 * it is safe to show.
 */
public class ActionRefused extends RuntimeException {

	/** Why an action is refused; each has its own answer. */
	public enum Reason {

		/** Actions are off in this Runboard: answered as if they did not exist. */
		NOT_ENABLED,

		/** The signed-in user may not act. */
		NOT_ALLOWED,

		/** The command's state, or its nodes, forbid the action now. */
		CONFLICT,

		/** Some of the commands an action sends went out, then AWS refused one. */
		PARTLY_DONE,

		/**
		 * AWS did not answer in a way that says whether it did the action (a timeout, a
		 * server error): it may have.
		 */
		OUTCOME_UNKNOWN

	}

	private final Reason reason;

	public ActionRefused(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

}
