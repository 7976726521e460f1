package dev.runboard.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.runboard.aws.InvalidQueryException;
import dev.runboard.aws.QueryRules;

/**
 * The page token of a merged list: where each stream stands, so that the next page starts
 * exactly after the rows already shown. A first line names the view the cursor belongs to
 * (a digest of its filters and of its streams, the statuses and the accounts and regions
 * read); then per stream, one line: the SSM token of the page it is in and how many of
 * that page's rows are shown ({@code 12 <token>}), or {@code -} when it has nothing more;
 * Base64 (URL alphabet), behind {@link PageToken#RUNBOARD_PREFIX}. It travels in the
 * scroll request; the server keeps nothing.
 * <p>
 * The digest keeps a cursor to its view: SSM tokens of one status forwarded as those of
 * another, or of other filters, would page through something else, or be refused by SSM
 * only after a call.
 */
public final class PageCursor {

	/**
	 * One stream's line: rows already shown, and SSM's token as
	 * {@link QueryParameters#awsPageToken} accepts one (printable ASCII, no space).
	 */
	private static final Pattern STREAM_STATE = Pattern
		.compile("(\\d{1,2}) ([\\x21-\\x7e]{0," + QueryParameters.MAX_AWS_TOKEN_LENGTH + "})");

	private static final String DONE = "-";

	/** Bytes of the view's SHA-256 a cursor carries: enough to tell views apart. */
	private static final int DIGEST_BYTES = 12;

	private PageCursor() {
	}

	/**
	 * Where one stream stands between pages.
	 *
	 * @param token the SSM token of the page it is in, {@code null} for its first
	 * @param skip how many rows of that page are already shown
	 * @param done whether the stream has nothing more to show
	 */
	public record State(String token, int skip, boolean done) {

		public static final State START = new State(null, 0, false);

		public static final State FINISHED = new State(null, 0, true);

	}

	/**
	 * @param view what the cursor is for, as {@link #view} describes it
	 */
	public static String encode(String view, List<State> states) {
		StringBuilder lines = new StringBuilder(digest(view)).append('\n');
		for (State state : states) {
			lines.append(state.done() ? DONE : state.skip() + " " + ((state.token() != null) ? state.token() : ""))
				.append('\n');
		}
		return PageToken.RUNBOARD_PREFIX + Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(lines.toString().getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * @param view the view asked for, as {@link #view} describes it
	 * @param streams how many streams the view has
	 * @throws dev.runboard.aws.InvalidQueryException when the token is not a cursor, or
	 * the cursor of another view
	 */
	public static List<State> decode(PageToken token, String view, int streams) {
		if (!token.runboards()) {
			throw PageToken.invalid();
		}
		String text;
		try {
			text = new String(
					Base64.getUrlDecoder().decode(token.value().substring(PageToken.RUNBOARD_PREFIX.length())),
					StandardCharsets.US_ASCII);
		}
		catch (IllegalArgumentException ex) {
			throw PageToken.invalid();
		}
		String[] lines = text.split("\n", -1);
		if (lines.length < 2 || !lines[lines.length - 1].isEmpty()) {
			throw PageToken.invalid();
		}
		if (!lines[0].equals(digest(view))) {
			throw new InvalidQueryException("nextToken", "nextToken: this page token belongs to another view (other "
					+ "statuses, filters, accounts or regions) than the one asked for. Reload the list to start from "
					+ "the first page.");
		}
		if (lines.length != streams + 2) {
			throw PageToken.invalid();
		}
		List<State> states = new ArrayList<>();
		for (int i = 0; i < streams; i++) {
			String line = lines[i + 1];
			if (DONE.equals(line)) {
				states.add(State.FINISHED);
				continue;
			}
			Matcher matcher = STREAM_STATE.matcher(line);
			if (!matcher.matches() || Integer.parseInt(matcher.group(1)) > QueryRules.MAX_PAGE_SIZE) {
				throw PageToken.invalid();
			}
			String ssmToken = matcher.group(2).isEmpty() ? null : matcher.group(2);
			states.add(new State(ssmToken, Integer.parseInt(matcher.group(1)), false));
		}
		return states;
	}

	/**
	 * What a cursor is for: the filter as its canonical link says it (page size and
	 * details included, since they shape SSM's pages and tokens), and the streams read,
	 * in order.
	 */
	public static String view(Link filter, List<String> streams) {
		return filter + "\n" + String.join("\n", streams);
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
