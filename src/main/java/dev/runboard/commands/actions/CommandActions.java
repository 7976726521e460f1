package dev.runboard.commands.actions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.InvocationQuery;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.NewCommand;
import dev.runboard.aws.Printable;
import dev.runboard.aws.Page;
import dev.runboard.aws.QueryRules;
import dev.runboard.aws.Source;
import dev.runboard.security.ActionsProperties;
import dev.runboard.web.ActionRefused;
import dev.runboard.web.ActionRefused.Reason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Cancels and reruns commands, in the account and region they belong to, with that
 * source's credentials. Each action is done once however often it is submitted within
 * {@code runboard.actions.duplicate-window} ({@link DoneActions}): a double click, a
 * second tab or a retry after a timeout gets the first one's result. Every action leaves
 * an audit line.
 */
@Component
class CommandActions {

	private static final Log audit = LogFactory.getLog("runboard.audit");

	/**
	 * The most nodes one rerun on the failed nodes sends to: 20 commands of 50. Finding
	 * them costs at most 21 {@code ListCommandInvocations} calls per failing status.
	 */
	static final int MAX_FAILED_NODES = 1000;

	private final DoneActions done;

	/**
	 * One action on one command.
	 *
	 * @param name {@code cancel}, {@code rerun-all} or {@code rerun-failed}
	 * @param nodes the nodes named, sorted; empty for all of them
	 */
	record Action(String source, String commandId, String name, List<String> nodes) {

	}

	/** What an action did: the commands it sent, if any. */
	record Outcome(List<String> newCommandIds) {

	}

	/**
	 * The nodes where a command failed, in the order SSM lists them.
	 *
	 * @param more whether more than {@link #MAX_FAILED_NODES} failed, of which
	 * {@code nodes} holds the first
	 */
	record FailedNodes(List<String> nodes, boolean more) {

		/**
		 * What the confirmation of a rerun on these nodes carries, so that the rerun
		 * sends to the nodes confirmed or to none: a digest of the sorted node IDs.
		 */
		String confirmation() {
			try {
				MessageDigest sha = MessageDigest.getInstance("SHA-256");
				this.nodes.stream()
					.sorted()
					.forEach((node) -> sha.update((node + "\n").getBytes(StandardCharsets.UTF_8)));
				return HexFormat.of().formatHex(sha.digest(), 0, 12);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	CommandActions(ActionsProperties properties) {
		this.done = new DoneActions(properties.duplicateWindow());
	}

	/**
	 * Cancels a running command, on every node or only on some.
	 * @throws ActionRefused (a conflict) when the command is already final
	 */
	Outcome cancel(Source source, CommandDetail command, List<String> nodes, String user) {
		if (!command.running()) {
			throw new ActionRefused(Reason.CONFLICT, "Command " + command.command().commandId() + " is "
					+ command.command().status() + " already: there is nothing left to cancel.");
		}
		Action action = new Action(source.label(), command.command().commandId(), "cancel",
				nodes.stream().distinct().sorted().toList());
		return once(action, user, () -> {
			source.runCommand().cancel(action.commandId(), action.nodes());
			return new Outcome(List.of());
		});
	}

	/**
	 * Sends a command again as it was sent, with a comment naming the original and the
	 * user: to its targets, or to its node IDs, at most 50 per command.
	 */
	Outcome rerunAll(Source source, CommandDetail command, String user) {
		if (command.targets().isEmpty() && command.instanceIds().isEmpty()) {
			throw new ActionRefused(Reason.CONFLICT, "SSM lists neither targets nor nodes for command "
					+ command.command().commandId() + ": there is nowhere to send it again.");
		}
		Action action = new Action(source.label(), command.command().commandId(), "rerun-all", List.of());
		return once(action, user, () -> {
			NewCommand again = NewCommand.again(command, comment(command, user));
			if (!command.targets().isEmpty()) {
				return new Outcome(List.of(source.runCommand().send(again)));
			}
			return sendInBatches(source, again, command.instanceIds(), action, user);
		});
	}

	/**
	 * Sends a command again to the nodes where it failed (response status Failed,
	 * TimedOut or Cancelled), at most 50 per command.
	 * @param confirmed what the confirmation the user saw carried
	 * ({@link FailedNodes#confirmation()}), or {@code null} when the request carries none
	 * @throws ActionRefused (a conflict) when no node failed, when more than
	 * {@link #MAX_FAILED_NODES} did, or when the failed nodes are not those confirmed
	 */
	Outcome rerunFailed(Source source, CommandDetail command, String confirmed, String user) {
		FailedNodes failed = failedNodes(source, command.command().commandId());
		List<String> nodes = failed.nodes();
		if (nodes.isEmpty()) {
			throw new ActionRefused(Reason.CONFLICT,
					"No node of command " + command.command().commandId() + " failed: there is nothing to rerun.");
		}
		if (failed.more()) {
			throw new ActionRefused(Reason.CONFLICT, "More than " + MAX_FAILED_NODES + " nodes of command "
					+ command.command().commandId()
					+ " failed: Runboard reruns at most that many at once. Rerun it on all its targets, or from the AWS console or CLI.");
		}
		if (confirmed != null && !confirmed.equals(failed.confirmation())) {
			throw new ActionRefused(Reason.CONFLICT,
					"The nodes where command " + command.command().commandId() + " failed changed since you confirmed: "
							+ nodes.size() + " now. Nothing was sent; open the confirmation again.");
		}
		Action action = new Action(source.label(), command.command().commandId(), "rerun-failed",
				nodes.stream().sorted().toList());
		return once(action, user,
				() -> sendInBatches(source, NewCommand.again(command, comment(command, user)), nodes, action, user));
	}

	/**
	 * The nodes a rerun on the failed nodes sends to, in the order SSM lists them: one
	 * {@code ListCommandInvocations} stream per failing status, without plugin details,
	 * read until the end or past {@link #MAX_FAILED_NODES} nodes.
	 */
	FailedNodes failedNodes(Source source, String commandId) {
		Set<String> nodes = new LinkedHashSet<>();
		for (String status : InvocationView.FAILING) {
			InvocationQuery query = new InvocationQuery(commandId, null, status, null, null, null, false,
					QueryRules.MAX_PAGE_SIZE);
			String token = null;
			do {
				Page<InvocationView> page = source.runCommand().invocations(query, token);
				page.items().forEach((invocation) -> nodes.add(invocation.instanceId()));
				token = page.nextToken();
			}
			while (token != null && nodes.size() <= MAX_FAILED_NODES);
			if (nodes.size() > MAX_FAILED_NODES) {
				return new FailedNodes(nodes.stream().limit(MAX_FAILED_NODES).toList(), true);
			}
		}
		return new FailedNodes(List.copyOf(nodes), false);
	}

	/** How many commands a rerun to these nodes takes. */
	static int batches(int nodes) {
		return (nodes + NewCommand.MAX_NODES - 1) / NewCommand.MAX_NODES;
	}

	private Outcome sendInBatches(Source source, NewCommand again, List<String> nodes, Action action, String user) {
		List<String> sent = new ArrayList<>();
		for (int from = 0; from < nodes.size(); from += NewCommand.MAX_NODES) {
			List<String> batch = nodes.subList(from, Math.min(nodes.size(), from + NewCommand.MAX_NODES));
			try {
				sent.add(source.runCommand().send(again.onNodes(batch)));
			}
			catch (AwsFailure ex) {
				if (sent.isEmpty()) {
					throw ex;
				}
				// Some went: say which, and keep them, so that submitting again does not
				// send them twice.
				String message = "Sent " + sent.size() + " of " + batches(nodes.size()) + " commands ("
						+ String.join(", ", sent) + "), then: " + ex.getMessage();
				log(action, user, sent, "error", message);
				throw new PartlyDone(message, new Outcome(List.copyOf(sent)));
			}
		}
		return new Outcome(List.copyOf(sent));
	}

	/** Some commands of a batched rerun went out, then one failed. */
	static final class PartlyDone extends ActionRefused {

		private final Outcome outcome;

		PartlyDone(String message, Outcome outcome) {
			super(Reason.PARTLY_DONE, message);
			this.outcome = outcome;
		}

		Outcome outcome() {
			return this.outcome;
		}

	}

	/**
	 * Does the action unless the same action is already done, or being done, within the
	 * duplicate window; then answers with that one's outcome.
	 */
	private Outcome once(Action action, String user, ActionBody body) {
		DoneActions.Claim claim = this.done.claim(action);
		if (!claim.first()) {
			Outcome outcome;
			try {
				outcome = claim.earlier();
			}
			catch (RuntimeException ex) {
				log(action, user, List.of(), "duplicate-error", ex.getMessage());
				throw ex;
			}
			log(action, user, outcome.newCommandIds(), "duplicate-ignored", null);
			return outcome;
		}
		try {
			Outcome outcome = body.run();
			claim.done(outcome);
			log(action, user, outcome.newCommandIds(), "success", null);
			return outcome;
		}
		catch (PartlyDone ex) {
			// What was sent stays recorded: a second submission must not send it again.
			claim.done(ex.outcome());
			throw ex;
		}
		catch (RuntimeException ex) {
			claim.failed(ex);
			log(action, user, List.of(), "error", ex.getMessage());
			throw ex;
		}
	}

	@FunctionalInterface
	private interface ActionBody {

		Outcome run();

	}

	/**
	 * The audit line of an action: who, what, where, on which nodes, the commands it sent
	 * and how it ended.
	 * @param outcome {@code success}, {@code error}, or for a repeated submission
	 * {@code duplicate-ignored} or {@code duplicate-error}
	 * @param error what went wrong, or {@code null}
	 */
	private static void log(Action action, String user, List<String> sent, String outcome, String error) {
		String line = "action user=" + Printable.of(user) + " action=" + action.name() + " command="
				+ action.commandId() + " source=" + Printable.of(action.source()) + " nodes="
				+ (action.nodes().isEmpty() ? "all" : String.join(",", action.nodes())) + " new="
				+ (sent.isEmpty() ? "-" : String.join(",", sent)) + " outcome=" + outcome;
		audit.info((error == null) ? line : line + " error=" + Printable.quoted(error));
	}

	/**
	 * The comment of a rerun: {@code Rerun of <commandId> by <user>}, cut to SSM's 100
	 * characters.
	 */
	static String comment(CommandDetail command, String user) {
		String comment = "Rerun of " + command.command().commandId() + " by " + user;
		return (comment.length() > NewCommand.MAX_COMMENT) ? comment.substring(0, NewCommand.MAX_COMMENT) : comment;
	}

}
