package dev.runboard.history;

import java.time.Duration;
import java.time.Instant;

import dev.runboard.aws.Printable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Work that a feature keeping state in the store does on a schedule, on a daemon thread
 * of its own from start to stop: each run claims it for the deployment through
 * {@link SharedStore#claimOnce}, in {@link #runOnce()}, so that one replica does it. A
 * run that fails (the store down) is logged at debug and tried again at the next one.
 */
public abstract class SharedWork implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SharedWork.class);

	private final String name;

	private final Duration first;

	private final Duration every;

	private volatile ThreadPoolTaskScheduler scheduler;

	/**
	 * @param name what the work is, for its thread's name and the log
	 * @param first how long after start it first runs
	 * @param every how long after a run ends the next one starts
	 */
	protected SharedWork(String name, Duration first, Duration every) {
		this.name = name;
		this.first = first;
		this.every = every;
	}

	/**
	 * One run: claims the work and does it, or leaves it to the replica that claimed it.
	 */
	protected abstract void runOnce();

	@Override
	public void start() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix(this.name + "-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		scheduler.scheduleWithFixedDelay(this::run, Instant.now().plus(this.first), this.every);
		this.scheduler = scheduler;
	}

	private void run() {
		try {
			runOnce();
		}
		catch (RuntimeException ex) {
			logger.debug(this.name + " did not run: " + Printable.quoted(String.valueOf(ex.getMessage())));
		}
	}

	@Override
	public void stop() {
		ThreadPoolTaskScheduler scheduler = this.scheduler;
		this.scheduler = null;
		if (scheduler != null) {
			scheduler.shutdown();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
