package dev.runboard.security;

import org.springframework.security.authentication.LockedException;

/**
 * How often the password of one user name may be checked: at most
 * {@code runboard.security.lockout.max-failures} checks per name and window, however many
 * sign-ins arrive at once, and none while the name is locked. A check is reserved before
 * the password is compared and told afterwards how it ended. In this replica's memory
 * ({@link LoginAttempts}), or in the store, where every replica of a deployment shares
 * one count per name (a {@code @Primary} bean of {@code dev.runboard.replicas}).
 */
public interface SignInLockout {

	/**
	 * Reserves one password check for this user name.
	 * @throws LockedException when the name is locked, or when the window has no check
	 * left: then the name is locked from now on
	 */
	Check reserve(String username);

	/** One reserved password check, told once how it ended. */
	interface Check {

		/** The password was wrong (or the name unknown): the check stays counted. */
		void failed();

		/**
		 * The password was right.
		 * @throws LockedException when the name was locked while the password was checked
		 */
		void succeeded();

		/** The password could not be checked at all: the check is given back. */
		void released();

	}

}
