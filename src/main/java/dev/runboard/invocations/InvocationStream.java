package dev.runboard.invocations;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.runboard.aws.InvocationQuery;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Page;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.web.MergedStreams;

/**
 * One stream of a view's invocations: one status (SSM filters one per call) in one
 * account and region, read a page at a time.
 */
record InvocationStream(Source source, String status,
		InvocationQuery query) implements MergedStreams.Stream<InvocationView> {

	/** The streams of a filter, per account and region read, per status. */
	static List<InvocationStream> of(InvocationFilter filter, Sources sources) {
		List<InvocationStream> streams = new ArrayList<>();
		for (Source source : sources.select(filter.account(), filter.region())) {
			for (String status : filter.streamStatuses()) {
				streams.add(new InvocationStream(source, status, filter.streamQuery(status)));
			}
		}
		return streams;
	}

	/** The stream as a cursor names it: account, region and status. */
	@Override
	public String name() {
		return this.source.account() + " " + this.source.region() + " " + this.status;
	}

	@Override
	public Page<InvocationView> read(String token) {
		return this.source.runCommand().invocations(this.query, token);
	}

	@Override
	public void prefetch(String token) {
		this.source.runCommand().prefetchInvocations(this.query, token);
	}

	@Override
	public Optional<Page<InvocationView>> readAhead(String token) {
		return this.source.runCommand().invocationsReadAhead(this.query, token);
	}

}
