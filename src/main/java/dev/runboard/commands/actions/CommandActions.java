package dev.runboard.commands.actions;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.InvocationQuery;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.NewCommand;
import dev.runboard.aws.Page;
import dev.runboard.aws.QueryRules;
import dev.runboard.aws.Source;
import dev.runboard.commands.FailedNodesText;
import dev.runboard.commands.actions.ActionLedger.Begin;
import dev.runboard.commands.actions.ActionLedger.Entry;
import dev.runboard.commands.actions.ActionLedger.Key;
import dev.runboard.commands.actions.ActionLedger.Result;
import dev.runboard.web.ActionRefused;
import dev.runboard.web.ActionRefused.Reason;

import org.springframework.stereotype.Component;

/**
 * Cancels and reruns commands, in the account and region they belong to, with that
 * source's credentials, each action through the {@link ActionLedger}: an action in flight
 * is not done again, an action done is answered with its outcome for
 * {@code runboard.actions.duplicate-window} after it finished, and an action whose
 * outcome is unknown (AWS may have done it) is refused until an operator says they
 * checked. Every step leaves an audit line ({@link ActionAudit}).
 */
@Component
class CommandActions {

	/**
	 * The most nodes one rerun on the failed nodes sends to: 20 commands of 50. Finding
	 * them costs at most 21 {@code ListCommandInvocations} calls per failing status.
	 */
	static final int MAX_FAILED_NODES = 1000;

	static final String CANCEL = "cancel";

	static final String RERUN_ALL = "rerun-all";

	static final String RERUN_FAILED = "rerun-failed";

	private final ActionLedger ledger;

	private final Confirmations confirmations;

	private final Clock clock;

	/**
	 * What an action did, or found already done.
	 *
	 * @param newCommandIds the commands it sent (none for a cancel)
	 * @param entry the ledger's entry of the action
	 * @param repeated whether it was done before, or is being done, by an earlier request
	 * (then this request did nothing)
	 */
	record Outcome(List<String> newCommandIds, Entry entry, boolean repeated) {

	}

	/**
	 * The nodes where a command failed, in the order SSM lists them.
	 *
	 * @param statuses the failing statuses asked for
	 * @param nodes the failed nodes with those statuses
	 * @param perStatus how many of {@code nodes} have each status, in the order of
	 * {@link InvocationView#FAILING}
	 * @param more whether more than {@link #MAX_FAILED_NODES} failed, of which
	 * {@code nodes} holds the first
	 */
	record FailedNodes(List<String> statuses, List<String> nodes, Map<String, Integer> perStatus, boolean more) {

		/** The nodes, sorted: what a confirmation and the ledger's key name. */
		List<String> sorted() {
			return this.nodes.stream().sorted().toList();
		}

		/** What they are, in words: {@code 12 failed and 20 cancelled nodes}. */
		String text() {
			return FailedNodesText.of(this.perStatus);
		}

	}

	CommandActions(ActionLedger ledger, Confirmations confirmations, Clock clock) {
		this.ledger = ledger;
		this.confirmations = confirmations;
		this.clock = clock;
	}

	/**
	 * Cancels a running command, on every node or only on some.
	 * @throws ActionRefused (a conflict) when the command is final or being cancelled
	 */
	Outcome cancel(Source source, CommandDetail command, List<String> nodes, String user) {
		String commandId = command.command().commandId();
		Key key = new Key(CANCEL, source.label(), commandId, nodes);
		if (!cancellable(command)) {
			throw refused(key, user, "Command " + commandId + " is " + command.command().status()
					+ " already: there is nothing left to cancel.");
		}
		return once(key, user, (entry) -> {
			try {
				source.runCommand().cancel(commandId, key.nodes());
			}
			catch (AwsFailure ex) {
				// Cancelling twice does no harm: a cancel whose outcome is unknown may
				// simply be asked again.
				throw new Failed(ex, new Result.NotSent(ex.getMessage()), List.of());
			}
			return List.of();
		});
	}

	/** Whether Cancel is offered: the command still runs, and is not being cancelled. */
	static boolean cancellable(CommandDetail command) {
		return command.running() && !"Cancelling".equals(command.command().status());
	}

	/**
	 * Sends a command again as it was sent, with a comment naming the original, the user
	 * and the action's nonce: to its targets, or to its node IDs, at most 50 per command.
	 * @param checked the nonce of an earlier attempt of unknown outcome that the user
	 * says they checked, or {@code null}
	 */
	Outcome rerunAll(Source source, CommandDetail command, String user, String checked) {
		String commandId = command.command().commandId();
		Key key = new Key(RERUN_ALL, source.label(), commandId, List.of());
		if (command.targets().isEmpty() && command.instanceIds().isEmpty()) {
			throw refused(key, user, "SSM lists neither targets nor nodes for command " + commandId
					+ ": there is nowhere to send it again.");
		}
		acknowledge(key, user, checked);
		return once(key, user, (entry) -> {
			NewCommand again = NewCommand.again(command, comment(commandId, user, entry.nonce()));
			if (!command.targets().isEmpty()) {
				return List.of(send(source, again));
			}
			return sendInBatches(source, again, command.instanceIds());
		});
	}

	/**
	 * Sends a command again to the nodes where it failed with one of {@code statuses}, at
	 * most 50 per command, once the user confirmed exactly those nodes.
	 * @param confirmed what the confirmation the user saw carried ({@link #confirmation})
	 * @throws ActionRefused (a conflict) when no node failed, when more than
	 * {@link #MAX_FAILED_NODES} did, or when the confirmation was not issued for these
	 * nodes of this command to this user, or expired
	 */
	Outcome rerunFailed(Source source, CommandDetail command, List<String> statuses, String confirmed, String user,
			String checked) {
		String commandId = command.command().commandId();
		FailedNodes failed;
		try {
			failed = failedNodes(source, commandId, statuses);
		}
		catch (AwsFailure ex) {
			ActionAudit.line(user, RERUN_FAILED, commandId, source.label(), "failed:" + String.join(",", statuses),
					List.of(), "error", 0, ex.getMessage());
			throw ex;
		}
		Key key = new Key(RERUN_FAILED, source.label(), commandId, failed.nodes());
		if (failed.nodes().isEmpty()) {
			throw refused(key, user, "No node of command " + commandId + " has the status "
					+ String.join(" or ", statuses) + ": there is nothing to rerun.");
		}
		if (failed.more()) {
			throw refused(key, user, "More than " + MAX_FAILED_NODES + " nodes of command " + commandId
					+ " failed: Runboard reruns at most that many at once. Rerun it on all its targets, or from the AWS console or CLI.");
		}
		Instant now = this.clock.instant();
		switch (this.confirmations.check(confirmed, source.label(), commandId, failed.sorted(), user, now)) {
			case EXPIRED ->
				throw refused(key, user, "This confirmation was shown more than " + Confirmations.VALIDITY.toMinutes()
						+ " minutes ago. Nothing was sent; open the confirmation again.");
			case MISMATCH -> throw refused(key, user, "The nodes where command " + commandId
					+ " failed changed since you confirmed (" + failed.nodes().size()
					+ " now), or the confirmation was given for another command or user. Nothing was sent; open the confirmation again.");
			case VALID -> {
			}
		}
		acknowledge(key, user, checked);
		return once(key, user, (entry) -> sendInBatches(source,
				NewCommand.again(command, comment(commandId, user, entry.nonce())), failed.nodes()));
	}

	/**
	 * The nodes a rerun on the failed nodes sends to, in the order SSM lists them: one
	 * {@code ListCommandInvocations} stream per failing status asked for, without plugin
	 * details, read until the end or past {@link #MAX_FAILED_NODES} nodes.
	 */
	FailedNodes failedNodes(Source source, String commandId, List<String> statuses) {
		Set<String> nodes = new LinkedHashSet<>();
		Map<String, Integer> perStatus = new LinkedHashMap<>();
		for (String status : InvocationView.FAILING) {
			if (!statuses.contains(status)) {
				continue;
			}
			InvocationQuery query = new InvocationQuery(commandId, null, status, null, null, null, false,
					QueryRules.MAX_PAGE_SIZE);
			String token = null;
			int before = nodes.size();
			do {
				Page<InvocationView> page = source.runCommand().invocations(query, token);
				page.items().forEach((invocation) -> nodes.add(invocation.instanceId()));
				token = page.nextToken();
			}
			while (token != null && nodes.size() <= MAX_FAILED_NODES);
			perStatus.put(status, nodes.size() - before);
			if (nodes.size() > MAX_FAILED_NODES) {
				return new FailedNodes(statuses, nodes.stream().limit(MAX_FAILED_NODES).toList(), perStatus, true);
			}
		}
		return new FailedNodes(statuses, List.copyOf(nodes), perStatus, false);
	}

	/** What the confirmation of a rerun on these nodes carries, for this user, now. */
	String confirmation(Source source, String commandId, FailedNodes failed, String user) {
		return this.confirmations.issue(source.label(), commandId, failed.sorted(), user, this.clock.instant());
	}

	/** How many commands a rerun to these nodes takes. */
	static int batches(int nodes) {
		return (nodes + NewCommand.MAX_NODES - 1) / NewCommand.MAX_NODES;
	}

	/**
	 * The actions on a command that its page mentions: in flight, of unknown outcome, or
	 * done within the window.
	 */
	List<Entry> onCommand(Source source, String commandId) {
		return this.ledger.onCommand(source.label(), commandId, this.clock.instant());
	}

	Instant now() {
		return this.clock.instant();
	}

	private String send(Source source, NewCommand command) {
		try {
			return source.runCommand().send(command);
		}
		catch (AwsFailure ex) {
			throw new Failed(ex, ex.mayHaveActed() ? new Result.Unknown(List.of(), ex.getMessage())
					: new Result.NotSent(ex.getMessage()), List.of());
		}
	}

	private List<String> sendInBatches(Source source, NewCommand again, List<String> nodes) {
		List<String> sent = new ArrayList<>();
		for (int from = 0; from < nodes.size(); from += NewCommand.MAX_NODES) {
			List<String> batch = nodes.subList(from, Math.min(nodes.size(), from + NewCommand.MAX_NODES));
			try {
				sent.add(source.runCommand().send(again.onNodes(batch)));
			}
			catch (AwsFailure ex) {
				String message = sent.isEmpty() ? ex.getMessage()
						: "Sent " + sent.size() + " of " + batches(nodes.size()) + " commands ("
								+ String.join(", ", sent) + "), then: " + ex.getMessage();
				Result result;
				if (ex.mayHaveActed()) {
					result = new Result.Unknown(sent, message);
				}
				else if (sent.isEmpty()) {
					result = new Result.NotSent(message);
				}
				else {
					// Some went: keep them, so that submitting again does not send them
					// twice.
					result = new Result.Sent(sent, message);
				}
				throw new Failed(ex, result, sent);
			}
		}
		return sent;
	}

	/**
	 * An operator says they checked an attempt of unknown outcome (the nonce is what they
	 * saw): the ledger forgets it, and the audit says who took it on.
	 */
	private void acknowledge(Key key, String user, String checked) {
		if (checked == null) {
			return;
		}
		Instant now = this.clock.instant();
		for (Entry entry : this.ledger.onCommand(key.source(), key.commandId(), now)) {
			if (entry.key().equals(key) && entry.state() == ActionLedger.State.UNKNOWN
					&& entry.nonce().equals(checked)) {
				Entry acknowledged = this.ledger.acknowledgeUnknown(key, user, now);
				if (acknowledged != null) {
					ActionAudit.line(user, key.action(), key.commandId(), key.source(), ActionAudit.nodes(key.nodes()),
							acknowledged.newCommandIds(), "acknowledged", 0, "checked #" + acknowledged.nonce() + " of "
									+ acknowledged.user() + "'s attempt: sending anyway");
				}
			}
		}
	}

	/**
	 * Does the action unless the ledger holds it: in flight or done, this request is
	 * answered with that one (and does nothing); of unknown outcome, it is refused.
	 */
	private Outcome once(Key key, String user, ActionBody body) {
		Begin begin = this.ledger.begin(key, user, this.clock.instant());
		Entry entry = begin.entry();
		if (begin instanceof Begin.AlreadyInFlight) {
			// Maybe on another replica: its outcome, if it comes soon, answers this
			// request
			// too, so both clicks of a double click land on the command that was sent.
			Entry now = InFlight.outcome(this.ledger, key, this.clock, InFlight.WAIT).orElse(entry);
			if (now.state() == ActionLedger.State.DONE) {
				begin = new Begin.AlreadyDone(now);
				entry = now;
			}
			else if (now.state() == ActionLedger.State.UNKNOWN) {
				throw refused(key, user, unknownMessage(now));
			}
		}
		if (begin instanceof Begin.AlreadyDone || begin instanceof Begin.AlreadyInFlight) {
			String outcome = (begin instanceof Begin.AlreadyDone) ? "duplicate-ignored" : "in-flight";
			ActionAudit.line(user, key.action(), key.commandId(), key.source(), ActionAudit.nodes(key.nodes()),
					entry.newCommandIds(), outcome, 0, null);
			return new Outcome(entry.newCommandIds(), entry, true);
		}
		if (begin instanceof Begin.UnknownOutcome) {
			throw refused(key, user, unknownMessage(entry));
		}
		List<String> sent;
		try {
			sent = body.run(entry);
		}
		catch (Failed ex) {
			this.ledger.finish(key, ex.result, this.clock.instant());
			String outcome = (ex.result instanceof Result.Unknown) ? "unknown"
					: (ex.result instanceof Result.Sent) ? "partly-done" : "error";
			ActionAudit.line(user, key.action(), key.commandId(), key.source(), ActionAudit.nodes(key.nodes()), ex.sent,
					outcome, 0, ex.getCause().getMessage());
			if (ex.result instanceof Result.Unknown) {
				throw new ActionRefused(Reason.PARTLY_DONE,
						unknownMessage(new Entry(key, user, entry.nonce(), entry.started(), ActionLedger.State.UNKNOWN,
								this.clock.instant(), ex.sent, ex.getCause().getMessage())));
			}
			if (ex.result instanceof Result.Sent) {
				throw new ActionRefused(Reason.PARTLY_DONE, ((Result.Sent) ex.result).error());
			}
			throw (AwsFailure) ex.getCause();
		}
		catch (RuntimeException ex) {
			this.ledger.finish(key, new Result.NotSent(ex.getMessage()), this.clock.instant());
			ActionAudit.line(user, key.action(), key.commandId(), key.source(), ActionAudit.nodes(key.nodes()),
					List.of(), "error", 0, ex.getMessage());
			throw ex;
		}
		// Sent: from here on nothing may mark it not sent. Should the ledger fail to take
		// the outcome (the store gone for a moment), the action stays in flight, which
		// sends nothing again, and reads as unknown once no action could still be
		// sending.
		String unrecorded = null;
		try {
			this.ledger.finish(key, new Result.Sent(sent, null), this.clock.instant());
		}
		catch (RuntimeException ex) {
			unrecorded = "sent, but its outcome could not be recorded: " + ex.getMessage();
		}
		ActionAudit.line(user, key.action(), key.commandId(), key.source(), ActionAudit.nodes(key.nodes()), sent,
				"success", 0, unrecorded);
		return new Outcome(sent, entry, false);
	}

	/**
	 * What an operator is told of an action whose outcome is unknown: what to look for
	 * before sending it again.
	 */
	static String unknownMessage(Entry entry) {
		Key key = entry.key();
		String what = CANCEL.equals(key.action()) ? "this cancel" : "this rerun";
		String sent = entry.newCommandIds().isEmpty() ? ""
				: " It sent " + String.join(", ", entry.newCommandIds()) + " before that.";
		return "SSM may have run " + what + " (" + entry.user() + " at " + entry.started() + ": "
				+ ((entry.error() != null) ? entry.error() : "no answer") + ")." + sent
				+ " Check the commands list for a command with comment \""
				+ comment(key.commandId(), entry.user(), entry.nonce())
				+ "\" before sending it again; nothing was sent now.";
	}

	/** A refusal, audited as one. */
	private static ActionRefused refused(Key key, String user, String message) {
		ActionAudit.line(user, key.action(), key.commandId(), key.source(), ActionAudit.nodes(key.nodes()), List.of(),
				"refused", 409, message);
		return new ActionRefused(Reason.CONFLICT, message);
	}

	/**
	 * The comment of a rerun: {@code Rerun of <commandId> by <user> #<nonce>}, the user
	 * cut so that it fits SSM's 100 characters with the nonce.
	 */
	static String comment(String commandId, String user, String nonce) {
		String start = "Rerun of " + commandId + " by ";
		String end = " #" + nonce;
		int room = NewCommand.MAX_COMMENT - start.length() - end.length();
		return start + ((user.length() > room) ? user.substring(0, Math.max(room, 0)) : user) + end;
	}

	/** What an action does; it throws {@link Failed} when AWS refused it. */
	@FunctionalInterface
	private interface ActionBody {

		List<String> run(Entry entry);

	}

	/** AWS failed an action: how the ledger records it, and what went before. */
	private static final class Failed extends RuntimeException {

		private final Result result;

		private final List<String> sent;

		Failed(AwsFailure cause, Result result, List<String> sent) {
			super(cause.getMessage(), cause);
			this.result = result;
			this.sent = List.copyOf(sent);
		}

	}

}
