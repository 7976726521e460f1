package dev.runboard.invocations;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Source;

/** One invocation of a merged list, and the account and region it was read in. */
public record SourcedInvocation(Source source, InvocationView invocation) {

}
