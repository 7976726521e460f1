package dev.runboard.history;

import dev.runboard.aws.InvocationRecord;

/**
 * An invocation as the store holds it. Pages show it as they show a live one, through the
 * {@link dev.runboard.aws.RunCommand#view} of its source.
 *
 * @param account the account it was read in, or {@code null} for Runboard's own
 * @param region the region it was read in
 * @param invocation what SSM said of it last, each failing plugin's whole output included
 * where it was read
 * @param lost whether SSM forgot it before it was final: its status is the last one seen
 */
public record RecordedInvocation(String account, String region, InvocationRecord invocation, boolean lost) {

}
