package dev.runboard.ssm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.runboard.ssm.SsmSources.SsmSource;

import org.springframework.util.MultiValueMap;

/**
 * The invocations of several streams, one per source and status, as one list newest
 * first: SSM filters one status per call and each client reads one account and region.
 * <p>
 * A page costs at most one {@code ListCommandInvocations} call per stream. Rows are taken
 * newest first across the streams (ties go to the stream listed first) for as long as
 * every stream that may still hold a newer row has a fetched row left; what was fetched
 * but not shown is fetched again by the next page, so the cursor carries, per stream, the
 * SSM token of its current page and how many of that page's rows are already shown. With
 * a single stream the cursor is SSM's own token, as it always was.
 */
public class MergedInvocations {

	private static final String CURSOR_PREFIX = "m1.";

	/** Base64 of the cursor's lines; SSM tokens are at most a few kB each. */
	private static final int MAX_CURSOR_LENGTH = 32_768;

	private static final Pattern STREAM_STATE = Pattern.compile("(\\d{1,2}) ([\\x21-\\x7e]{0,4096})");

	private static final String DONE = "-";

	private final SsmSources sources;

	public MergedInvocations(SsmSources sources) {
		this.sources = sources;
	}

	/**
	 * One page of the search.
	 * @param nextToken the cursor of the previous page, or {@code null} for the first
	 * @throws InvalidQueryException when the cursor is not one this search issued
	 */
	public MergedPage page(InvocationSearch search, String nextToken) {
		List<Stream> streams = streams(search);
		if (streams.size() == 1) {
			Stream only = streams.get(0);
			Page<InvocationView> page = only.source.ssm().listInvocations(only.query, nextToken);
			return new MergedPage(page.items().stream().map((item) -> new Row(only.source, item)).toList(), List.of(),
					page.nextToken(), false);
		}
		List<State> states = (nextToken != null) ? decode(nextToken, streams.size())
				: streams.stream().map((stream) -> new State(null, 0, false)).toList();
		List<Fetched> fetched = new ArrayList<>();
		List<StreamError> errors = new ArrayList<>();
		for (int i = 0; i < streams.size(); i++) {
			fetched.add(fetch(streams.get(i), states.get(i), errors));
		}
		List<Row> rows = merge(streams, fetched, search.query().pageSize());
		List<State> next = new ArrayList<>();
		boolean progress = !rows.isEmpty();
		for (int i = 0; i < streams.size(); i++) {
			State state = fetched.get(i).next(states.get(i));
			progress |= !state.equals(states.get(i));
			next.add(state);
		}
		boolean finished = next.stream().allMatch(State::done);
		return new MergedPage(rows, errors, finished ? null : encode(next), !finished && !progress);
	}

	private List<Stream> streams(InvocationSearch search) {
		List<Stream> streams = new ArrayList<>();
		List<SsmSource> selected = this.sources.select(search.account(), search.region());
		for (SsmSource source : selected) {
			for (String status : search.streamStatuses()) {
				streams.add(new Stream(source, status, search.streamQuery(status)));
			}
		}
		return streams;
	}

	private static Fetched fetch(Stream stream, State state, List<StreamError> errors) {
		if (state.done()) {
			return new Fetched(List.of(), null, 0, false);
		}
		try {
			Page<InvocationView> page = stream.source.ssm().listInvocations(stream.query, state.token());
			List<InvocationView> items = page.items();
			List<InvocationView> left = (state.skip() < items.size()) ? items.subList(state.skip(), items.size())
					: List.of();
			return new Fetched(left, page.nextToken(), items.size(), false);
		}
		catch (SsmNotFoundException ex) {
			// A command or node of one region is unknown in the others: nothing to list
			// there.
			return new Fetched(List.of(), null, 0, false);
		}
		catch (SsmUnavailableException ex) {
			errors.add(new StreamError(stream.source.label(), stream.status, ex.getMessage()));
			return new Fetched(List.of(), null, 0, true);
		}
	}

	private static List<Row> merge(List<Stream> streams, List<Fetched> fetched, int pageSize) {
		List<Row> rows = new ArrayList<>();
		while (rows.size() < pageSize) {
			int newest = -1;
			for (int i = 0; i < fetched.size(); i++) {
				Fetched stream = fetched.get(i);
				if (stream.failed) {
					continue;
				}
				if (!stream.hasLeft()) {
					if (stream.more()) {
						// Its next page may hold a row newer than every row fetched.
						return rows;
					}
					continue;
				}
				if (newest < 0 || stream.head().requestedAt().isAfter(fetched.get(newest).head().requestedAt())) {
					newest = i;
				}
			}
			if (newest < 0) {
				return rows;
			}
			rows.add(new Row(streams.get(newest).source, fetched.get(newest).take()));
		}
		return rows;
	}

	static String encode(List<State> states) {
		StringBuilder lines = new StringBuilder();
		for (State state : states) {
			lines.append(state.done() ? DONE : state.skip() + " " + ((state.token() != null) ? state.token() : ""))
				.append('\n');
		}
		return CURSOR_PREFIX + Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(lines.toString().getBytes(StandardCharsets.US_ASCII));
	}

	static List<State> decode(String cursor, int streams) {
		if (!cursor.startsWith(CURSOR_PREFIX) || cursor.length() > MAX_CURSOR_LENGTH) {
			throw invalidCursor();
		}
		String text;
		try {
			text = new String(Base64.getUrlDecoder().decode(cursor.substring(CURSOR_PREFIX.length())),
					StandardCharsets.US_ASCII);
		}
		catch (IllegalArgumentException ex) {
			throw invalidCursor();
		}
		String[] lines = text.split("\n", -1);
		if (lines.length != streams + 1 || !lines[streams].isEmpty()) {
			throw invalidCursor();
		}
		List<State> states = new ArrayList<>();
		for (int i = 0; i < streams; i++) {
			if (DONE.equals(lines[i])) {
				states.add(new State(null, 0, true));
				continue;
			}
			Matcher matcher = STREAM_STATE.matcher(lines[i]);
			if (!matcher.matches() || Integer.parseInt(matcher.group(1)) > Parameters.MAX_PAGE_SIZE) {
				throw invalidCursor();
			}
			String token = matcher.group(2).isEmpty() ? null : matcher.group(2);
			states.add(new State(token, Integer.parseInt(matcher.group(1)), false));
		}
		return states;
	}

	/**
	 * Reads the cursor parameter of a scroll request, before it is checked against the
	 * search.
	 */
	public static String nextToken(MultiValueMap<String, String> parameters) {
		String token = Parameters.single(parameters, "nextToken");
		if (token != null && token.startsWith(CURSOR_PREFIX)) {
			if (token.length() > MAX_CURSOR_LENGTH) {
				throw invalidCursor();
			}
			return token;
		}
		return Parameters.nextToken(parameters);
	}

	private static InvalidQueryException invalidCursor() {
		return new InvalidQueryException("nextToken",
				"nextToken: not a page token Runboard issued for this view. Reload the list to start from the first page.");
	}

	private record Stream(SsmSource source, String status, InvocationQuery query) {

	}

	/**
	 * Where one stream stands between pages.
	 *
	 * @param token the SSM token of the page it is in, {@code null} for its first
	 * @param skip how many rows of that page are already shown
	 * @param done whether the stream has nothing more to show
	 */
	record State(String token, int skip, boolean done) {

	}

	/** What one stream's call returned for this page, and how much of it was taken. */
	private static final class Fetched {

		private final List<InvocationView> left;

		private final String nextToken;

		private final int pageLength;

		private final boolean failed;

		private int taken;

		Fetched(List<InvocationView> left, String nextToken, int pageLength, boolean failed) {
			this.left = left;
			this.nextToken = nextToken;
			this.pageLength = pageLength;
			this.failed = failed;
		}

		boolean hasLeft() {
			return this.taken < this.left.size();
		}

		boolean more() {
			return this.nextToken != null;
		}

		InvocationView head() {
			return this.left.get(this.taken);
		}

		InvocationView take() {
			return this.left.get(this.taken++);
		}

		State next(State before) {
			if (before.done() || this.failed) {
				return before;
			}
			if (hasLeft()) {
				return new State(before.token(), this.pageLength - this.left.size() + this.taken, false);
			}
			return (this.nextToken != null) ? new State(this.nextToken, 0, false) : new State(null, 0, true);
		}

	}

	/**
	 * One page of a merged list.
	 *
	 * @param errors the streams that could not be read for this page
	 * @param nextToken the cursor of the next page, {@code null} on the last
	 * @param stalled whether this page moved no stream on (every one left failed): the
	 * next page is offered as a retry rather than loaded on sight
	 */
	public record MergedPage(List<Row> rows, List<StreamError> errors, String nextToken, boolean stalled) {

		public boolean last() {
			return this.nextToken == null;
		}

	}

	/** One invocation and where it was read. */
	public record Row(SsmSource source, InvocationView invocation) {

	}

	/**
	 * A stream that could not be read.
	 *
	 * @param source the account and region, as rows name them
	 * @param status the status it filters, or {@code null}
	 */
	public record StreamError(String source, String status, String message) {

	}

}
