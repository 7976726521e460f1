package dev.runboard.commands.actions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.runboard.commands.actions.ActionLedger.Begin.AlreadyDone;
import dev.runboard.commands.actions.ActionLedger.Begin.AlreadyInFlight;
import dev.runboard.commands.actions.ActionLedger.Begin.Started;
import dev.runboard.commands.actions.ActionLedger.Begin.UnknownOutcome;
import dev.runboard.commands.actions.ActionLedger.Result.Sent;
import dev.runboard.commands.actions.ActionLedger.Result.Unknown;

/**
 * The ledger of one replica, in its memory: what a Runboard without a store, or with one
 * replica, needs. Actions done are dropped once their window is over; actions in flight
 * and of unknown outcome stay until they are finished or acknowledged, which bounds them
 * by what operators do, not by time.
 */
public final class InMemoryActionLedger implements ActionLedger {

	private final Duration window;

	/** Guarded by itself. */
	private final Map<Key, Entry> entries = new LinkedHashMap<>();

	/**
	 * @param window how long an action done counts as done, from when it finished
	 */
	public InMemoryActionLedger(Duration window) {
		this.window = window;
	}

	@Override
	public Begin begin(Key key, String user, Instant now) {
		synchronized (this.entries) {
			forgetExpired(now);
			Entry entry = this.entries.get(key);
			if (entry != null) {
				return switch (entry.state()) {
					case IN_FLIGHT -> new AlreadyInFlight(entry);
					case DONE -> new AlreadyDone(entry);
					case UNKNOWN -> new UnknownOutcome(entry);
				};
			}
			Entry started = new Entry(key, user, ActionLedger.nonce(), now, State.IN_FLIGHT, null, List.of(), null);
			this.entries.put(key, started);
			return new Started(started);
		}
	}

	@Override
	public void finish(Key key, Result result, Instant now) {
		synchronized (this.entries) {
			Entry entry = this.entries.get(key);
			if (entry == null || entry.state() != State.IN_FLIGHT) {
				return;
			}
			if (result instanceof Sent sent) {
				this.entries.put(key, finished(entry, State.DONE, now, sent.newCommandIds(), sent.error()));
			}
			else if (result instanceof Unknown unknown) {
				this.entries.put(key, finished(entry, State.UNKNOWN, now, unknown.newCommandIds(), unknown.error()));
			}
			else {
				this.entries.remove(key);
			}
		}
	}

	@Override
	public Entry acknowledgeUnknown(Key key, String user, Instant now) {
		synchronized (this.entries) {
			Entry entry = this.entries.get(key);
			if (entry == null || entry.state() != State.UNKNOWN) {
				return null;
			}
			this.entries.remove(key);
			return entry;
		}
	}

	@Override
	public List<Entry> onCommand(String source, String commandId, Instant now) {
		synchronized (this.entries) {
			forgetExpired(now);
			List<Entry> found = new ArrayList<>();
			for (Entry entry : this.entries.values()) {
				if (entry.key().source().equals(source) && entry.key().commandId().equals(commandId)) {
					found.add(entry);
				}
			}
			found.sort(Comparator.comparing(Entry::started));
			return found;
		}
	}

	private void forgetExpired(Instant now) {
		this.entries.values().removeIf((entry) -> entry.expired(this.window, now));
	}

	private static Entry finished(Entry entry, State state, Instant now, List<String> newCommandIds, String error) {
		return new Entry(entry.key(), entry.user(), entry.nonce(), entry.started(), state, now, newCommandIds, error);
	}

}
