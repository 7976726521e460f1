package dev.runboard.aws;

import java.util.List;

/**
 * One page of results and the opaque token of the next page ({@code null} on the last
 * page).
 */
public record Page<T>(List<T> items, String nextToken) {

	public Page {
		items = List.copyOf(items);
	}

	public boolean last() {
		return this.nextToken == null;
	}

}
