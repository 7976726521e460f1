package dev.runboard.invocations;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.history.HistoryOffException;
import dev.runboard.history.HistoryPage;
import dev.runboard.history.HistoryRepository;
import dev.runboard.history.RecordedInvocation;
import dev.runboard.history.RecorderReport;
import dev.runboard.history.StoreUnavailableException;
import dev.runboard.security.OutputAccess;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Invocations as the history store keeps them, for the views of invocations: pages of a
 * history view, one invocation that SSM no longer lists, every row of a view for an
 * export. Each row is shown in the account and region it was recorded in, with the links
 * a live row of that source has. Without history ({@code runboard.history.enabled}) there
 * is no store, and asking for a history view is answered as a page that does not exist.
 */
@Component
public class StoredInvocations {

	private final ObjectProvider<HistoryRepository> repository;

	private final ObjectProvider<RecorderReport> recorder;

	private final Sources sources;

	private final OutputAccess outputAccess;

	StoredInvocations(ObjectProvider<HistoryRepository> repository, ObjectProvider<RecorderReport> recorder,
			Sources sources, OutputAccess outputAccess) {
		this.repository = repository;
		this.recorder = recorder;
		this.sources = sources;
		this.outputAccess = outputAccess;
	}

	/** Whether Runboard keeps history. */
	public boolean enabled() {
		return this.repository.getIfAvailable() != null;
	}

	/**
	 * One page of a history view, newest first, as the signed-in user may search it: a
	 * user without the output role searches metadata only, and a failure signature (made
	 * of output) is not theirs to filter by.
	 * @param cursor where the page before ended, or {@code null} for the first
	 * @throws HistoryOffException when Runboard keeps no history
	 * @throws StoreUnavailableException when the store does not answer
	 * @throws dev.runboard.aws.InvalidQueryException when the cursor is not one issued
	 * for this view
	 * @throws dev.runboard.security.OutputHiddenException for a signature without the
	 * output role
	 */
	public StoredPage page(HistoryFilter filter, String cursor) {
		return page(filter, cursor, this.outputAccess.allowed());
	}

	private StoredPage page(HistoryFilter filter, String cursor, boolean output) {
		if (filter.signature() != null) {
			this.outputAccess.require();
		}
		HistoryPage page = repository().page(filter.query(this.sources, output), cursor);
		List<SourcedInvocation> rows = new ArrayList<>();
		List<SearchMatches> matches = new ArrayList<>();
		for (RecordedInvocation recorded : page.rows()) {
			SourcedInvocation row = sourced(recorded);
			rows.add(row);
			matches.add((filter.search() != null && output) ? SearchMatches.of(filter.search(),
					recorded.detail(row.source().runCommand()), recorded.outputCut()) : null);
		}
		return new StoredPage(rows, page.cursor(), matches);
	}

	/**
	 * How far the recorder has read the accounts and regions of a view, and what it has
	 * recorded.
	 */
	RecorderReport.Status recorder(HistoryFilter filter) {
		RecorderReport report = this.recorder.getIfAvailable();
		if (report == null) {
			throw new HistoryOffException();
		}
		return report.status(this.sources.select(filter.invocations().account(), filter.invocations().region()));
	}

	/**
	 * The invocation SSM answered {@code notFound} for, as the store kept it: SSM forgets
	 * after 30 days, the store does not.
	 * @return the invocation with the whole output of each plugin the store kept
	 * @throws AwsFailure {@code notFound} itself when it is no such failure, when
	 * Runboard keeps no history, or when the store holds no such invocation either
	 * @throws StoreUnavailableException when the store cannot say
	 */
	Forgotten forgotten(AwsFailure notFound, Source source, String commandId, String instanceId) {
		if (notFound.kind() != AwsFailure.Kind.NOT_FOUND) {
			throw notFound;
		}
		HistoryRepository history = this.repository.getIfAvailable();
		if (history == null) {
			throw notFound;
		}
		RecordedInvocation recorded = history.invocation(source.account(), source.region(), commandId, instanceId)
			.orElseThrow(() -> notFound);
		return new Forgotten(recorded.detail(source.runCommand()), recorded.lost());
	}

	/**
	 * Every row of a history view, newest first, a page of 50 at a time.
	 * @param mayRead asked before each page is read; when it says no, reading stops
	 */
	public RowReader reader(HistoryFilter filter, BooleanSupplier mayRead) {
		// Asked now, in the request: the export's later pages are read on another thread.
		boolean output = this.outputAccess.allowed();
		if (filter.signature() != null) {
			this.outputAccess.require();
		}
		return new Reader(filter.withFullPages(), mayRead, output);
	}

	private HistoryRepository repository() {
		HistoryRepository history = this.repository.getIfAvailable();
		if (history == null) {
			throw new HistoryOffException();
		}
		return history;
	}

	private SourcedInvocation sourced(RecordedInvocation recorded) {
		Source source = this.sources.all()
			.stream()
			.filter((candidate) -> Objects.equals(candidate.account(), recorded.account())
					&& candidate.region().equals(recorded.region()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("The store answered for a source not asked for"));
		return new SourcedInvocation(source, recorded.view(source.runCommand()));
	}

	/**
	 * One page of a history view.
	 *
	 * @param cursor the cursor of the next page, or {@code null} on the last
	 * @param matches for each row, the lines of its output that {@code q} matched, or
	 * {@code null} when the view does not search output
	 */
	public record StoredPage(List<SourcedInvocation> rows, String cursor, List<SearchMatches> matches) {

		public boolean last() {
			return this.cursor == null;
		}

	}

	/**
	 * An invocation SSM no longer lists, as the store kept it.
	 *
	 * @param lost whether SSM forgot it before it was final: its status is the last seen
	 */
	record Forgotten(InvocationView invocation, boolean lost) {

	}

	/** The rows of a history view for an export: each page one query. */
	private final class Reader implements RowReader {

		private final HistoryFilter filter;

		private final BooleanSupplier mayRead;

		private final Deque<SourcedInvocation> rows = new ArrayDeque<>();

		private String cursor;

		private boolean done;

		private int calls;

		private boolean refused;

		private StoreUnavailableException failure;

		private final boolean output;

		Reader(HistoryFilter filter, BooleanSupplier mayRead, boolean output) {
			this.filter = filter;
			this.mayRead = mayRead;
			this.output = output;
		}

		@Override
		public SourcedInvocation next() {
			while (this.rows.isEmpty() && !this.done && !this.refused && this.failure == null) {
				if (!this.mayRead.getAsBoolean()) {
					this.refused = true;
					break;
				}
				this.calls++;
				try {
					StoredPage page = page(this.filter, this.cursor, this.output);
					this.rows.addAll(page.rows());
					this.cursor = page.cursor();
					this.done = page.last();
				}
				catch (StoreUnavailableException ex) {
					this.failure = ex;
				}
			}
			return this.rows.pollFirst();
		}

		@Override
		public int calls() {
			return this.calls;
		}

		@Override
		public boolean refused() {
			return this.refused;
		}

		@Override
		public RuntimeException failure() {
			return this.failure;
		}

		@Override
		public String reads() {
			return "the history store";
		}

		@Override
		public boolean store() {
			return true;
		}

	}

}
