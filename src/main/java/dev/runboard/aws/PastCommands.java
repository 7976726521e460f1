package dev.runboard.aws;

import java.util.List;
import java.util.function.Consumer;

/**
 * Commands a source ran before the oldest SSM still holds, for a history store that
 * starts empty. Only the sandbox has any to give (it makes up 90 days of them); a real
 * account's past is what the recorder reads while SSM still holds it.
 */
public interface PastCommands {

	/**
	 * Each command of one account and region that SSM no longer holds, oldest first, with
	 * its invocations in their final state (the whole output of failing ones included).
	 * @param account the account name, or {@code null} for Runboard's own
	 */
	void forEach(String account, String region, Consumer<PastCommand> each);

	/** A command and its invocations. */
	record PastCommand(CommandDetail command, List<InvocationRecord> invocations) {

		public PastCommand {
			invocations = List.copyOf(invocations);
		}

	}

}
