package dev.runboard.history;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.Printable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.api.FlywayException;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Runs the store's work on threads of its own: each source's recorder every
 * {@code poll-interval}, backing off (doubling, up to five minutes) while SSM throttles
 * or fails or the store does not answer, retention once a day by whichever replica claims
 * it, and before it, hourly, failure signatures of an older version of their rules
 * computed again ({@link SignatureRefresh}). Every run first migrates the store if it has
 * not been yet, so Runboard starts without its store and catches up when it answers.
 */
class HistoryJobs implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(HistoryJobs.class);

	/** The longest wait between two polls of a failing source. */
	private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

	/** How often replicas try to claim the day's retention run. */
	private static final Duration RETENTION_CHECK = Duration.ofHours(1);

	private static final Duration RETENTION_PERIOD = Duration.ofHours(23);

	private final List<Recorder> recorders;

	private final Map<Recorder, RecorderMetrics> metrics;

	private final StoreSchema schema;

	private final Retention retention;

	private final SignatureRefresh signatures;

	private final Leases leases;

	private final HistoryProperties properties;

	private final Clock clock;

	private final Map<Recorder, String> lastFailure = new ConcurrentHashMap<>();

	private volatile ThreadPoolTaskScheduler scheduler;

	HistoryJobs(Map<Recorder, RecorderMetrics> recorders, StoreSchema schema, Retention retention,
			SignatureRefresh signatures, Leases leases, HistoryProperties properties, Clock clock) {
		this.recorders = List.copyOf(recorders.keySet());
		this.metrics = Map.copyOf(recorders);
		this.schema = schema;
		this.retention = retention;
		this.signatures = signatures;
		this.leases = leases;
		this.properties = properties;
		this.clock = clock;
	}

	/** The metrics of the recorder of {@code source}, if Runboard records it. */
	Optional<RecorderMetrics> metrics(String account, String region) {
		return this.recorders.stream()
			.filter((recorder) -> Objects.equals(recorder.source().account(), account)
					&& recorder.source().region().equals(region))
			.findFirst()
			.map(this.metrics::get);
	}

	@Override
	public void start() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(this.recorders.size() + 1);
		scheduler.setThreadNamePrefix("history-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		this.scheduler = scheduler;
		for (Recorder recorder : this.recorders) {
			scheduler.execute(() -> poll(recorder, 0));
		}
		scheduler.execute(this::retain);
	}

	@Override
	public void stop() {
		ThreadPoolTaskScheduler scheduler = this.scheduler;
		this.scheduler = null;
		if (scheduler != null) {
			// Interrupts a poll waiting on SSM or on its budget: what it had not
			// committed is
			// read again by whichever replica records the source next.
			scheduler.shutdown();
			for (Recorder recorder : this.recorders) {
				try {
					recorder.release();
				}
				catch (RuntimeException ex) {
					// The store is down: the lease lapses by itself.
				}
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	private void poll(Recorder recorder, int failures) {
		int failed = 0;
		try {
			this.schema.ensureMigrated();
			recorder.poll();
			recovered(recorder);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (RuntimeException ex) {
			if (!isRunning() || Thread.currentThread().isInterrupted()) {
				return;
			}
			failed = failures + 1;
			failed(recorder, ex);
		}
		int next = failed;
		schedule(() -> poll(recorder, next), delay(next));
	}

	private Duration delay(int failures) {
		Duration interval = this.properties.pollInterval();
		if (failures == 0) {
			return interval;
		}
		Duration cap = (interval.compareTo(MAX_BACKOFF) > 0) ? interval : MAX_BACKOFF;
		Duration delay = interval.multipliedBy(1L << Math.min(failures, 20));
		return (delay.compareTo(cap) > 0) ? cap : delay;
	}

	private void retain() {
		try {
			this.schema.ensureMigrated();
			// Failure signatures of another version of the rules are computed again by
			// one
			// replica, soon after a release that changed them.
			if (this.leases.claim("signatures", RETENTION_CHECK.minusMinutes(5))) {
				this.signatures.refresh();
			}
			if (this.leases.claim("retention", RETENTION_PERIOD)) {
				this.retention.dropBefore(this.clock.instant().minus(this.properties.retention()),
						this.clock.instant());
			}
		}
		catch (RuntimeException ex) {
			if (!isRunning()) {
				return;
			}
			logger.warn("History retention did not run: " + Printable.quoted(message(ex)) + ". It is tried again in "
					+ RETENTION_CHECK.toMinutes() + " minutes.");
		}
		schedule(this::retain, RETENTION_CHECK);
	}

	private void schedule(Runnable task, Duration delay) {
		ThreadPoolTaskScheduler scheduler = this.scheduler;
		if (scheduler != null) {
			try {
				scheduler.schedule(task, this.clock.instant().plus(delay));
			}
			catch (RuntimeException ex) {
				// Stopping: nothing more to schedule.
			}
		}
	}

	/**
	 * Logs a failure when it is not the one logged last time: a store down for an hour is
	 * one warning, not one per poll.
	 */
	private void failed(Recorder recorder, RuntimeException ex) {
		String reason = reason(ex);
		this.metrics.get(recorder).failure(reason);
		String message = Printable.quoted(message(ex));
		String previous = this.lastFailure.put(recorder, reason);
		if (!reason.equals(previous) && reason.equals("error")) {
			logger.error("History of " + recorder.source().label() + " not recorded", ex);
		}
		else if (!reason.equals(previous)) {
			logger.warn("History of " + recorder.source().label() + " not recorded (" + reason + "): " + message
					+ ". The recorder tries again, less often while this lasts, and catches up from where it stood.");
		}
	}

	private void recovered(Recorder recorder) {
		String previous = this.lastFailure.remove(recorder);
		if (previous != null) {
			logger.info("History of " + recorder.source().label() + " is recorded again, after " + previous);
		}
	}

	/** What went wrong, without the SQL of a statement that did not reach the store. */
	private static String message(RuntimeException ex) {
		return (ex instanceof DataAccessException dataAccess) ? dataAccess.getMostSpecificCause().getMessage()
				: ex.getMessage();
	}

	private static String reason(RuntimeException ex) {
		if (ex instanceof AwsFailure failure) {
			return "ssm-" + failure.kind().name().toLowerCase().replace('_', '-');
		}
		if (ex instanceof Recorder.LeaseLostException) {
			return "lease-lost";
		}
		if (ex instanceof DataAccessException || ex instanceof FlywayException) {
			return "store";
		}
		return "error";
	}

	@Override
	public int getPhase() {
		// Stops before the web server's graceful shutdown ends and before the datasource
		// closes.
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

}
