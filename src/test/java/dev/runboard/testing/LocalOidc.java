package dev.runboard.testing;

import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * The JVM's OpenID Connect provider (mock-oauth2-server), which the {@code aws} setup
 * offers as a way to sign in beside its local users: the issuer {@value #ISSUER}, the
 * client registration {@value #REGISTRATION}. A test says who signs in next by enqueuing
 * a token callback.
 */
public final class LocalOidc {

	public static final String ISSUER = "corp";

	public static final String REGISTRATION = "corp-sso";

	private static MockOAuth2Server server;

	private LocalOidc() {
	}

	/** The provider, started on first use and stopped when the JVM exits. */
	public static synchronized MockOAuth2Server server() {
		if (server == null) {
			MockOAuth2Server started = new MockOAuth2Server();
			started.start();
			Runtime.getRuntime().addShutdownHook(new Thread(started::shutdown, "local-oidc-shutdown"));
			server = started;
		}
		return server;
	}

}
