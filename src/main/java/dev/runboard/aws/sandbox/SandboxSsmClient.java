package dev.runboard.aws.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.PluginOutput;
import dev.runboard.aws.sandbox.SandboxData.FullOutput;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmServiceClientConfiguration;
import software.amazon.awssdk.services.ssm.model.CancelCommandRequest;
import software.amazon.awssdk.services.ssm.model.CancelCommandResponse;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationRequest;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InvalidFilterKeyException;
import software.amazon.awssdk.services.ssm.model.InvalidFilterValueException;
import software.amazon.awssdk.services.ssm.model.InvalidNextTokenException;
import software.amazon.awssdk.services.ssm.model.InvalidPluginNameException;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;
import software.amazon.awssdk.services.ssm.model.ListCommandsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandsResponse;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.SendCommandResponse;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * The sandbox: an {@link SsmClient} answering from an in-memory data set (normally
 * {@link SandboxFleet}) with the service's semantics (filters, page sizes, opaque tokens,
 * the same exceptions), so the sandbox exercises exactly the code paths that serve a real
 * account. Commands are derived from their invocations.
 */
public class SandboxSsmClient implements SsmClient {

	/** Invocation status filter values that SSM matches against {@code StatusDetails}. */
	private static final Set<String> DETAIL_STATUSES = Set.of("AccessDenied", "DeliveryTimedOut", "ExecutionTimedOut",
			"Undeliverable", "InvalidPlatform", "Terminated");

	private static final Set<String> RUNNING = InvocationView.NOT_FINAL;

	private final SandboxData data;

	private final Clock clock;

	private final Region region;

	/**
	 * @param data the data set this client pages and filters
	 */
	public SandboxSsmClient(SandboxData data, Clock clock, Region region) {
		this.data = data;
		this.clock = clock;
		this.region = region;
	}

	public SandboxSsmClient(SandboxFleet fleet, Clock clock) {
		this(fleet, clock, fleet.region());
	}

	@Override
	public ListCommandInvocationsResponse listCommandInvocations(ListCommandInvocationsRequest request) {
		Predicate<CommandInvocation> matches = (invocation) -> true;
		if (request.commandId() != null) {
			matches = matches.and((invocation) -> invocation.commandId().equals(request.commandId()));
		}
		if (request.instanceId() != null) {
			matches = matches.and((invocation) -> invocation.instanceId().equals(request.instanceId()));
		}
		matches = matches.and(filters(request.filters(), CommandInvocation::requestedDateTime,
				CommandInvocation::documentName, SandboxSsmClient::invocationStatus, false));
		boolean details = Boolean.TRUE.equals(request.details());
		PageOf<CommandInvocation> page = page(this.data.invocationsAt(this.clock.instant()), matches,
				request.maxResults(), request.nextToken(),
				Objects.hash("invocations", request.commandId(), request.instanceId(), request.filters(), details));
		return ListCommandInvocationsResponse.builder()
			.commandInvocations(page.items()
				.stream()
				.map((invocation) -> details ? invocation
						: invocation.toBuilder().commandPlugins((List<CommandPlugin>) null).build())
				.toList())
			.nextToken(page.nextToken())
			.build();
	}

	@Override
	public ListCommandsResponse listCommands(ListCommandsRequest request) {
		Predicate<Command> matches = (command) -> true;
		if (request.commandId() != null) {
			matches = matches.and((command) -> command.commandId().equals(request.commandId()));
		}
		if (request.instanceId() != null) {
			matches = matches.and((command) -> command.instanceIds().contains(request.instanceId()));
		}
		matches = matches.and(filters(request.filters(), Command::requestedDateTime, Command::documentName,
				(value) -> (command) -> value.equals(command.statusAsString()), true));
		Instant now = this.clock.instant();
		PageOf<Command> page = page(commands(this.data.invocationsAt(now), now), matches, request.maxResults(),
				request.nextToken(),
				Objects.hash("commands", request.commandId(), request.instanceId(), request.filters()));
		return ListCommandsResponse.builder().commands(page.items()).nextToken(page.nextToken()).build();
	}

	@Override
	public GetCommandInvocationResponse getCommandInvocation(GetCommandInvocationRequest request) {
		Instant now = this.clock.instant();
		CommandInvocation invocation = this.data.invocationsAt(now)
			.stream()
			.filter((candidate) -> candidate.commandId().equals(request.commandId())
					&& candidate.instanceId().equals(request.instanceId()))
			.findFirst()
			.orElseThrow(() -> error(InvocationDoesNotExistException.builder(), "InvocationDoesNotExist",
					"Invocation " + request.commandId() + " on " + request.instanceId() + " does not exist"));
		List<CommandPlugin> plugins = invocation.commandPlugins();
		CommandPlugin plugin;
		if (request.pluginName() == null) {
			if (plugins.size() != 1) {
				throw error(InvalidPluginNameException.builder(), "InvalidPluginName",
						"The document has several steps; name the plugin");
			}
			plugin = plugins.get(0);
		}
		else {
			plugin = plugins.stream()
				.filter((candidate) -> candidate.name().equals(request.pluginName()))
				.findFirst()
				.orElseThrow(() -> error(InvalidPluginNameException.builder(), "InvalidPluginName",
						"No plugin named " + request.pluginName()));
		}
		FullOutput output = this.data.fullOutput(invocation.commandId(), invocation.instanceId(), plugin.name(), now)
			.orElseGet(() -> listedOutput(plugin.output()));
		Instant start = plugin.responseStartDateTime();
		Instant end = plugin.responseFinishDateTime();
		return GetCommandInvocationResponse.builder()
			.commandId(invocation.commandId())
			.instanceId(invocation.instanceId())
			.comment(invocation.comment())
			.documentName(invocation.documentName())
			.documentVersion(invocation.documentVersion())
			.pluginName(plugin.name())
			.responseCode(plugin.responseCode())
			.executionStartDateTime((start != null) ? start.toString() : "")
			.executionEndDateTime((end != null) ? end.toString() : "")
			.executionElapsedTime((start != null && end != null) ? Duration.between(start, end).toString() : "")
			.status(plugin.statusAsString())
			.statusDetails(plugin.statusDetails())
			.standardOutputContent(limit(output.stdout(), PluginOutput.FULL_STDOUT_LIMIT))
			.standardOutputUrl(plugin.standardOutputUrl())
			.standardErrorContent(limit(output.stderr(), PluginOutput.FULL_STDERR_LIMIT))
			.standardErrorUrl(plugin.standardErrorUrl())
			.cloudWatchOutputConfig(invocation.cloudWatchOutputConfig())
			.build();
	}

	/**
	 * Sends a command to the data set, checked as SSM checks it: a document, targets or
	 * node IDs but not both, at most 50 node IDs.
	 */
	@Override
	public SendCommandResponse sendCommand(SendCommandRequest request) {
		boolean nodes = request.hasInstanceIds() && !request.instanceIds().isEmpty();
		boolean targets = request.hasTargets() && !request.targets().isEmpty();
		if (request.documentName() == null || request.documentName().isBlank()) {
			throw validation("1 validation error detected: Value null at 'documentName' failed to satisfy constraint: "
					+ "Member must not be null");
		}
		if (nodes == targets) {
			throw validation("Specify either InstanceIds or Targets, not both and not neither");
		}
		if (nodes && request.instanceIds().size() > 50) {
			throw validation("1 validation error detected: Value at 'instanceIds' failed to satisfy constraint: "
					+ "Member must have length less than or equal to 50");
		}
		if (request.comment() != null && request.comment().length() > 100) {
			throw validation("1 validation error detected: Value at 'comment' failed to satisfy constraint: "
					+ "Member must have length less than or equal to 100");
		}
		return SendCommandResponse.builder().command(this.data.send(request, this.clock.instant())).build();
	}

	@Override
	public CancelCommandResponse cancelCommand(CancelCommandRequest request) {
		this.data.cancel(request, this.clock.instant());
		return CancelCommandResponse.builder().build();
	}

	/** Without a longer source, the list's output is all there is. */
	static FullOutput listedOutput(String output) {
		String text = Objects.requireNonNullElse(output, "");
		int separator = text.indexOf(PluginOutput.ERROR_SEPARATOR);
		if (separator < 0) {
			return new FullOutput(text, "");
		}
		return new FullOutput(text.substring(0, separator),
				text.substring(separator + PluginOutput.ERROR_SEPARATOR.length()));
	}

	private static String limit(String text, int limit) {
		return (text.length() <= limit) ? text : text.substring(0, limit);
	}

	/**
	 * One command per command ID, newest first, with counts derived from its invocations.
	 */
	private List<Command> commands(List<CommandInvocation> invocations, Instant now) {
		Map<String, List<CommandInvocation>> byCommand = new LinkedHashMap<>();
		for (CommandInvocation invocation : invocations) {
			byCommand.computeIfAbsent(invocation.commandId(), (id) -> new ArrayList<>()).add(invocation);
		}
		List<Command> commands = new ArrayList<>();
		byCommand.forEach((commandId, targets) -> commands.add(command(targets, now)));
		return commands;
	}

	/**
	 * A command as sent, when the data set says how, else as its invocations tell it;
	 * with the status and counts of its invocations.
	 */
	private Command command(List<CommandInvocation> targets, Instant now) {
		CommandInvocation first = targets.get(0);
		int completed = 0;
		int errors = 0;
		int deliveryTimedOut = 0;
		Set<String> statuses = new HashSet<>();
		for (CommandInvocation target : targets) {
			String status = target.statusAsString();
			statuses.add(status);
			if (!RUNNING.contains(status)) {
				completed++;
			}
			if ("Failed".equals(status) || "ExecutionTimedOut".equals(target.statusDetails())) {
				errors++;
			}
			if ("DeliveryTimedOut".equals(target.statusDetails())) {
				deliveryTimedOut++;
			}
		}
		String status = commandStatus(statuses, completed == targets.size());
		Optional<Command> sent = this.data.sentCommand(first.commandId(), now);
		Command.Builder command = sent.map(Command::toBuilder).orElseGet(() -> derived(targets));
		if (sent.isPresent() && sent.get().targets().isEmpty()) {
			// Sent to node IDs: SSM lists them; sent to targets, it lists none.
			command.instanceIds(targets.stream().map(CommandInvocation::instanceId).toList());
		}
		return command.status(status)
			.statusDetails(status)
			.targetCount(targets.size())
			.completedCount(completed)
			.errorCount(errors)
			.deliveryTimedOutCount(deliveryTimedOut)
			.build();
	}

	/** What a command's invocations say about how it was sent. */
	private static Command.Builder derived(List<CommandInvocation> targets) {
		CommandInvocation first = targets.get(0);
		CommandPlugin plugin = first.hasCommandPlugins() ? first.commandPlugins().get(0) : null;
		return Command.builder()
			.commandId(first.commandId())
			.documentName(first.documentName())
			.documentVersion(first.documentVersion())
			.comment(first.comment())
			.requestedDateTime(first.requestedDateTime())
			.expiresAfter(first.requestedDateTime().plus(Duration.ofHours(1)))
			.instanceIds(targets.stream().map(CommandInvocation::instanceId).toList())
			.maxConcurrency("50")
			.maxErrors("0")
			.timeoutSeconds(3600)
			.serviceRole(first.serviceRole())
			.notificationConfig(first.notificationConfig())
			.cloudWatchOutputConfig(first.cloudWatchOutputConfig())
			.outputS3Region((plugin != null) ? plugin.outputS3Region() : "")
			.outputS3BucketName((plugin != null) ? plugin.outputS3BucketName() : "")
			.outputS3KeyPrefix((plugin != null) ? plugin.outputS3KeyPrefix() : "");
	}

	private static String commandStatus(Set<String> statuses, boolean complete) {
		if (!complete) {
			return statuses.equals(Set.of("Pending")) ? "Pending" : "InProgress";
		}
		if (statuses.equals(Set.of("Success"))) {
			return "Success";
		}
		if (statuses.contains("Failed")) {
			return "Failed";
		}
		return statuses.contains("TimedOut") ? "TimedOut" : "Cancelled";
	}

	private static Predicate<CommandInvocation> invocationStatus(String value) {
		if (DETAIL_STATUSES.contains(value)) {
			return (invocation) -> value.equals(invocation.statusDetails());
		}
		return (invocation) -> value.equals(invocation.statusAsString());
	}

	/**
	 * The filters both list operations share; {@code ExecutionStage} only where
	 * {@code executionStage} (ListCommands) allows it.
	 */
	private static <T> Predicate<T> filters(List<CommandFilter> filters, Function<T, Instant> requestedAt,
			Function<T, String> document, Function<String, Predicate<T>> status, boolean executionStage) {
		Predicate<T> matches = (item) -> true;
		Set<String> keys = new HashSet<>();
		for (CommandFilter filter : filters) {
			String key = filter.keyAsString();
			String value = filter.value();
			if (!keys.add(key)) {
				throw error(InvalidFilterKeyException.builder(), "InvalidFilterKey", "Duplicate filter key " + key);
			}
			matches = matches.and(switch (key) {
				case "InvokedAfter" -> {
					Instant after = instant(value);
					yield (item) -> !requestedAt.apply(item).isBefore(after);
				}
				case "InvokedBefore" -> {
					Instant before = instant(value);
					yield (item) -> !requestedAt.apply(item).isAfter(before);
				}
				case "DocumentName" -> (item) -> value.equals(document.apply(item));
				case "Status" -> status.apply(value);
				case "ExecutionStage" -> {
					if (!executionStage || !Set.of("Executing", "Complete").contains(value)) {
						throw error(InvalidFilterKeyException.builder(), "InvalidFilterKey",
								"ExecutionStage is not a valid filter here");
					}
					boolean executing = value.equals("Executing");
					yield (item) -> executing == RUNNING.contains(((Command) item).statusAsString());
				}
				default -> throw error(InvalidFilterKeyException.builder(), "InvalidFilterKey",
						"Filter key " + key + " is not valid");
			});
		}
		return matches;
	}

	private static Instant instant(String value) {
		try {
			return Instant.parse(value);
		}
		catch (DateTimeException ex) {
			throw error(InvalidFilterValueException.builder(), "InvalidFilterValue", "Invalid filter value " + value);
		}
	}

	private record PageOf<T>(List<T> items, String nextToken) {

	}

	/**
	 * One page of the matching items. Tokens carry the offset and a fingerprint of the
	 * query, so a token is refused for any other query, as SSM refuses it.
	 */
	private static <T> PageOf<T> page(List<T> all, Predicate<T> matches, Integer requestedMax, String token,
			int query) {
		int maxResults = (requestedMax != null) ? requestedMax : 50;
		if (maxResults < 1 || maxResults > 50) {
			throw validation("1 validation error detected: Value '" + maxResults
					+ "' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 50");
		}
		String fingerprint = Integer.toHexString(query);
		int offset = offset(token, fingerprint);
		List<T> page = new ArrayList<>();
		int index = 0;
		for (T item : all) {
			if (!matches.test(item)) {
				continue;
			}
			if (index >= offset) {
				if (page.size() == maxResults) {
					return new PageOf<>(page, token(offset + page.size(), fingerprint));
				}
				page.add(item);
			}
			index++;
		}
		return new PageOf<>(page, null);
	}

	private static int offset(String token, String fingerprint) {
		if (token == null) {
			return 0;
		}
		try {
			String[] parts = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
			if (parts.length == 3 && parts[0].equals("sbx1") && parts[2].equals(fingerprint)) {
				return Integer.parseInt(parts[1]);
			}
		}
		catch (IllegalArgumentException ex) {
			// fall through: SSM answers any token it did not issue the same way
		}
		throw error(InvalidNextTokenException.builder(), "InvalidNextToken", "The specified token is not valid.");
	}

	private static String token(int offset, String fingerprint) {
		// Standard Base64, '+', '/' and '=' included, like the tokens SSM issues.
		return Base64.getEncoder()
			.encodeToString(("sbx1|" + offset + "|" + fingerprint).getBytes(StandardCharsets.UTF_8));
	}

	private static SsmException validation(String message) {
		return error(SsmException.builder(), "ValidationException", message);
	}

	/**
	 * An error as the SDK makes it of SSM's answer: with the error code SSM sends, which
	 * is what Runboard classifies failures by.
	 */
	static <E extends SsmException> E error(SsmException.Builder builder, String code, String message) {
		@SuppressWarnings("unchecked")
		E error = (E) builder.message(message)
			.statusCode(400)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("SSM").build())
			.build();
		return error;
	}

	@Override
	public String serviceName() {
		return SERVICE_NAME;
	}

	@Override
	public SsmServiceClientConfiguration serviceClientConfiguration() {
		return SsmServiceClientConfiguration.builder().region(this.region).build();
	}

	@Override
	public void close() {
	}

}
