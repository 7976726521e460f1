package dev.runboard.history;

import java.util.List;

/**
 * One page of recorded invocations, newest first.
 *
 * @param cursor the {@code cursor} of the next page, or {@code null} on the last
 */
public record HistoryPage(List<RecordedInvocation> rows, String cursor) {

	public HistoryPage {
		rows = List.copyOf(rows);
	}

	public boolean last() {
		return this.cursor == null;
	}

}
