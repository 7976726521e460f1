package dev.runboard.testing;

/**
 * The local users of the {@code aws} setup ({@link RunboardTest.Setup#AWS}), configured
 * once for every test: each signs in with the password {@code <name>-secret}.
 */
public final class LocalUsers {

	/** Every role: reads output and acts on commands. */
	public static final String OPS = "ops";

	/** Acts on commands, but may not read their output. */
	public static final String OPERATOR = "operator";

	/** Reads output, but may not act on commands. */
	public static final String READER = "reader";

	/**
	 * Reads output, with a password hash as slow to check as a production one (bcrypt,
	 * cost 11), where the others are stored as they are.
	 */
	public static final String SLOW = "slow";

	/** The role that reads output, as {@code runboard.security.output-role} names it. */
	public static final String OUTPUT_ROLE = "OUTPUT";

	/** The role that acts on commands, {@code runboard.security.operator-role}. */
	public static final String OPERATOR_ROLE = "OPERATOR";

	private LocalUsers() {
	}

	public static String password(String user) {
		return user + "-secret";
	}

}
