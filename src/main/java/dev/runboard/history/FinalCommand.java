package dev.runboard.history;

import java.time.Instant;
import java.util.List;

import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.InvocationRecord;
import dev.runboard.aws.Source;

/**
 * A command the recorder has just seen settle (final, with every invocation it counts
 * recorded final), as it writes it.
 *
 * @param source where it ran
 * @param command what {@code ListCommands} says of it
 * @param invocations every invocation of it, as read in this poll
 * @param finalSince the earliest time it may have turned final: when the recorder first
 * saw it final, or, for a command first seen already final, its requested time
 */
public record FinalCommand(Source source, CommandDetail command, List<InvocationRecord> invocations,
		Instant finalSince) {

	public FinalCommand {
		invocations = List.copyOf(invocations);
	}

}
