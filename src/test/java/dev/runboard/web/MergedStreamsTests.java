package dev.runboard.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.runboard.aws.Page;
import dev.runboard.aws.Source;
import dev.runboard.web.MergedStreams.Merged;
import dev.runboard.web.MergedStreams.Sourced;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several streams of pages as one list, newest first: a page stops where a stream's
 * fetched rows run out while it has more, unless its next page was already read ahead, in
 * which case the page is filled from it at no call.
 */
class MergedStreamsTests {

	static final Instant NOW = Instant.parse("2026-12-06T22:00:00Z");

	static final Source EU = new Source(null, "eu-west-1", null);

	static final Source US = new Source(null, "us-east-1", null);

	@Test
	void aStreamWhosePageRunsOutEndsThePageWhenItsNextPageWasNotReadAhead() {
		Stream newer = new Stream(EU, List.of(rows(0, 2), rows(2, 4)));
		Stream older = new Stream(US, List.of(rows(100, 110)));

		Merged<Instant> page = page(List.of(newer, older), PageToken.FIRST);

		assertThat(page.rows()).hasSize(2);
		assertThat(newer.calls).containsExactly("p0");
	}

	@Test
	void aStreamWhoseNextPageWasReadAheadGoesOnIntoItAndThePageIsFull() {
		Stream newer = new Stream(EU, List.of(rows(0, 2), rows(2, 8), rows(8, 10)));
		Stream older = new Stream(US, List.of(rows(3, 20)));
		newer.readAhead.add("p1");

		Merged<Instant> first = page(List.of(newer, older), PageToken.FIRST);

		assertThat(first.rows()).extracting(Sourced::item).containsExactly(at(0), at(1), at(2), at(3), at(3), at(4));
		assertThat(newer.calls).as("no call for the page read ahead").containsExactly("p0");

		newer.calls.clear();
		Merged<Instant> second = page(List.of(newer, older), PageToken.of(first.nextToken()));
		assertThat(second.rows()).extracting(Sourced::item).first().isEqualTo(at(4));
		assertThat(newer.calls).as("where the first page stopped: in the page read ahead").containsExactly("p1");
	}

	@Test
	void aScrolledViewReadsAheadThePageAfterForAStreamLeftPartWayIntoItsPage() {
		Stream newer = new Stream(EU, List.of(rows(0, 4), rows(4, 8)));
		Stream older = new Stream(US, List.of(rows(1, 5), rows(5, 9)));

		MergedStreams.page(Link.to(""), List.of(newer, older), (instant) -> instant, 3, PageToken.FIRST, true);

		assertThat(newer.prefetched).containsExactlyInAnyOrder(null, "p1");
		assertThat(older.prefetched).containsExactlyInAnyOrder(null, "p1");
	}

	private static Merged<Instant> page(List<Stream> streams, PageToken token) {
		return MergedStreams.page(Link.to(""), streams, (instant) -> instant, 6, token, false);
	}

	/** Rows newest first, the {@code from}th to the {@code to}th minute before now. */
	private static List<Instant> rows(int from, int to) {
		List<Instant> rows = new ArrayList<>();
		for (int minute = from; minute < to; minute++) {
			rows.add(at(minute));
		}
		return rows;
	}

	private static Instant at(int minutesAgo) {
		return NOW.minusSeconds(60L * minutesAgo);
	}

	/** Pages named {@code p0}, {@code p1}…; {@code p0} is the first ({@code null}). */
	static final class Stream implements MergedStreams.Stream<Instant> {

		final Source source;

		final List<List<Instant>> pages;

		final List<String> calls = new ArrayList<>();

		final List<String> readAhead = new ArrayList<>();

		final List<String> prefetched = new ArrayList<>();

		final Map<String, Integer> index = new HashMap<>();

		Stream(Source source, List<List<Instant>> pages) {
			this.source = source;
			this.pages = pages;
		}

		@Override
		public Source source() {
			return this.source;
		}

		@Override
		public String status() {
			return null;
		}

		@Override
		public String name() {
			return this.source.region();
		}

		@Override
		public Page<Instant> read(String token) {
			String name = (token != null) ? token : "p0";
			this.calls.add(name);
			return page(name);
		}

		@Override
		public void prefetch(String token) {
			this.prefetched.add(token);
		}

		@Override
		public Optional<Page<Instant>> readAhead(String token) {
			return this.readAhead.remove(token) ? Optional.of(page(token)) : Optional.empty();
		}

		private Page<Instant> page(String name) {
			int number = Integer.parseInt(name.substring(1));
			return new Page<>(this.pages.get(number), (number + 1 < this.pages.size()) ? "p" + (number + 1) : null);
		}

	}

}
