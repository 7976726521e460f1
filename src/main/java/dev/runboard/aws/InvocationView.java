package dev.runboard.aws;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One command invocation on one node, as the pages show it.
 *
 * @param status the response {@code Status}
 * @param statusDetails the finer state SSM reports in {@code StatusDetails}
 * @param notification where SSM sends status notifications, or {@code null}
 * @param links output links of the whole invocation (for single-plugin documents SSM
 * reports them here too)
 */
public record InvocationView(String commandId, String instanceId, String instanceName, String comment,
		String documentName, String documentVersion, Instant requestedAt, String status, String statusDetails,
		String serviceRole, String notification, boolean cloudWatchOutputEnabled, String cloudWatchLogGroup,
		List<PluginView> plugins, List<OutputLink> links) {

	/** Statuses SSM may still change, of invocations and of commands alike. */
	public static final Set<String> NOT_FINAL = Set.of("Pending", "InProgress", "Delayed", "Cancelling");

	/**
	 * The final response statuses of an invocation that did not succeed, in the order
	 * views list them: what the problems view lists, the command page groups by cause and
	 * a rerun on the failed nodes sends to again. The finer statuses (AccessDenied,
	 * Undeliverable, InvalidPlatform and Terminated; DeliveryTimedOut and
	 * ExecutionTimedOut) are status details inside them.
	 */
	public static final List<String> FAILING = List.of("Failed", "TimedOut", "Cancelled");

	/**
	 * The finer statuses of an invocation the agent never ran: never delivered, or
	 * refused before it started. No output of it exists anywhere.
	 */
	public static final Set<String> NEVER_RAN = Set.of("Undeliverable", "DeliveryTimedOut", "InvalidPlatform",
			"AccessDenied");

	public InvocationView {
		plugins = List.copyOf(plugins);
		links = List.copyOf(links);
	}

	/**
	 * This invocation with other plugins, such as the same plugins with their whole
	 * output.
	 */
	public InvocationView withPlugins(List<PluginView> newPlugins) {
		return new InvocationView(this.commandId, this.instanceId, this.instanceName, this.comment, this.documentName,
				this.documentVersion, this.requestedAt, this.status, this.statusDetails, this.serviceRole,
				this.notification, this.cloudWatchOutputEnabled, this.cloudWatchLogGroup, newPlugins, this.links);
	}

	/**
	 * This invocation without plugin details, as a list fetched without them shows it.
	 */
	public InvocationView withoutPlugins() {
		return withPlugins(List.of());
	}

	/** This invocation with every output and output link removed, statuses kept. */
	public InvocationView withoutOutput() {
		return new InvocationView(this.commandId, this.instanceId, this.instanceName, this.comment, this.documentName,
				this.documentVersion, this.requestedAt, this.status, this.statusDetails, this.serviceRole,
				this.notification, this.cloudWatchOutputEnabled, this.cloudWatchLogGroup,
				this.plugins.stream().map(PluginView::withoutOutput).toList(), List.of());
	}

	/**
	 * The plugin of this invocation with that name.
	 * @throws InvalidQueryException naming the plugins it has, when it has none of that
	 * name
	 */
	public PluginView plugin(String name) {
		return this.plugins.stream()
			.filter((candidate) -> candidate.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new InvalidQueryException("plugin", "plugin: this invocation's plugins are "
					+ String.join(", ", this.plugins.stream().map(PluginView::name).toList()) + "."));
	}

	/** Whether SSM may still change this invocation's status. */
	public boolean running() {
		return this.status != null && NOT_FINAL.contains(this.status);
	}

	/**
	 * Whether the agent never ran it, as its finer status says, or, with plugin details,
	 * as its plugins tell: none of them started or printed anything, and it is final.
	 */
	public boolean neverRan() {
		if (this.statusDetails != null && NEVER_RAN.contains(this.statusDetails)) {
			return true;
		}
		return !running() && !this.plugins.isEmpty() && this.plugins.stream().allMatch(PluginView::wroteNothing);
	}

	/** Whether the invocation ended without success. */
	public boolean problem() {
		return !running() && !"Success".equals(this.status);
	}

}
