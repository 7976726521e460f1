package dev.runboard.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.Page;
import dev.runboard.aws.Source;
import dev.runboard.web.PageCursor.State;

/**
 * Several streams of SSM pages as one list, newest first: the invocations of several
 * statuses and sources, the commands of several accounts and regions. SSM filters one
 * status per call, and each source is one account and region.
 * <p>
 * A page costs at most one call per stream. Rows are taken newest first across the
 * streams (ties go to the stream listed first) for as long as every stream that may still
 * hold a newer row has a fetched row left; a stream whose next page was already read
 * ahead goes on into it at no call, so a scroll page is filled where it can be (a
 * scrolled view reads ahead, for a stream left part way into its page, the page after it
 * too). What was fetched but not shown is fetched again by the next page, so the
 * {@link PageCursor} carries, per stream, the SSM token of its current page and how many
 * of that page's rows are already shown. With a single stream the page token is SSM's
 * own.
 */
public final class MergedStreams {

	private MergedStreams() {
	}

	/**
	 * One stream: the pages of one query in one account and region.
	 *
	 * @param <T> what its pages hold
	 */
	public interface Stream<T> {

		Source source();

		/** The status it filters, or {@code null}: what a failure of it says. */
		String status();

		/** How a cursor names it. */
		String name();

		/** The page {@code token} names, the first for {@code null}. */
		Page<T> read(String token);

		/** Starts reading the page {@code token} names in the background. */
		void prefetch(String token);

		/**
		 * The page {@code token} names if it was read ahead and has arrived, taken from
		 * where it was kept; empty otherwise. Never calls SSM.
		 */
		Optional<Page<T>> readAhead(String token);

	}

	/** A row and the account and region it was read in. */
	public record Sourced<T>(Source source, T item) {

	}

	/**
	 * One page of a merged list.
	 *
	 * @param errors the streams that could not be read for this page
	 * @param nextToken the token of the next page, {@code null} on the last
	 * @param stalled whether this page moved no stream on (every one left failed): the
	 * next page is offered as a retry rather than loaded on sight
	 */
	public record Merged<T>(List<Sourced<T>> rows, List<StreamError> errors, String nextToken, boolean stalled) {

		public boolean last() {
			return this.nextToken == null;
		}

	}

	/**
	 * A stream that could not be read.
	 *
	 * @param source the account and region, as rows name them
	 * @param status the status it filters, or {@code null}
	 */
	public record StreamError(String source, String status, String message) {

	}

	/**
	 * One page of the streams' rows.
	 * @param filter the view's canonical link: a cursor of another view is refused
	 * @param time when a row was requested, by which the streams are merged
	 * @param token the token of the previous page, {@link PageToken#FIRST} for the first
	 * @param readAhead whether to start reading, in the background, what the page after
	 * it will ask SSM for: per stream not finished, the page its next position names
	 * @throws dev.runboard.aws.InvalidQueryException when the token is not one this view
	 * issued
	 */
	public static <T> Merged<T> page(Link filter, List<? extends Stream<T>> streams, Function<T, Instant> time,
			int pageSize, PageToken token, boolean readAhead) {
		if (streams.size() == 1) {
			Stream<T> only = streams.get(0);
			if (token.runboards()) {
				throw PageToken.invalid();
			}
			Page<T> page = only.read(token.value());
			if (readAhead && page.nextToken() != null) {
				only.prefetch(page.nextToken());
			}
			return new Merged<>(page.items().stream().map((item) -> new Sourced<>(only.source(), item)).toList(),
					List.of(), page.nextToken(), false);
		}
		String view = PageCursor.view(filter, streams.stream().map(Stream::name).toList());
		List<State> states = token.first() ? streams.stream().map((stream) -> State.START).toList()
				: PageCursor.decode(token, view, streams.size());
		List<Fetched<T>> fetched = new ArrayList<>();
		List<StreamError> errors = new ArrayList<>();
		for (int i = 0; i < streams.size(); i++) {
			fetched.add(fetch(streams.get(i), states.get(i), errors));
		}
		List<Sourced<T>> rows = merge(streams, fetched, time, pageSize);
		List<State> next = new ArrayList<>();
		boolean progress = !rows.isEmpty();
		for (int i = 0; i < streams.size(); i++) {
			State state = fetched.get(i).next(states.get(i));
			progress |= !state.equals(states.get(i));
			next.add(state);
		}
		boolean finished = next.stream().allMatch(State::done);
		if (readAhead && !finished && progress) {
			for (int i = 0; i < streams.size(); i++) {
				if (!next.get(i).done()) {
					streams.get(i).prefetch(next.get(i).token());
					// A stream left part way into its page runs out of it on the next
					// scroll: its page after is read too, so that scroll is filled from
					// it rather than cut short where this stream's page ends.
					String after = fetched.get(i).nextToken;
					if (next.get(i).skip() > 0 && after != null) {
						streams.get(i).prefetch(after);
					}
				}
			}
		}
		return new Merged<>(rows, errors, finished ? null : PageCursor.encode(view, next), !finished && !progress);
	}

	private static <T> Fetched<T> fetch(Stream<T> stream, State state, List<StreamError> errors) {
		if (state.done()) {
			return Fetched.finished(stream);
		}
		try {
			return new Fetched<>(stream, state.token(), stream.read(state.token()), state.skip());
		}
		catch (AwsFailure ex) {
			if (ex.kind() == AwsFailure.Kind.NOT_FOUND) {
				// A command or node of one region is unknown in the others: nothing to
				// list there.
				return Fetched.finished(stream);
			}
			if (ex.kind().requestAtFault()) {
				throw ex;
			}
			errors.add(new StreamError(stream.source().label(), stream.status(), ex.getMessage()));
			return Fetched.failed(stream);
		}
	}

	private static <T> List<Sourced<T>> merge(List<? extends Stream<T>> streams, List<Fetched<T>> fetched,
			Function<T, Instant> time, int pageSize) {
		List<Sourced<T>> rows = new ArrayList<>();
		while (rows.size() < pageSize) {
			int newest = -1;
			for (int i = 0; i < fetched.size(); i++) {
				Fetched<T> stream = fetched.get(i);
				if (stream.failed) {
					continue;
				}
				if (!stream.hasLeft() && !stream.goOnIntoReadAhead()) {
					if (stream.more()) {
						// Its next page may hold a row newer than every row fetched.
						return rows;
					}
					continue;
				}
				if (newest < 0 || time.apply(stream.head()).isAfter(time.apply(fetched.get(newest).head()))) {
					newest = i;
				}
			}
			if (newest < 0) {
				return rows;
			}
			rows.add(new Sourced<>(streams.get(newest).source(), fetched.get(newest).take()));
		}
		return rows;
	}

	/**
	 * What one stream's call returned for this page, and how much of it was taken; it
	 * goes on into the pages read ahead after it, when they have arrived.
	 */
	private static final class Fetched<T> {

		private final Stream<T> stream;

		private final boolean failed;

		/** The SSM token of the page being taken from. */
		private String token;

		private List<T> items;

		/** The next row of {@link #items} to take. */
		private int position;

		private String nextToken;

		Fetched(Stream<T> stream, String token, Page<T> page, int skip) {
			this(stream, token, page.items(), Math.min(skip, page.items().size()), page.nextToken(), false);
		}

		private Fetched(Stream<T> stream, String token, List<T> items, int position, String nextToken, boolean failed) {
			this.stream = stream;
			this.token = token;
			this.items = items;
			this.position = position;
			this.nextToken = nextToken;
			this.failed = failed;
		}

		static <T> Fetched<T> finished(Stream<T> stream) {
			return new Fetched<>(stream, null, List.of(), 0, null, false);
		}

		static <T> Fetched<T> failed(Stream<T> stream) {
			return new Fetched<>(stream, null, List.of(), 0, null, true);
		}

		boolean hasLeft() {
			return this.position < this.items.size();
		}

		boolean more() {
			return this.nextToken != null;
		}

		/**
		 * Moves on to the next page, when it was read ahead and has arrived: a scroll
		 * page is filled from pages already read rather than cut short.
		 * @return whether a row is left to take
		 */
		boolean goOnIntoReadAhead() {
			while (!hasLeft() && this.nextToken != null) {
				Optional<Page<T>> page = this.stream.readAhead(this.nextToken);
				if (page.isEmpty()) {
					return false;
				}
				this.token = this.nextToken;
				this.items = page.get().items();
				this.position = 0;
				this.nextToken = page.get().nextToken();
			}
			return hasLeft();
		}

		T head() {
			return this.items.get(this.position);
		}

		T take() {
			return this.items.get(this.position++);
		}

		State next(State before) {
			if (before.done() || this.failed) {
				return before;
			}
			if (hasLeft()) {
				return new State(this.token, this.position, false);
			}
			return (this.nextToken != null) ? new State(this.nextToken, 0, false) : State.FINISHED;
		}

	}

}
