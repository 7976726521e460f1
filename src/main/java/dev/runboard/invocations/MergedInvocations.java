package dev.runboard.invocations;

import java.util.List;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Sources;
import dev.runboard.web.MergedStreams;
import dev.runboard.web.MergedStreams.Merged;
import dev.runboard.web.MergedStreams.StreamError;
import dev.runboard.web.PageToken;

import org.springframework.stereotype.Component;

/**
 * The invocations of several streams, one per source and status, as one list newest first
 * ({@link MergedStreams}): SSM filters one status per call and each source is one account
 * and region. A page costs at most one {@code ListCommandInvocations} call per stream.
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
	 * it will ask SSM for. The controller asks for it on pages a user scrolled to, so a
	 * view nobody scrolls costs no call it does not show.
	 */
	public MergedPage page(InvocationFilter filter, PageToken token, boolean readAhead) {
		Merged<InvocationView> merged = MergedStreams.page(filter.link(""), InvocationStream.of(filter, this.sources),
				InvocationView::requestedAt, filter.query().pageSize(), token, readAhead);
		return new MergedPage(
				merged.rows().stream().map((row) -> new SourcedInvocation(row.source(), row.item())).toList(),
				merged.errors(), merged.nextToken(), merged.stalled());
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

}
