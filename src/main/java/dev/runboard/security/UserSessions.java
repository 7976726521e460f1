package dev.runboard.security;

/**
 * The sessions of one user on every replica, where they are kept so that they can be
 * found by user (in the store, {@code dev.runboard.replicas}): what an operator ends to
 * sign someone out everywhere at once. Without sessions in the store there is no such
 * bean.
 */
public interface UserSessions {

	/**
	 * Ends every session of the user: each of their browsers is signed out at its next
	 * request, on whichever replica.
	 * @return how many sessions were ended
	 */
	int endAll(String user);

}
