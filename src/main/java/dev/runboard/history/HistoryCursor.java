package dev.runboard.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import dev.runboard.aws.Ids;
import dev.runboard.aws.InvalidQueryException;

/**
 * Where the next page of a history view starts: the last row shown, as the keyset of the
 * newest-first order ({@code requested_at, command_id, instance_id, source_id}, all
 * descending), with a digest of the view it belongs to. Base64 (URL alphabet) behind
 * {@link #PREFIX}; it travels in the {@code cursor} parameter and the server keeps
 * nothing.
 */
record HistoryCursor(Instant requestedAt, String commandId, String instanceId, short sourceId) {

	static final String PREFIX = "h1.";

	/** The longest cursor issued: a digest, a time, two IDs and a number. */
	static final int MAX_LENGTH = 256;

	private static final int DIGEST_BYTES = 12;

	/** The latest time a cursor may name: no invocation is requested later. */
	static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	String encode(String view) {
		String text = digest(view) + "\n" + this.requestedAt.getEpochSecond() + "." + this.requestedAt.getNano() + "\n"
				+ this.commandId + "\n" + this.instanceId + "\n" + this.sourceId;
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * @throws InvalidQueryException naming {@code cursor} when it is not one issued, or
	 * was issued for another view
	 */
	static HistoryCursor decode(String cursor, String view) {
		if (cursor.length() > MAX_LENGTH || !cursor.startsWith(PREFIX)) {
			throw invalid();
		}
		String[] lines;
		try {
			lines = new String(Base64.getUrlDecoder().decode(cursor.substring(PREFIX.length())), StandardCharsets.UTF_8)
				.split("\n", -1);
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
		if (lines.length != 5) {
			throw invalid();
		}
		if (!lines[0].equals(digest(view))) {
			throw new InvalidQueryException("cursor", "cursor: this cursor belongs to another view (other filters, "
					+ "accounts or regions) than the one asked for. Reload the list to start from the newest.");
		}
		if (!Ids.commandId(lines[2]) || !Ids.instanceId(lines[3])) {
			throw invalid();
		}
		try {
			String[] time = lines[1].split("\\.", -1);
			if (time.length != 2) {
				throw invalid();
			}
			Instant at = Instant.ofEpochSecond(Long.parseLong(time[0]), Integer.parseInt(time[1]));
			// Beyond what PostgreSQL's timestamps hold, the store would refuse the query.
			if (at.isBefore(Instant.EPOCH) || at.isAfter(LATEST)) {
				throw invalid();
			}
			return new HistoryCursor(at, lines[2], lines[3], Short.parseShort(lines[4]));
		}
		catch (NumberFormatException | DateTimeException ex) {
			throw invalid();
		}
	}

	private static InvalidQueryException invalid() {
		return new InvalidQueryException("cursor",
				"cursor: not a cursor Runboard issued for this view. Reload the list to start from the newest.");
	}

	private static String digest(String view) {
		try {
			byte[] sha = MessageDigest.getInstance("SHA-256").digest(view.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha, DIGEST_BYTES));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
