package dev.runboard.commands.actions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.runboard.commands.actions.ActionLedger.Begin;
import dev.runboard.commands.actions.ActionLedger.Begin.AlreadyDone;
import dev.runboard.commands.actions.ActionLedger.Begin.AlreadyInFlight;
import dev.runboard.commands.actions.ActionLedger.Begin.Started;
import dev.runboard.commands.actions.ActionLedger.Begin.UnknownOutcome;
import dev.runboard.commands.actions.ActionLedger.Entry;
import dev.runboard.commands.actions.ActionLedger.Key;
import dev.runboard.commands.actions.ActionLedger.Result;
import dev.runboard.commands.actions.ActionLedger.State;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every {@link ActionLedger} must do, whatever keeps it: an implementation's test
 * extends this class and makes a fresh, empty ledger with the given window in
 * {@link #ledger(Duration)}. Time is passed in, so nothing here waits.
 */
public abstract class ActionLedgerContract {

	protected static final Duration WINDOW = Duration.ofMinutes(2);

	protected static final Instant T0 = Instant.parse("2026-12-07T01:26:21Z");

	protected static final String SOURCE = "eu-west-1";

	protected static final String COMMAND = "0b9a4d7e-2c55-4a3e-9d61-000000000001";

	protected ActionLedger ledger;

	/** A new ledger that knows no action, whose actions done count for {@code window}. */
	protected abstract ActionLedger ledger(Duration window);

	@BeforeEach
	void freshLedger() {
		this.ledger = ledger(WINDOW);
	}

	static Key rerun(String... nodes) {
		return new Key("rerun-failed", SOURCE, COMMAND, List.of(nodes));
	}

	@Test
	void theFirstBeginStartsTheActionWithANonceAndTheSecondFindsItInFlight() {
		Begin first = this.ledger.begin(rerun("i-1"), "demo", T0);
		Begin second = this.ledger.begin(rerun("i-1"), "demo", T0.plusSeconds(1));

		assertThat(first).isInstanceOf(Started.class);
		assertThat(first.entry().nonce()).matches("[a-z0-9]{4}");
		assertThat(first.entry().state()).isEqualTo(State.IN_FLIGHT);
		assertThat(second).isInstanceOf(AlreadyInFlight.class);
		assertThat(second.entry().user()).isEqualTo("demo");
		assertThat(second.entry().started()).isEqualTo(T0);
		assertThat(second.entry().nonce()).isEqualTo(first.entry().nonce());
	}

	@Test
	void theKeyIsTheActionAndTheCommandWithItsNodesNotTheUser() {
		assertThat(this.ledger.begin(rerun("i-2", "i-1"), "alice", T0)).isInstanceOf(Started.class);
		assertThat(this.ledger.begin(rerun("i-1", "i-2", "i-1"), "bob", T0)).as("another user, the same nodes")
			.isInstanceOf(AlreadyInFlight.class);
		assertThat(this.ledger.begin(rerun("i-1"), "bob", T0)).as("other nodes").isInstanceOf(Started.class);
		assertThat(this.ledger.begin(new Key("rerun-all", SOURCE, COMMAND, List.of()), "bob", T0)).as("another action")
			.isInstanceOf(Started.class);
		assertThat(this.ledger.begin(new Key("rerun-failed", "us-east-1", COMMAND, List.of("i-1", "i-2")), "bob", T0))
			.as("another source")
			.isInstanceOf(Started.class);
	}

	/**
	 * An action in flight is never begun again by itself: it is in flight, or (in the
	 * store, once no action could still be sending) of unknown outcome until an operator
	 * acknowledges it.
	 */
	@Test
	void anActionInFlightNeverExpires() {
		this.ledger.begin(rerun("i-1"), "demo", T0);

		assertThat(this.ledger.begin(rerun("i-1"), "other", T0.plus(Duration.ofDays(2))))
			.isInstanceOfAny(AlreadyInFlight.class, UnknownOutcome.class);
	}

	@Test
	void anActionDoneIsAnsweredWithItsOutcomeForTheWindowCountedFromWhenItFinished() {
		this.ledger.begin(rerun("i-1"), "demo", T0);
		Instant finished = T0.plus(Duration.ofMinutes(10));
		this.ledger.finish(rerun("i-1"), new Result.Sent(List.of("c-1", "c-2"), null), finished);

		Begin again = this.ledger.begin(rerun("i-1"), "other", finished.plus(WINDOW).minusSeconds(1));
		assertThat(again).isInstanceOf(AlreadyDone.class);
		assertThat(again.entry().newCommandIds()).containsExactly("c-1", "c-2");
		assertThat(again.entry().finished()).isEqualTo(finished);
		assertThat(again.entry().user()).isEqualTo("demo");

		assertThat(this.ledger.begin(rerun("i-1"), "other", finished.plus(WINDOW))).isInstanceOf(Started.class);
	}

	@Test
	void anActionDoneInPartKeepsWhatWentAndWhy() {
		this.ledger.begin(rerun("i-1"), "demo", T0);
		this.ledger.finish(rerun("i-1"), new Result.Sent(List.of("c-1"), "AccessDenied"), T0);

		Begin again = this.ledger.begin(rerun("i-1"), "demo", T0.plusSeconds(5));
		assertThat(again).isInstanceOf(AlreadyDone.class);
		assertThat(again.entry().newCommandIds()).containsExactly("c-1");
		assertThat(again.entry().error()).isEqualTo("AccessDenied");
	}

	@Test
	void anActionNotSentIsForgottenSoItCanBeTriedAgain() {
		this.ledger.begin(rerun("i-1"), "demo", T0);
		this.ledger.finish(rerun("i-1"), new Result.NotSent("AccessDenied"), T0.plusSeconds(1));

		assertThat(this.ledger.begin(rerun("i-1"), "demo", T0.plusSeconds(2))).isInstanceOf(Started.class);
	}

	@Test
	void anActionOfUnknownOutcomeIsRefusedUntilSomeoneAcknowledgesItHoweverLongAfter() {
		Begin first = this.ledger.begin(rerun("i-1"), "demo", T0);
		this.ledger.finish(rerun("i-1"), new Result.Unknown(List.of(), "timed out"), T0.plusSeconds(30));

		Begin later = this.ledger.begin(rerun("i-1"), "other", T0.plus(Duration.ofDays(1)));
		assertThat(later).isInstanceOf(UnknownOutcome.class);
		assertThat(later.entry().nonce()).isEqualTo(first.entry().nonce());
		assertThat(later.entry().user()).isEqualTo("demo");
		assertThat(later.entry().error()).isEqualTo("timed out");

		Entry acknowledged = this.ledger.acknowledgeUnknown(rerun("i-1"), "other", T0.plus(Duration.ofDays(1)));
		assertThat(acknowledged).isNotNull();
		assertThat(acknowledged.nonce()).isEqualTo(first.entry().nonce());
		Begin afterwards = this.ledger.begin(rerun("i-1"), "other", T0.plus(Duration.ofDays(1)));
		assertThat(afterwards).isInstanceOf(Started.class);
		assertThat(afterwards.entry().user()).isEqualTo("other");
	}

	@Test
	void onlyAnUnknownOutcomeCanBeAcknowledged() {
		assertThat(this.ledger.acknowledgeUnknown(rerun("i-1"), "demo", T0)).as("nothing").isNull();
		this.ledger.begin(rerun("i-1"), "demo", T0);
		assertThat(this.ledger.acknowledgeUnknown(rerun("i-1"), "demo", T0)).as("in flight").isNull();
		assertThat(this.ledger.begin(rerun("i-1"), "demo", T0)).isInstanceOf(AlreadyInFlight.class);
		this.ledger.finish(rerun("i-1"), new Result.Sent(List.of("c-1"), null), T0);
		assertThat(this.ledger.acknowledgeUnknown(rerun("i-1"), "demo", T0)).as("done").isNull();
		assertThat(this.ledger.begin(rerun("i-1"), "demo", T0)).isInstanceOf(AlreadyDone.class);
	}

	@Test
	void finishingAnActionThatIsNotInFlightChangesNothing() {
		this.ledger.finish(rerun("i-1"), new Result.Sent(List.of("c-1"), null), T0);
		assertThat(this.ledger.begin(rerun("i-1"), "demo", T0)).isInstanceOf(Started.class);

		this.ledger.finish(rerun("i-1"), new Result.Sent(List.of("c-1"), null), T0);
		this.ledger.finish(rerun("i-1"), new Result.NotSent("late"), T0);
		assertThat(this.ledger.begin(rerun("i-1"), "demo", T0)).isInstanceOf(AlreadyDone.class);
	}

	@Test
	void aCommandsActionsAreThoseInFlightUnknownOrDoneWithinTheWindowOldestFirst() {
		Key cancel = new Key("cancel", SOURCE, COMMAND, List.of());
		Key all = new Key("rerun-all", SOURCE, COMMAND, List.of());
		Key failed = rerun("i-1");
		Key elsewhere = new Key("cancel", SOURCE, "0b9a4d7e-2c55-4a3e-9d61-000000000002", List.of());
		this.ledger.begin(cancel, "demo", T0);
		this.ledger.finish(cancel, new Result.Sent(List.of(), null), T0.plusSeconds(1));
		this.ledger.begin(all, "demo", T0.plusSeconds(2));
		this.ledger.finish(all, new Result.Unknown(List.of(), "timed out"), T0.plusSeconds(3));
		this.ledger.begin(failed, "other", T0.plusSeconds(4));
		this.ledger.begin(elsewhere, "demo", T0.plusSeconds(5));

		assertThat(this.ledger.onCommand(SOURCE, COMMAND, T0.plusSeconds(10))).extracting(Entry::key, Entry::state)
			.containsExactly(tuple(cancel, State.DONE), tuple(all, State.UNKNOWN), tuple(failed, State.IN_FLIGHT));
		assertThat(this.ledger.onCommand(SOURCE, COMMAND, T0.plusSeconds(1).plus(WINDOW)))
			.as("the cancel's window is over")
			.extracting(Entry::key)
			.containsExactly(all, failed);
		assertThat(this.ledger.onCommand("us-east-1", COMMAND, T0)).isEmpty();
	}

	/**
	 * Many requests for the same action at once, as a double click and a second engineer
	 * make: exactly one starts it.
	 */
	@Test
	void ofManyBeginsAtOnceExactlyOneStarts() throws Exception {
		int requests = 16;
		CyclicBarrier barrier = new CyclicBarrier(requests);
		ExecutorService threads = Executors.newFixedThreadPool(requests);
		try {
			List<Future<Begin>> begins = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				String user = "user-" + i;
				begins.add(threads.submit(() -> {
					barrier.await(30, TimeUnit.SECONDS);
					return this.ledger.begin(rerun("i-1", "i-2"), user, T0);
				}));
			}
			List<Begin> results = new ArrayList<>();
			for (Future<Begin> begin : begins) {
				results.add(begin.get(60, TimeUnit.SECONDS));
			}
			assertThat(results).filteredOn(Started.class::isInstance).hasSize(1);
			assertThat(results).filteredOn(AlreadyInFlight.class::isInstance).hasSize(requests - 1);
		}
		finally {
			threads.shutdownNow();
		}
	}

}
