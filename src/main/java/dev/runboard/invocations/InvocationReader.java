package dev.runboard.invocations;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Page;
import dev.runboard.aws.Sources;

/**
 * Every invocation of a filter, newest first, read on demand, one SSM page of one stream
 * at a time: for an export, which reads the whole list within one request and so can keep
 * each stream's current page. Unlike {@link MergedInvocations}, which pages a view, it
 * reads each SSM page once: a call costs 50 new rows (fewer where SSM answers a short or
 * an empty page), however the streams interleave. Not thread-safe: one export reads it.
 */
public final class InvocationReader implements RowReader {

	private final List<InvocationStream> streams;

	private final List<Buffered> buffers = new ArrayList<>();

	private final BooleanSupplier mayCall;

	private int calls;

	private boolean refused;

	private AwsFailure failure;

	private InvocationReader(List<InvocationStream> streams, BooleanSupplier mayCall) {
		this.streams = streams;
		this.mayCall = mayCall;
		streams.forEach((stream) -> this.buffers.add(new Buffered()));
	}

	/**
	 * Starts reading the filter's streams; nothing is read before the first
	 * {@link #next()}.
	 * @param mayCall asked before each call to SSM; when it says no, reading stops
	 */
	public static InvocationReader of(Sources sources, InvocationFilter filter, BooleanSupplier mayCall) {
		return new InvocationReader(InvocationStream.of(filter, sources), mayCall);
	}

	/**
	 * The next row, or {@code null} when there is none: at the end, when a call was not
	 * allowed ({@link #refused()}), or when a stream failed ({@link #failure()}). Before
	 * it can tell which row is next, every stream with no row in hand and more to read is
	 * read: one call each.
	 */
	@Override
	public SourcedInvocation next() {
		if (this.refused || this.failure != null) {
			return null;
		}
		int newest = -1;
		for (int i = 0; i < this.streams.size(); i++) {
			Buffered buffer = this.buffers.get(i);
			while (buffer.rows.isEmpty() && !buffer.done) {
				if (!this.mayCall.getAsBoolean()) {
					this.refused = true;
					return null;
				}
				if (!read(this.streams.get(i), buffer)) {
					return null;
				}
			}
			if (!buffer.rows.isEmpty() && (newest < 0
					|| buffer.head().requestedAt().isAfter(this.buffers.get(newest).head().requestedAt()))) {
				newest = i;
			}
		}
		return (newest < 0) ? null
				: new SourcedInvocation(this.streams.get(newest).source(), this.buffers.get(newest).take());
	}

	/** Reads the stream's next page; {@code false} when it failed. */
	private boolean read(InvocationStream stream, Buffered buffer) {
		this.calls++;
		try {
			Page<InvocationView> page = stream.read(buffer.token);
			buffer.fill(page.items(), page.nextToken());
			return true;
		}
		catch (AwsFailure ex) {
			if (ex.kind() == AwsFailure.Kind.NOT_FOUND && this.streams.size() > 1) {
				// A command or node of one region is unknown in the others.
				buffer.fill(List.of(), null);
				return true;
			}
			this.failure = ex;
			return false;
		}
	}

	/** How many calls to SSM it made. */
	@Override
	public int calls() {
		return this.calls;
	}

	/** Whether it stopped because a call was not allowed. */
	@Override
	public boolean refused() {
		return this.refused;
	}

	/** Why a stream could not be read, if one could not: reading stopped there. */
	@Override
	public AwsFailure failure() {
		return this.failure;
	}

	@Override
	public String reads() {
		return "SSM";
	}

	@Override
	public boolean store() {
		return false;
	}

	/** The rows of a stream's current page not read yet, and where its next page is. */
	private static final class Buffered {

		private final Deque<InvocationView> rows = new ArrayDeque<>();

		private String token;

		private boolean done;

		void fill(List<InvocationView> items, String nextToken) {
			this.rows.addAll(items);
			this.token = nextToken;
			this.done = nextToken == null;
		}

		InvocationView head() {
			return this.rows.peekFirst();
		}

		InvocationView take() {
			return this.rows.pollFirst();
		}

	}

}
