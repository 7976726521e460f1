package dev.runboard.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.CommandQuery;
import dev.runboard.aws.InvocationQuery;
import dev.runboard.aws.InvocationRecord;
import dev.runboard.aws.Page;
import dev.runboard.aws.PastCommands;
import dev.runboard.aws.QueryRules;
import dev.runboard.aws.RunCommand;
import dev.runboard.aws.Source;
import dev.runboard.aws.WholeOutput;

import org.springframework.transaction.support.TransactionOperations;

/**
 * Records what SSM says about one source (an account and region) into the store, one poll
 * at a time; one replica at a time records a source (a {@link Leases lease}, renewed in
 * every transaction that writes, so a replica that lost it writes nothing more).
 * <p>
 * A poll:
 * <ol>
 * <li><b>New commands</b>: {@code ListCommands} with {@code InvokedAfter} at how far it
 * had read, less an overlap of {@link #OVERLAP} (SSM's lists are eventually consistent),
 * every page. A quiet fleet costs this one call.</li>
 * <li><b>Commands not yet settled</b> that the first step did not list: one
 * {@code ListCommands} with {@code ExecutionStage=Executing} (its pages) for those still
 * running, then {@code ListCommands} by ID for each of the rest; one that SSM no longer
 * lists is marked lost and followed no more.</li>
 * <li><b>The first run's backfill</b>: {@code ListCommands} from {@code backfill} ago up
 * to the first run, newest first, as many pages as one poll interval's budget of calls
 * allows; the next poll carries on from the last command read.</li>
 * </ol>
 * For each command listed whose status or counts differ from what the store holds (or
 * which is final but not yet settled), its invocations are read with details: every page
 * when the command is final or fits one page; while a larger one runs, only its
 * {@code InProgress} invocations and, when its error count grew, its {@code Failed} ones
 * ({@code Status} filters rather than every page again). A failing invocation's plugins
 * whose listed output was cut are read whole ({@code GetCommandInvocation}) once. The
 * command, its invocations and the recorder's position are written in one transaction, so
 * a crash at any point loses nothing and duplicates nothing: the next poll reads again
 * what was not committed. A command is settled once it is final and every invocation it
 * counts is recorded final (or an hour after it turned final), and is read no more.
 * <p>
 * Every SSM call waits its turn in the {@link CallBudget}.
 */
final class Recorder {

	/** How far back of where it had read each poll lists again. */
	static final Duration OVERLAP = Duration.ofMinutes(5);

	/** How long a final command's invocation list may take to be complete. */
	static final Duration SETTLE_WITHIN = Duration.ofHours(1);

	private static final int PAGE = QueryRules.MAX_PAGE_SIZE;

	private static final String EXECUTING = "Executing";

	private final Source source;

	private final HistoryStore.SourceKey key;

	private final HistoryStore store;

	private final Partitions partitions;

	private final Leases leases;

	private final TransactionOperations transactions;

	private final CallBudget budget;

	private final RecorderMetrics metrics;

	private final HistoryProperties properties;

	private final Clock clock;

	private final PastCommands past;

	private final String lease;

	private final Duration leaseTtl;

	private final List<FinalCommandListener> listeners;

	private int callsThisPoll;

	/**
	 * @param past commands the source ran before SSM's memory, written into an empty
	 * store on the first run; {@code null} for none
	 * @param listeners what hears of commands that settle, in the transaction that writes
	 * them
	 */
	Recorder(Source source, HistoryStore store, Partitions partitions, Leases leases,
			TransactionOperations transactions, CallBudget budget, RecorderMetrics metrics,
			HistoryProperties properties, Clock clock, PastCommands past, List<FinalCommandListener> listeners) {
		this.source = source;
		this.key = new HistoryStore.SourceKey(source.account(), source.region());
		this.store = store;
		this.partitions = partitions;
		this.leases = leases;
		this.transactions = transactions;
		this.budget = budget;
		this.metrics = metrics;
		this.properties = properties;
		this.clock = clock;
		this.past = past;
		this.listeners = List.copyOf(listeners);
		this.lease = "recorder " + source.label();
		// Outlives the longest wait between two writes of a busy poll, and lets a standby
		// replica take over within a few poll intervals of this one dying.
		this.leaseTtl = max(properties.pollInterval().multipliedBy(3), Duration.ofMinutes(2));
	}

	Source source() {
		return this.source;
	}

	/**
	 * One poll, when this replica holds (or takes) the source's lease.
	 * @return whether this replica recorded; {@code false} when another one does
	 * @throws InterruptedException when Runboard stops meanwhile
	 * @throws dev.runboard.aws.AwsFailure when SSM does not answer
	 * @throws org.springframework.dao.DataAccessException when the store does not
	 */
	boolean poll() throws InterruptedException {
		short sourceId = this.store.sourceId(this.key);
		if (!this.leases.hold(this.lease, this.leaseTtl)) {
			return false;
		}
		Instant now = this.clock.instant();
		RecorderState state = this.store.recorderState(sourceId).orElse(null);
		if (state == null) {
			state = firstRun(sourceId, now);
		}
		this.callsThisPoll = 0;
		Set<String> seen = new HashSet<>();
		Instant from = Objects.requireNonNullElse(state.recordedUntil(), state.startedAt()).minus(OVERLAP);
		walk(sourceId, new CommandQuery(null, null, from, null, null, PAGE), seen);
		RecorderState read = state.withRecordedUntil(now);
		write(() -> this.store.saveRecorderState(sourceId, read));
		this.metrics.recordedUntil(now);
		follow(sourceId, seen);
		if (read.backfillNext() != null) {
			backfill(sourceId, read, seen);
		}
		return true;
	}

	/** Lets another replica take the source at once, as this one stops. */
	void release() {
		this.leases.release(this.lease);
	}

	private RecorderState firstRun(short sourceId, Instant now) {
		if (this.past != null && this.store.empty(sourceId)) {
			seed(sourceId, now);
		}
		RecorderState state = new RecorderState(now, null, now.minus(this.properties.backfill()), now);
		write(() -> this.store.saveRecorderState(sourceId, state));
		return state;
	}

	/** Writes what the source ran before SSM's memory, as if recorded then. */
	private void seed(short sourceId, Instant now) {
		List<PastCommands.PastCommand> commands = new ArrayList<>();
		this.past.forEach(this.source.account(), this.source.region(), commands::add);
		commands.stream()
			.map((command) -> command.command().command().requestedAt())
			.min(Comparator.naturalOrder())
			.ifPresent((oldest) -> this.partitions.ensure(oldest, now));
		for (int from = 0; from < commands.size(); from += 50) {
			List<PastCommands.PastCommand> chunk = commands.subList(from, Math.min(commands.size(), from + 50));
			write(() -> {
				for (PastCommands.PastCommand command : chunk) {
					this.store.upsertCommand(sourceId, command.command(), now);
					this.store.upsertInvocations(sourceId, command.invocations());
					this.store.settle(sourceId, command.command().command().commandId(),
							command.command().command().requestedAt(), now, SETTLE_WITHIN);
				}
			});
		}
	}

	/** Every page of a list of commands, each recorded. */
	private void walk(short sourceId, CommandQuery query, Set<String> seen) throws InterruptedException {
		String token = null;
		do {
			String pageToken = token;
			Page<CommandDetail> page = call(() -> runCommand().readCommands(query, pageToken));
			for (CommandDetail command : page.items()) {
				if (seen.add(command.command().commandId())) {
					record(sourceId, command, null);
				}
			}
			token = page.nextToken();
		}
		while (token != null);
	}

	/** The commands not yet settled that this poll's first list did not name. */
	private void follow(short sourceId, Set<String> seen) throws InterruptedException {
		Set<String> remaining = new LinkedHashSet<>(this.store.unsettled(sourceId));
		remaining.removeAll(seen);
		if (remaining.isEmpty()) {
			return;
		}
		String token = null;
		do {
			String pageToken = token;
			Page<CommandDetail> page = call(() -> runCommand()
				.readCommands(new CommandQuery(null, null, null, null, EXECUTING, PAGE), pageToken));
			for (CommandDetail command : page.items()) {
				String id = command.command().commandId();
				remaining.remove(id);
				if (seen.add(id)) {
					record(sourceId, command, null);
				}
			}
			token = page.nextToken();
		}
		while (token != null);
		for (String id : remaining) {
			Optional<CommandDetail> command = call(() -> runCommand().readCommand(id));
			if (command.isPresent()) {
				seen.add(id);
				record(sourceId, command.get(), null);
			}
			else {
				write(() -> this.store.markLost(sourceId, id));
				this.metrics.lost();
			}
		}
	}

	/**
	 * Walks back from where the first run's backfill stands, within this poll's share of
	 * the budget; each command's transaction also moves the walk on.
	 */
	private void backfill(short sourceId, RecorderState state, Set<String> seen) throws InterruptedException {
		int allowance = this.budget.within(this.properties.pollInterval());
		CommandQuery query = new CommandQuery(null, null, state.backfillFloor(), state.backfillNext(), null, PAGE);
		RecorderState current = state;
		String token = null;
		boolean read = false;
		do {
			// A page a poll at least, whatever the poll spent before: where a poll's own
			// reading takes its whole share of the budget, the walk back would never end.
			if (read && this.callsThisPoll >= allowance) {
				return;
			}
			read = true;
			String pageToken = token;
			Page<CommandDetail> page = call(() -> runCommand().readCommands(query, pageToken));
			for (CommandDetail command : page.items()) {
				RecorderState next = current.withBackfillNext(command.command().requestedAt());
				Runnable position = () -> this.store.saveRecorderState(sourceId, next);
				if (seen.add(command.command().commandId())) {
					record(sourceId, command, position);
				}
				else {
					write(position);
				}
				current = next;
			}
			token = page.nextToken();
		}
		while (token != null);
		RecorderState done = current.withBackfillNext(null);
		write(() -> this.store.saveRecorderState(sourceId, done));
	}

	/**
	 * Records one command as listed, reading its invocations when SSM's answer says
	 * something new.
	 * @param position what else the command's transaction writes (the backfill's walk),
	 * or {@code null}
	 */
	private void record(short sourceId, CommandDetail listed, Runnable position) throws InterruptedException {
		String id = listed.command().commandId();
		StoredCommand stored = this.store.command(sourceId, id).orElse(null);
		boolean running = listed.running();
		if (stored != null && stored.lostAt() == null && (stored.settled() || running) && stored.sameProgress(listed)) {
			if (position != null) {
				write(position);
			}
			return;
		}
		List<InvocationRecord> invocations = withWholeOutput(sourceId, listed, invocations(listed, stored));
		Instant now = this.clock.instant();
		write(() -> {
			this.store.upsertCommand(sourceId, listed, now);
			this.store.upsertInvocations(sourceId, invocations);
			boolean settled = this.store.settle(sourceId, id, listed.command().requestedAt(), now, SETTLE_WITHIN);
			// What the backfill finds is history, not news: only a command followed by
			// the recorder's own polls is told about.
			if (settled && position == null && (stored == null || !stored.settled())) {
				FinalCommand command = new FinalCommand(this.source, listed, invocations,
						finalSince(listed, stored, now));
				this.listeners.forEach((listener) -> listener.settled(command));
			}
			if (position != null) {
				position.run();
			}
		});
		int outputs = (int) invocations.stream()
			.flatMap((invocation) -> invocation.plugins().stream())
			.filter((plugin) -> plugin.whole() != null)
			.count();
		this.metrics.recorded(1, invocations.size(), outputs);
		if (!running && (stored == null || !stored.isFinal())) {
			this.metrics.finalCommand(stored != null);
		}
	}

	/**
	 * The earliest time a command seen settled may have turned final: when the store
	 * first held it final, now when it turns final in this poll, or its requested time
	 * when it is new to the store.
	 */
	private static Instant finalSince(CommandDetail listed, StoredCommand stored, Instant now) {
		if (stored == null) {
			return listed.command().requestedAt();
		}
		return (stored.isFinal() && stored.finalSeenAt() != null) ? stored.finalSeenAt() : now;
	}

	private List<InvocationRecord> invocations(CommandDetail listed, StoredCommand stored) throws InterruptedException {
		String id = listed.command().commandId();
		InvocationQuery all = InvocationQuery.ofCommand(id, true);
		if (!listed.running() || listed.command().targetCount() <= PAGE) {
			return readAll(all);
		}
		List<InvocationRecord> read = new ArrayList<>(readAll(all.withStatus("InProgress")));
		if (stored == null || listed.command().errorCount() > stored.errorCount()) {
			read.addAll(readAll(all.withStatus("Failed")));
		}
		return read;
	}

	private List<InvocationRecord> readAll(InvocationQuery query) throws InterruptedException {
		List<InvocationRecord> all = new ArrayList<>();
		String token = null;
		do {
			String pageToken = token;
			Page<InvocationRecord> page = call(() -> runCommand().readInvocations(query, pageToken));
			all.addAll(page.items());
			token = page.nextToken();
		}
		while (token != null);
		return all;
	}

	/**
	 * The invocations, each failing one's plugins whose listed output was cut with their
	 * whole output, read once.
	 */
	private List<InvocationRecord> withWholeOutput(short sourceId, CommandDetail listed,
			List<InvocationRecord> invocations) throws InterruptedException {
		if (invocations.stream()
			.noneMatch((invocation) -> invocation.failing()
					&& invocation.plugins().stream().anyMatch(InvocationRecord.Plugin::outputTruncated))) {
			return invocations;
		}
		Set<String> read = this.store.wholeOutputsRead(sourceId, listed.command().commandId(),
				listed.command().requestedAt());
		List<InvocationRecord> result = new ArrayList<>(invocations.size());
		for (InvocationRecord invocation : invocations) {
			if (!invocation.failing()) {
				result.add(invocation);
				continue;
			}
			List<InvocationRecord.Plugin> plugins = new ArrayList<>();
			for (int position = 0; position < invocation.plugins().size(); position++) {
				InvocationRecord.Plugin plugin = invocation.plugins().get(position);
				if (plugin.outputTruncated() && !read.contains(invocation.instanceId() + "/" + position)) {
					Optional<WholeOutput> whole = call(() -> runCommand().readWholeOutput(invocation.commandId(),
							invocation.instanceId(), plugin.name()));
					plugins.add(whole.map(plugin::withWhole).orElse(plugin));
				}
				else {
					plugins.add(plugin);
				}
			}
			result.add(invocation.withPlugins(plugins));
		}
		return result;
	}

	/**
	 * Writes in one transaction, which first renews the lease: a replica that lost the
	 * source to another writes nothing.
	 */
	private void write(Runnable work) {
		this.transactions.executeWithoutResult((status) -> {
			if (!this.leases.hold(this.lease, this.leaseTtl)) {
				throw new LeaseLostException(this.lease);
			}
			work.run();
		});
	}

	private <T> T call(Supplier<T> read) throws InterruptedException {
		this.budget.acquire();
		this.callsThisPoll++;
		this.metrics.call();
		return read.get();
	}

	private RunCommand runCommand() {
		return this.source.runCommand();
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	/** Another replica took the source over: this one stops writing for it. */
	static final class LeaseLostException extends RuntimeException {

		LeaseLostException(String lease) {
			super("Another replica holds the lease '" + lease + "' now");
		}

	}

}
