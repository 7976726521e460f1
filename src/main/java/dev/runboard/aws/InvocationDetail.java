package dev.runboard.aws;

/**
 * One invocation with each plugin's whole output, as far as {@code GetCommandInvocation}
 * returns it.
 *
 * @param invocation the invocation; its plugins carry the whole output where it could be
 * fetched
 * @param partial a sentence saying which output could not be fetched and why, or
 * {@code null} when all of it was
 */
public record InvocationDetail(InvocationView invocation, String partial) {

}
