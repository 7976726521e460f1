package dev.runboard.commands.actions;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.runboard.security.ActionsProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.StringUtils;

/**
 * What the confirmation of a rerun on the failed nodes carries ({@code confirmed}): an
 * HMAC-SHA256 of the source, the command, the sorted nodes, the user and an expiry, under
 * {@code runboard.actions.confirmation-key}. So a confirmation sends to the nodes it
 * listed or to none, for the user it was shown to, on that command, for
 * {@link #VALIDITY}: it cannot be reused for another command with the same failed nodes,
 * by another user, or the next day. Without a configured key one is made at start, which
 * holds for one replica until it restarts.
 */
final class Confirmations {

	private static final Log logger = LogFactory.getLog(Confirmations.class);

	/** How long a confirmation may be used after it was shown. */
	static final Duration VALIDITY = Duration.ofMinutes(15);

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	/**
	 * @param enabled whether actions are on, so that a missing key is worth a warning
	 */
	Confirmations(ActionsProperties properties, boolean enabled) {
		byte[] secret;
		if (StringUtils.hasText(properties.confirmationKey())) {
			secret = properties.confirmationKey().getBytes(StandardCharsets.UTF_8);
		}
		else {
			secret = new byte[32];
			new SecureRandom().nextBytes(secret);
			if (enabled) {
				logger.warn("runboard.actions.confirmation-key is not set: confirmations of reruns on failed nodes "
						+ "are signed with a key made at start, so they fail on another replica and after a restart. "
						+ "Set it to the same secret (32 random bytes or more) on every replica.");
			}
		}
		this.key = new SecretKeySpec(secret, ALGORITHM);
	}

	/** What a confirmation shown now carries. */
	String issue(String source, String commandId, List<String> nodes, String user, Instant now) {
		long expires = now.plus(VALIDITY).getEpochSecond();
		return expires + "." + mac(source, commandId, nodes, user, expires);
	}

	/** What {@link #check} found. */
	enum Check {

		/** Issued for exactly this, and not expired. */
		VALID,

		/** Issued for exactly this, but too long ago. */
		EXPIRED,

		/** Not issued for this: other nodes, another command or user, or forged. */
		MISMATCH

	}

	/**
	 * Whether {@code confirmed} was issued for this source, command, nodes and user.
	 * @param confirmed what the request carried, not blank
	 */
	Check check(String confirmed, String source, String commandId, List<String> nodes, String user, Instant now) {
		int dot = confirmed.indexOf('.');
		long expires;
		try {
			expires = Long.parseLong(confirmed.substring(0, Math.max(dot, 0)));
		}
		catch (NumberFormatException ex) {
			return Check.MISMATCH;
		}
		byte[] expected = mac(source, commandId, nodes, user, expires).getBytes(StandardCharsets.US_ASCII);
		byte[] given = confirmed.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
		if (!MessageDigest.isEqual(expected, given)) {
			return Check.MISMATCH;
		}
		return (now.getEpochSecond() < expires) ? Check.VALID : Check.EXPIRED;
	}

	private String mac(String source, String commandId, List<String> nodes, String user, long expires) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			// Each field preceded by its length: no two different confirmations sign the
			// same text, whatever a user name holds.
			StringBuilder signed = new StringBuilder("rerun-failed");
			for (String field : List.of(source, commandId, String.join(",", nodes.stream().sorted().toList()), user,
					Long.toString(expires))) {
				signed.append('|').append(field.length()).append(':').append(field);
			}
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
