package dev.runboard.ssm;

import java.util.Set;

/**
 * AWS error codes that call for the same sentence whichever service answered them.
 */
public final class AwsErrorCodes {

	/** The credentials are valid but lack a permission. */
	public static final Set<String> ACCESS_DENIED = Set.of("AccessDeniedException", "AccessDenied",
			"UnauthorizedOperation", "AllAccessDisabled");

	/**
	 * The credentials themselves are not valid: wrong key, unknown account, bad
	 * signature.
	 */
	public static final Set<String> INVALID_CREDENTIALS = Set.of("UnrecognizedClientException", "InvalidClientTokenId",
			"InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidSignatureException");

	/** The credentials were valid once. */
	public static final Set<String> EXPIRED_CREDENTIALS = Set.of("ExpiredTokenException", "ExpiredToken",
			"RequestExpired");

	/** What to tell a person about credentials AWS did not accept. */
	public static final String INVALID_CREDENTIALS_SENTENCE = "AWS did not accept the credentials Runboard uses "
			+ "(unknown or revoked key, or a wrong signature); check the role or keys in its environment.";

	private AwsErrorCodes() {
	}

}
