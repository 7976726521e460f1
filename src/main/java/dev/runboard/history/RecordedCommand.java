package dev.runboard.history;

import dev.runboard.aws.CommandDetail;

/**
 * A command as the store holds it.
 *
 * @param account the account it was read in, or {@code null} for Runboard's own
 * @param detail everything {@code ListCommands} said of it last
 * @param settled whether the store holds every invocation of it in its final state
 * @param lost whether SSM forgot it before it settled
 */
public record RecordedCommand(String account, String region, CommandDetail detail, boolean settled, boolean lost) {

}
