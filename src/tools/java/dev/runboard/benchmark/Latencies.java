package dev.runboard.benchmark;

import java.util.Arrays;
import java.util.Collection;

/**
 * Response times of one client (or, merged, of a phase), in nanoseconds. Each client
 * records into its own instance, so recording costs nothing shared.
 */
final class Latencies {

	private long[] values = new long[1024];

	private int count;

	void record(long nanos) {
		if (this.count == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.count * 2);
		}
		this.values[this.count++] = nanos;
	}

	int count() {
		return this.count;
	}

	static Latencies merge(Collection<Latencies> all) {
		Latencies merged = new Latencies();
		for (Latencies one : all) {
			for (int i = 0; i < one.count; i++) {
				merged.record(one.values[i]);
			}
		}
		return merged;
	}

	/** The {@code quantile} (0–1) in milliseconds, nearest rank; NaN when empty. */
	double millis(double quantile) {
		if (this.count == 0) {
			return Double.NaN;
		}
		long[] sorted = Arrays.copyOf(this.values, this.count);
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(quantile * this.count);
		return sorted[Math.max(0, Math.min(this.count - 1, rank - 1))] / 1e6;
	}

}
