package dev.runboard.invocations.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.Printable;
import dev.runboard.invocations.RowReader;
import dev.runboard.invocations.SourcedInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One export being written: it reads the view's rows (from SSM, or from the history
 * store) while it writes them, and stops at the first limit it meets, recording why, so
 * that the file can say so. It never ends silently: it completes, or its {@link #stop()}
 * says what stopped it. It holds its slot ({@link ExportSlots}) until it ends, however it
 * ends.
 */
final class ExportRun {

	private static final Log logger = LogFactory.getLog(ExportRun.class);

	/** Why an export ended before its last row. */
	enum Reason {

		/** {@code runboard.export.max-rows} rows are written and more exist. */
		ROW_LIMIT("row-limit"),

		/** {@code runboard.export.max-calls} calls are made and more are needed. */
		CALL_BUDGET("call-budget"),

		/** {@code runboard.export.time-limit} is over and more calls are needed. */
		TIME_LIMIT("time-limit"),

		/** SSM did not answer a page, or answered one Runboard cannot use. */
		SSM_FAILURE("ssm-failure"),

		/** The history store did not answer a page. */
		STORE_FAILURE("store-failure"),

		/** Runboard failed itself. */
		ERROR("error"),

		/** The client stopped reading; nothing more can be written. */
		CLIENT_GONE("client-gone");

		/** How a JSON export names it. */
		final String code;

		Reason(String code) {
			this.code = code;
		}

	}

	/** What ended an export early, and the sentence its file ends with. */
	record Stop(Reason reason, String note) {

	}

	@FunctionalInterface
	interface RowWriter {

		void write(SourcedInvocation row) throws IOException;

	}

	@FunctionalInterface
	interface Flusher {

		void flush() throws IOException;

	}

	private final ExportProperties limits;

	private final ExportSlots.Slot slot;

	private final RowReader reader;

	private final boolean output;

	private final String user;

	private final long started = System.nanoTime();

	private SourcedInvocation first;

	private Flusher flusher = () -> {
	};

	private int written;

	private Reason refusal;

	private Stop stop;

	/**
	 * Starts reading: takes the first row before anything is written, so bad input and a
	 * failing SSM still get their own status and error page.
	 * @param reader the reader of the view's rows, given what it asks before each page
	 * @param output whether the user may read output; rows lose it otherwise
	 * @throws AwsFailure when the first page cannot be read from SSM, and the store's
	 * exception when it cannot be read from the store
	 */
	ExportRun(ExportProperties limits, ExportSlots.Slot slot, Function<BooleanSupplier, RowReader> reader,
			boolean output, String user) {
		this.limits = limits;
		this.slot = slot;
		this.output = output;
		this.user = user;
		this.reader = reader.apply(this::mayCall);
		try {
			this.first = this.reader.next();
			if (this.reader.failure() != null) {
				throw this.reader.failure();
			}
		}
		catch (RuntimeException ex) {
			slot.close();
			throw ex;
		}
	}

	/**
	 * Writes every row there is, or up to the first limit it meets.
	 * @return how many rows were written
	 */
	int stream(RowWriter rows, Flusher flush) {
		this.flusher = flush;
		try {
			SourcedInvocation row = this.first;
			while (row != null) {
				if (this.written == this.limits.maxRows()) {
					stop(Reason.ROW_LIMIT);
					return this.written;
				}
				rows.write(this.output ? row : new SourcedInvocation(row.source(), row.invocation().withoutOutput()));
				this.written++;
				row = this.reader.next();
			}
			if (this.reader.refused()) {
				stop(this.refusal);
			}
			else if (this.reader.failure() != null) {
				this.stop = new Stop(this.reader.store() ? Reason.STORE_FAILURE : Reason.SSM_FAILURE,
						"Export stopped after " + this.written + " rows: " + this.reader.failure().getMessage());
			}
		}
		catch (IOException | UncheckedIOException ex) {
			this.stop = new Stop(Reason.CLIENT_GONE, "The client went away after " + this.written + " rows.");
		}
		catch (RuntimeException ex) {
			if (ex.getCause() instanceof IOException) {
				this.stop = new Stop(Reason.CLIENT_GONE, "The client went away after " + this.written + " rows.");
			}
			else {
				logger.error("Export stopped after " + this.written + " rows", ex);
				this.stop = new Stop(Reason.ERROR, "Export stopped after " + this.written
						+ " rows: Runboard failed to read the rest. Try again; if it keeps failing, tell whoever "
						+ "runs Runboard, with the request ID.");
			}
		}
		return this.written;
	}

	/**
	 * Asked before each page is read: flushes what is written, so rows reach the client
	 * while the next page is read, and says whether one more read is within the limits.
	 */
	private boolean mayCall() {
		try {
			this.flusher.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (this.written >= this.limits.maxRows()) {
			this.refusal = Reason.ROW_LIMIT;
		}
		else if (this.reader != null && this.reader.calls() >= this.limits.maxCalls()) {
			this.refusal = Reason.CALL_BUDGET;
		}
		else if (elapsed().compareTo(this.limits.timeLimit()) >= 0) {
			this.refusal = Reason.TIME_LIMIT;
		}
		return this.refusal == null;
	}

	private void stop(Reason reason) {
		String note = switch (reason) {
			case ROW_LIMIT -> "Export stopped at " + this.written
					+ " rows (runboard.export.max-rows); narrow the filters to export the rest.";
			case CALL_BUDGET -> "Export stopped after " + this.written + " rows: it made the " + this.limits.maxCalls()
					+ " calls to " + this.reader.reads() + " one export may make (runboard.export.max-calls); "
					+ "narrow the filters to export the rest.";
			case TIME_LIMIT -> "Export stopped after " + this.written + " rows: it read " + this.reader.reads()
					+ " for the " + this.limits.timeLimit()
					+ " one export may take (runboard.export.time-limit); narrow the " + "filters to export the rest.";
			default -> throw new IllegalArgumentException(reason.name());
		};
		this.stop = new Stop(reason, note);
	}

	/** What ended the export early; {@code null} when it wrote every row. */
	Stop stop() {
		return this.stop;
	}

	/**
	 * Ends the export: gives its slot back and leaves one log line saying how it went.
	 */
	void end(String format) {
		this.slot.close();
		String how = (this.stop != null) ? "stopped (" + this.stop.reason().code + ")" : "complete";
		String line = "Export " + format + " user=" + Printable.of(this.user) + " " + how + ": " + this.written
				+ " rows, " + this.reader.calls() + (this.reader.store() ? " store queries, " : " SSM calls, ")
				+ elapsed().toMillis() + " ms";
		if (this.stop != null
				&& (this.stop.reason() == Reason.SSM_FAILURE || this.stop.reason() == Reason.STORE_FAILURE)) {
			logger.warn(line + "; " + this.stop.note());
		}
		else {
			logger.info(line);
		}
	}

	private Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - this.started);
	}

}
