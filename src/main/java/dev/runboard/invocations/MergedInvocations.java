package dev.runboard.invocations;

import java.util.ArrayList;
import java.util.List;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Page;
import dev.runboard.aws.Sources;
import dev.runboard.invocations.PageCursor.State;
import dev.runboard.web.PageToken;

import org.springframework.stereotype.Component;

/**
 * The invocations of several streams, one per source and status, as one list newest
 * first: SSM filters one status per call and each source is one account and region.
 * <p>
 * A page costs at most one {@code ListCommandInvocations} call per stream. Rows are taken
 * newest first across the streams (ties go to the stream listed first) for as long as
 * every stream that may still hold a newer row has a fetched row left; what was fetched
 * but not shown is fetched again by the next page, so the {@link PageCursor} carries, per
 * stream, the SSM token of its current page and how many of that page's rows are already
 * shown. With a single stream the page token is SSM's own, as it always was.
 */
@Component
public class MergedInvocations {

	private final Sources sources;

	MergedInvocations(Sources sources) {
		this.sources = sources;
	}

	/**
	 * One page of the filter's invocations.
	 * @param token the token of the previous page, {@link PageToken#FIRST} for the first
	 * @throws dev.runboard.aws.InvalidQueryException when the token is not one this view
	 * issued
	 */
	public MergedPage page(InvocationFilter filter, PageToken token) {
		return page(filter, token, false);
	}

	/**
	 * One page of the filter's invocations, as
	 * {@link #page(InvocationFilter, PageToken)}.
	 * @param readAhead whether to start reading, in the background, what the page after
	 * it will ask SSM for: per stream not finished, the page its next position names. The
	 * controller asks for it on pages a user scrolled to, so a view nobody scrolls costs
	 * no call it does not show.
	 */
	public MergedPage page(InvocationFilter filter, PageToken token, boolean readAhead) {
		List<InvocationStream> streams = streams(filter);
		if (streams.size() == 1) {
			InvocationStream only = streams.get(0);
			if (token.runboards()) {
				throw PageToken.invalid();
			}
			Page<InvocationView> page = only.read(token.value());
			if (readAhead && page.nextToken() != null) {
				only.prefetch(page.nextToken());
			}
			return new MergedPage(
					page.items().stream().map((item) -> new SourcedInvocation(only.source(), item)).toList(), List.of(),
					page.nextToken(), false);
		}
		String view = PageCursor.view(filter, streams.stream().map(InvocationStream::name).toList());
		List<State> states = token.first() ? streams.stream().map((stream) -> State.START).toList()
				: PageCursor.decode(token, view, streams.size());
		List<Fetched> fetched = new ArrayList<>();
		List<StreamError> errors = new ArrayList<>();
		for (int i = 0; i < streams.size(); i++) {
			fetched.add(fetch(streams.get(i), states.get(i), errors));
		}
		List<SourcedInvocation> rows = merge(streams, fetched, filter.query().pageSize());
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
				}
			}
		}
		return new MergedPage(rows, errors, finished ? null : PageCursor.encode(view, next), !finished && !progress);
	}

	private List<InvocationStream> streams(InvocationFilter filter) {
		return InvocationStream.of(filter, this.sources);
	}

	private static Fetched fetch(InvocationStream stream, State state, List<StreamError> errors) {
		if (state.done()) {
			return new Fetched(List.of(), null, 0, false);
		}
		try {
			Page<InvocationView> page = stream.read(state.token());
			List<InvocationView> items = page.items();
			List<InvocationView> left = (state.skip() < items.size()) ? items.subList(state.skip(), items.size())
					: List.of();
			return new Fetched(left, page.nextToken(), items.size(), false);
		}
		catch (AwsFailure ex) {
			if (ex.kind() == AwsFailure.Kind.NOT_FOUND) {
				// A command or node of one region is unknown in the others: nothing to
				// list
				// there.
				return new Fetched(List.of(), null, 0, false);
			}
			if (ex.kind().requestAtFault()) {
				throw ex;
			}
			errors.add(new StreamError(stream.source().label(), stream.status(), ex.getMessage()));
			return new Fetched(List.of(), null, 0, true);
		}
	}

	private static List<SourcedInvocation> merge(List<InvocationStream> streams, List<Fetched> fetched, int pageSize) {
		List<SourcedInvocation> rows = new ArrayList<>();
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
			rows.add(new SourcedInvocation(streams.get(newest).source(), fetched.get(newest).take()));
		}
		return rows;
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
			return (this.nextToken != null) ? new State(this.nextToken, 0, false) : State.FINISHED;
		}

	}

	/**
	 * One page of a merged list.
	 *
	 * @param errors the streams that could not be read for this page
	 * @param nextToken the token of the next page, {@code null} on the last
	 * @param stalled whether this page moved no stream on (every one left failed): the
	 * next page is offered as a retry rather than loaded on sight
	 */
	public record MergedPage(List<SourcedInvocation> rows, List<StreamError> errors, String nextToken,
			boolean stalled) {

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

}
