package dev.runboard.aws;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What Runboard asks of Systems Manager, S3 and CloudWatch Logs in one account and
 * region: records in, records out. Its one implementation ({@code aws/sdk}) calls the AWS
 * SDK, with real clients or with the sandbox's; no SDK type crosses this interface. Every
 * method throws {@link AwsFailure} when AWS does not answer as asked.
 */
public interface RunCommand {

	/**
	 * One page of {@code ListCommandInvocations}.
	 * @param pageToken the token of the previous page, or {@code null} for the first
	 */
	Page<InvocationView> invocations(InvocationQuery query, String pageToken);

	/**
	 * Starts reading, in the background, the page {@link #invocations} would answer for
	 * the same query and token, and keeps it for a short while, so that the scroll that
	 * asks for it is answered from memory. Does nothing when prefetching is off
	 * ({@code runboard.ssm.prefetch=false}) or that page is already kept or being read;
	 * never throws: a read that fails is dropped, and the page is read again when asked
	 * for.
	 */
	void prefetchInvocations(InvocationQuery query, String pageToken);

	/**
	 * The page {@link #prefetchInvocations} read ahead for this query and token, taken
	 * from memory (waiting for it if it is still being read); empty when none was read
	 * ahead or its read failed. Never calls SSM.
	 */
	Optional<Page<InvocationView>> invocationsReadAhead(InvocationQuery query, String pageToken);

	/**
	 * One invocation with its plugin details: one {@code ListCommandInvocations} call,
	 * the cheap question a polling row or detail page asks.
	 * @throws AwsFailure of kind {@code NOT_FOUND} when SSM lists no such invocation
	 */
	InvocationView invocation(String commandId, String instanceId);

	/**
	 * The invocation with the whole output of each plugin: one
	 * {@code GetCommandInvocation} call per plugin. A plugin whose output cannot be
	 * fetched keeps the list's output, and the detail says why.
	 */
	InvocationDetail detail(InvocationView invocation);

	/**
	 * The whole output of one plugin: one {@code GetCommandInvocation} call. Empty when
	 * SSM has no separate output for it yet (a fresh invocation) or no such plugin.
	 */
	Optional<PluginOutput> wholeOutput(String commandId, String instanceId, String plugin);

	/**
	 * One chunk of a plugin's whole output from S3 or CloudWatch Logs, read where SSM
	 * says the plugin wrote it. A failure to read becomes a sentence in the chunk.
	 * @throws InvalidQueryException when the invocation has no such plugin
	 */
	OutputChunk readOutput(OutputRequest request);

	/**
	 * One page of {@code ListCommands}.
	 * @param pageToken the token of the previous page, or {@code null} for the first
	 */
	Page<CommandView> commands(CommandQuery query, String pageToken);

	/**
	 * As {@link #prefetchInvocations}, for a page of {@link #commands}.
	 */
	void prefetchCommands(CommandQuery query, String pageToken);

	/**
	 * As {@link #invocationsReadAhead}, for a page of {@link #commands}.
	 */
	Optional<Page<CommandView>> commandsReadAhead(CommandQuery query, String pageToken);

	/**
	 * One command with everything SSM says about it: one {@code ListCommands} call, the
	 * question a polling row asks.
	 * @throws AwsFailure of kind {@code NOT_FOUND} when SSM lists no such command
	 */
	CommandDetail command(String commandId);

	/**
	 * Sends a command: one {@code SendCommand} call.
	 * @return the new command's ID
	 */
	String send(NewCommand command);

	/**
	 * Asks SSM to cancel a command: one {@code CancelCommand} call.
	 * @param instanceIds the nodes to cancel it on, or empty for all of them
	 */
	void cancel(String commandId, List<String> instanceIds);

	/**
	 * The smallest {@code ListCommandInvocations} there is, uncached, bounded by
	 * {@code timeout}: can Runboard read Run Command data here with the credentials it
	 * has?
	 * @throws AwsFailure when it cannot
	 */
	void probe(Duration timeout);

	/**
	 * One page of {@code ListCommands} as SSM answers it now: never from the answer cache
	 * or a page read ahead, and never kept in them, so that the history recorder reads
	 * what changed and leaves the pages' cache to the pages.
	 * @param pageToken the token of the previous page, or {@code null} for the first
	 */
	Page<CommandDetail> readCommands(CommandQuery query, String pageToken);

	/**
	 * One command as SSM answers now ({@code ListCommands} with its ID, uncached).
	 * @return empty when SSM no longer lists it
	 */
	Optional<CommandDetail> readCommand(String commandId);

	/**
	 * One page of {@code ListCommandInvocations} as SSM answers it now, uncached, each
	 * invocation as SSM describes it ({@link InvocationRecord}).
	 * @param pageToken the token of the previous page, or {@code null} for the first
	 */
	Page<InvocationRecord> readInvocations(InvocationQuery query, String pageToken);

	/**
	 * The whole output of one plugin ({@code GetCommandInvocation}, uncached).
	 * @return empty when SSM holds no separate output for it (no such invocation or
	 * plugin, or none yet)
	 */
	Optional<WholeOutput> readWholeOutput(String commandId, String instanceId, String plugin);

	/**
	 * What pages show of an invocation read in this account and region, now or earlier
	 * (the history store keeps records): its output parsed, its S3 and CloudWatch links
	 * made. Makes no call.
	 */
	InvocationView view(InvocationRecord record);

}
