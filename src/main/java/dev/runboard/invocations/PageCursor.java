package dev.runboard.invocations;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.runboard.aws.QueryRules;
import dev.runboard.web.PageToken;

/**
 * The page token of a merged list: where each stream stands, so that the next page starts
 * exactly after the rows already shown. Per stream, one line: the SSM token of the page
 * it is in and how many of that page's rows are shown ({@code 12 <token>}), or {@code -}
 * when it has nothing more; Base64 (URL alphabet), behind
 * {@link PageToken#RUNBOARD_PREFIX}. It travels in the scroll request; the server keeps
 * nothing.
 */
final class PageCursor {

	private static final Pattern STREAM_STATE = Pattern.compile("(\\d{1,2}) ([\\x21-\\x7e]{0,4096})");

	private static final String DONE = "-";

	private PageCursor() {
	}

	/**
	 * Where one stream stands between pages.
	 *
	 * @param token the SSM token of the page it is in, {@code null} for its first
	 * @param skip how many rows of that page are already shown
	 * @param done whether the stream has nothing more to show
	 */
	record State(String token, int skip, boolean done) {

		static final State START = new State(null, 0, false);

		static final State FINISHED = new State(null, 0, true);

	}

	static String encode(List<State> states) {
		StringBuilder lines = new StringBuilder();
		for (State state : states) {
			lines.append(state.done() ? DONE : state.skip() + " " + ((state.token() != null) ? state.token() : ""))
				.append('\n');
		}
		return PageToken.RUNBOARD_PREFIX + Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(lines.toString().getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * @param streams how many streams the view has
	 * @throws dev.runboard.aws.InvalidQueryException when the token is not a cursor of a
	 * view with that many streams
	 */
	static List<State> decode(PageToken token, int streams) {
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
		if (lines.length != streams + 1 || !lines[streams].isEmpty()) {
			throw PageToken.invalid();
		}
		List<State> states = new ArrayList<>();
		for (int i = 0; i < streams; i++) {
			if (DONE.equals(lines[i])) {
				states.add(State.FINISHED);
				continue;
			}
			Matcher matcher = STREAM_STATE.matcher(lines[i]);
			if (!matcher.matches() || Integer.parseInt(matcher.group(1)) > QueryRules.MAX_PAGE_SIZE) {
				throw PageToken.invalid();
			}
			String ssmToken = matcher.group(2).isEmpty() ? null : matcher.group(2);
			states.add(new State(ssmToken, Integer.parseInt(matcher.group(1)), false));
		}
		return states;
	}

}
