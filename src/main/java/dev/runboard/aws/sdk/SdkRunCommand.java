package dev.runboard.aws.sdk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.CommandQuery;
import dev.runboard.aws.CommandView;
import dev.runboard.aws.Ids;
import dev.runboard.aws.InvocationDetail;
import dev.runboard.aws.InvocationQuery;
import dev.runboard.aws.InvocationRecord;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.NewCommand;
import dev.runboard.aws.OutputChunk;
import dev.runboard.aws.OutputLink;
import dev.runboard.aws.OutputRequest;
import dev.runboard.aws.Page;
import dev.runboard.aws.PluginOutput;
import dev.runboard.aws.PluginView;
import dev.runboard.aws.RunCommand;
import dev.runboard.aws.S3Location;
import dev.runboard.aws.WholeOutput;
import dev.runboard.aws.sdk.AwsCalls.Service;

import org.springframework.util.StringUtils;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Alarm;
import software.amazon.awssdk.services.ssm.model.AlarmConfiguration;
import software.amazon.awssdk.services.ssm.model.AlarmStateInformation;
import software.amazon.awssdk.services.ssm.model.CancelCommandRequest;
import software.amazon.awssdk.services.ssm.model.CloudWatchOutputConfig;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationRequest;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;
import software.amazon.awssdk.services.ssm.model.ListCommandsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandsResponse;
import software.amazon.awssdk.services.ssm.model.NotificationConfig;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.Target;

/**
 * {@link RunCommand} over the AWS SDK clients of one account and region: validated
 * queries become SDK requests, exactly one call per page; SDK responses become Runboard's
 * records, their IDs checked as typed ones are ({@link Ids}), and SDK failures
 * {@link AwsFailure}s. Nothing above this class sees an SDK type.
 */
class SdkRunCommand implements RunCommand {

	private static final String LIST_INVOCATIONS = "ListCommandInvocations";

	private static final String LIST_COMMANDS = "ListCommands";

	private static final String GET_INVOCATION = "GetCommandInvocation";

	private final SsmClient ssm;

	private final SsmClient ssmWrites;

	private final Region region;

	private final String where;

	private final AwsCalls calls;

	/** The readers of whole output, by the place each reads. */
	private final Map<String, WholeOutputReader> outputReaders;

	/**
	 * @param where the account and region, as pages name them
	 */
	SdkRunCommand(SdkClients clients, String where, AwsCalls calls, WholeOutputReader.Limits limits) {
		this.ssm = clients.ssm();
		this.ssmWrites = clients.ssmWrites();
		this.region = clients.ssm().serviceClientConfiguration().region();
		this.where = where;
		this.calls = calls;
		this.outputReaders = Stream
			.of(new S3OutputReader(clients.s3(), calls, limits), new LogsOutputReader(clients.logs(), calls, limits))
			.collect(Collectors.toUnmodifiableMap(WholeOutputReader::place, Function.identity()));
	}

	@Override
	public Page<InvocationView> invocations(InvocationQuery query, String pageToken) {
		ListCommandInvocationsRequest request = invocationsRequest(query, pageToken);
		ListCommandInvocationsResponse response = this.calls.cached(Service.SSM, LIST_INVOCATIONS, request,
				() -> this.ssm.listCommandInvocations(request));
		return new Page<>(response.commandInvocations().stream().map(this::view).toList(),
				StringUtils.hasLength(response.nextToken()) ? response.nextToken() : null);
	}

	@Override
	public void prefetchInvocations(InvocationQuery query, String pageToken) {
		ListCommandInvocationsRequest request = invocationsRequest(query, pageToken);
		this.calls.prefetch(Service.SSM, LIST_INVOCATIONS, request, () -> this.ssm.listCommandInvocations(request));
	}

	@Override
	public Optional<Page<InvocationView>> invocationsReadAhead(InvocationQuery query, String pageToken) {
		return this.calls.<ListCommandInvocationsResponse>readAhead(invocationsRequest(query, pageToken))
			.map((response) -> new Page<>(response.commandInvocations().stream().map(this::view).toList(),
					StringUtils.hasLength(response.nextToken()) ? response.nextToken() : null));
	}

	/**
	 * The one request a page of {@code query} is read with: the same for a page read
	 * ahead and for the page asked for, so the one finds the other.
	 */
	private static ListCommandInvocationsRequest invocationsRequest(InvocationQuery query, String pageToken) {
		ListCommandInvocationsRequest.Builder builder = ListCommandInvocationsRequest.builder()
			.commandId(query.commandId())
			.instanceId(query.instanceId())
			.details(query.details())
			.maxResults(query.pageSize())
			.nextToken(pageToken);
		List<CommandFilter> filters = filters(query.after(), query.before(), query.status(), query.document());
		if (!filters.isEmpty()) {
			builder.filters(filters);
		}
		return builder.build();
	}

	@Override
	public InvocationView invocation(String commandId, String instanceId) {
		ListCommandInvocationsRequest request = ListCommandInvocationsRequest.builder()
			.commandId(commandId)
			.instanceId(instanceId)
			.details(true)
			.build();
		ListCommandInvocationsResponse response = this.calls.cached(Service.SSM, LIST_INVOCATIONS, request,
				() -> this.ssm.listCommandInvocations(request));
		return response.commandInvocations()
			.stream()
			.findFirst()
			.map(this::view)
			.orElseThrow(() -> AwsFailure.notFound(Service.SSM.action(LIST_INVOCATIONS), "SSM lists no invocation "
					+ "of command " + commandId + " on node " + instanceId + " in " + this.where + "."));
	}

	@Override
	public InvocationDetail detail(InvocationView invocation) {
		List<PluginView> plugins = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		String failure = null;
		for (PluginView plugin : invocation.plugins()) {
			try {
				Optional<PluginOutput> output = wholeOutput(invocation.commandId(), invocation.instanceId(),
						plugin.name());
				plugins.add(output.map(plugin::withOutput).orElse(plugin));
				if (output.isEmpty()) {
					missing.add(plugin.name());
				}
			}
			catch (AwsFailure ex) {
				// The list's output is already in hand: show it, and say why it is all
				// there is.
				failure = ex.getMessage();
				missing.add(plugin.name());
				plugins.add(plugin);
			}
		}
		String partial = null;
		if (!missing.isEmpty()) {
			partial = ((failure != null) ? failure + " " : "SSM has no separate output yet. ")
					+ "Showing what the list returned for " + String.join(", ", missing) + ".";
		}
		return new InvocationDetail(invocation.withPlugins(plugins), partial);
	}

	@Override
	public Optional<PluginOutput> wholeOutput(String commandId, String instanceId, String plugin) {
		GetCommandInvocationRequest request = GetCommandInvocationRequest.builder()
			.commandId(commandId)
			.instanceId(instanceId)
			.pluginName(plugin)
			.build();
		try {
			GetCommandInvocationResponse response = this.calls.cached(Service.SSM, GET_INVOCATION, request,
					() -> this.ssm.getCommandInvocation(request));
			return Optional.of(PluginOutput.full(response.standardOutputContent(), response.standardErrorContent()));
		}
		catch (AwsFailure ex) {
			if (ex.kind() == AwsFailure.Kind.NOT_FOUND) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public OutputChunk readOutput(OutputRequest request) {
		InvocationView invocation = invocation(request.commandId(), request.instanceId());
		return this.outputReaders.get(request.place()).read(request, invocation, invocation.plugin(request.plugin()));
	}

	@Override
	public Page<CommandView> commands(CommandQuery query, String pageToken) {
		ListCommandsRequest request = commandsRequest(query, pageToken);
		ListCommandsResponse response = this.calls.cached(Service.SSM, LIST_COMMANDS, request,
				() -> this.ssm.listCommands(request));
		return new Page<>(response.commands().stream().map(this::view).toList(),
				StringUtils.hasLength(response.nextToken()) ? response.nextToken() : null);
	}

	@Override
	public void prefetchCommands(CommandQuery query, String pageToken) {
		ListCommandsRequest request = commandsRequest(query, pageToken);
		this.calls.prefetch(Service.SSM, LIST_COMMANDS, request, () -> this.ssm.listCommands(request));
	}

	@Override
	public Optional<Page<CommandView>> commandsReadAhead(CommandQuery query, String pageToken) {
		return this.calls.<ListCommandsResponse>readAhead(commandsRequest(query, pageToken))
			.map((response) -> new Page<>(response.commands().stream().map(this::view).toList(),
					StringUtils.hasLength(response.nextToken()) ? response.nextToken() : null));
	}

	private static ListCommandsRequest commandsRequest(CommandQuery query, String pageToken) {
		List<CommandFilter> filters = filters(query.after(), query.before(), query.status(), query.document());
		if (query.stage() != null) {
			filters.add(filter(CommandFilterKey.EXECUTION_STAGE, query.stage()));
		}
		ListCommandsRequest.Builder builder = ListCommandsRequest.builder()
			.maxResults(query.pageSize())
			.nextToken(pageToken);
		if (!filters.isEmpty()) {
			builder.filters(filters);
		}
		return builder.build();
	}

	@Override
	public CommandDetail command(String commandId) {
		ListCommandsRequest request = ListCommandsRequest.builder().commandId(commandId).build();
		ListCommandsResponse response = this.calls.cached(Service.SSM, LIST_COMMANDS, request,
				() -> this.ssm.listCommands(request));
		return response.commands()
			.stream()
			.findFirst()
			.map(this::detail)
			.orElseThrow(() -> AwsFailure.notFound(Service.SSM.action(LIST_COMMANDS),
					"SSM lists no command " + commandId + " in " + this.where + "."));
	}

	@Override
	public String send(NewCommand command) {
		SendCommandRequest.Builder request = SendCommandRequest.builder()
			.documentName(command.documentName())
			.documentVersion(command.documentVersion())
			.parameters(command.parameters())
			.comment(command.comment())
			.maxConcurrency(command.maxConcurrency())
			.maxErrors(command.maxErrors())
			.timeoutSeconds(command.timeoutSeconds())
			.serviceRoleArn(command.serviceRole());
		if (!command.targets().isEmpty()) {
			request.targets(command.targets()
				.stream()
				.map((target) -> Target.builder().key(target.key()).values(target.values()).build())
				.toList());
		}
		if (!command.instanceIds().isEmpty()) {
			request.instanceIds(command.instanceIds());
		}
		if (command.s3Output() != null) {
			request.outputS3Region(command.s3Output().region())
				.outputS3BucketName(command.s3Output().bucket())
				.outputS3KeyPrefix(command.s3Output().keyPrefix());
		}
		if (command.cloudWatchOutput() != null) {
			request.cloudWatchOutputConfig(CloudWatchOutputConfig.builder()
				.cloudWatchOutputEnabled(true)
				.cloudWatchLogGroupName(command.cloudWatchOutput().logGroup())
				.build());
		}
		if (command.notification() != null) {
			request.notificationConfig(NotificationConfig.builder()
				.notificationArn(command.notification().arn())
				.notificationEventsWithStrings(command.notification().events())
				.notificationType(command.notification().type())
				.build());
		}
		if (command.alarms() != null) {
			request.alarmConfiguration(AlarmConfiguration.builder()
				.ignorePollAlarmFailure(command.alarms().ignorePollAlarmFailure())
				.alarms(command.alarms().names().stream().map((name) -> Alarm.builder().name(name).build()).toList())
				.build());
		}
		SendCommandRequest built = request.build();
		String sent = this.calls.call(Service.SSM, "SendCommand", () -> this.ssmWrites.sendCommand(built))
			.command()
			.commandId();
		this.calls.forgetAnswers();
		return answered("SendCommand", "a command ID", sent, Ids::commandId);
	}

	@Override
	public void cancel(String commandId, List<String> instanceIds) {
		CancelCommandRequest.Builder request = CancelCommandRequest.builder().commandId(commandId);
		if (!instanceIds.isEmpty()) {
			request.instanceIds(instanceIds);
		}
		CancelCommandRequest built = request.build();
		this.calls.call(Service.SSM, "CancelCommand", () -> this.ssmWrites.cancelCommand(built));
		this.calls.forgetAnswers();
	}

	@Override
	public void probe(Duration timeout) {
		this.calls.call(Service.SSM, LIST_INVOCATIONS,
				() -> this.ssm.listCommandInvocations((request) -> request.maxResults(1)
					.details(false)
					.overrideConfiguration((call) -> call.apiCallTimeout(timeout))));
	}

	@Override
	public Page<CommandDetail> readCommands(CommandQuery query, String pageToken) {
		ListCommandsRequest request = commandsRequest(query, pageToken);
		ListCommandsResponse response = this.calls.call(Service.SSM, LIST_COMMANDS,
				() -> this.ssm.listCommands(request));
		return new Page<>(response.commands().stream().map(this::detail).toList(),
				StringUtils.hasLength(response.nextToken()) ? response.nextToken() : null);
	}

	@Override
	public Optional<CommandDetail> readCommand(String commandId) {
		ListCommandsRequest request = ListCommandsRequest.builder().commandId(commandId).build();
		try {
			return this.calls.call(Service.SSM, LIST_COMMANDS, () -> this.ssm.listCommands(request))
				.commands()
				.stream()
				.findFirst()
				.map(this::detail);
		}
		catch (AwsFailure ex) {
			// SSM answers InvalidCommandId for a command it no longer holds.
			if (ex.kind() == AwsFailure.Kind.NOT_FOUND) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public Page<InvocationRecord> readInvocations(InvocationQuery query, String pageToken) {
		ListCommandInvocationsRequest request = invocationsRequest(query, pageToken);
		ListCommandInvocationsResponse response = this.calls.call(Service.SSM, LIST_INVOCATIONS,
				() -> this.ssm.listCommandInvocations(request));
		return new Page<>(response.commandInvocations().stream().map(this::record).toList(),
				StringUtils.hasLength(response.nextToken()) ? response.nextToken() : null);
	}

	@Override
	public Optional<WholeOutput> readWholeOutput(String commandId, String instanceId, String plugin) {
		GetCommandInvocationRequest request = GetCommandInvocationRequest.builder()
			.commandId(commandId)
			.instanceId(instanceId)
			.pluginName(plugin)
			.build();
		try {
			GetCommandInvocationResponse response = this.calls.call(Service.SSM, GET_INVOCATION,
					() -> this.ssm.getCommandInvocation(request));
			return Optional.of(new WholeOutput(response.standardOutputContent(), response.standardErrorContent()));
		}
		catch (AwsFailure ex) {
			if (ex.kind() == AwsFailure.Kind.NOT_FOUND) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	private CommandView view(Command command) {
		return new CommandView(answered(LIST_COMMANDS, "a command ID", command.commandId(), Ids::commandId),
				command.documentName(), command.documentVersion(), command.comment(), command.requestedDateTime(),
				command.statusAsString(), command.statusDetails(), zeroIfNull(command.targetCount()),
				zeroIfNull(command.completedCount()), zeroIfNull(command.errorCount()),
				zeroIfNull(command.deliveryTimedOutCount()));
	}

	private CommandDetail detail(Command command) {
		NotificationConfig notification = command.notificationConfig();
		CloudWatchOutputConfig cloudWatch = command.cloudWatchOutputConfig();
		AlarmConfiguration alarms = command.alarmConfiguration();
		return new CommandDetail(view(command), command.expiresAfter(), command.parameters(),
				command.targets()
					.stream()
					.map((target) -> new CommandDetail.Target(target.key(), target.values()))
					.toList(),
				command.instanceIds()
					.stream()
					.map((id) -> answered(LIST_COMMANDS, "a node ID", id, Ids::instanceId))
					.toList(),
				emptyToNull(command.maxConcurrency()), emptyToNull(command.maxErrors()), command.timeoutSeconds(),
				emptyToNull(command.serviceRole()), notificationOf(notification),
				StringUtils.hasText(command.outputS3BucketName())
						? new CommandDetail.S3Output(emptyToNull(command.outputS3Region()),
								command.outputS3BucketName(), emptyToNull(command.outputS3KeyPrefix()))
						: null,
				(cloudWatch != null && Boolean.TRUE.equals(cloudWatch.cloudWatchOutputEnabled()))
						? new CommandDetail.CloudWatchOutput(emptyToNull(cloudWatch.cloudWatchLogGroupName()),
								logGroup(cloudWatch.cloudWatchLogGroupName(), command.documentName()))
						: null,
				(alarms != null && alarms.hasAlarms())
						? new CommandDetail.Alarms(alarms.alarms().stream().map(Alarm::name).toList(),
								Boolean.TRUE.equals(alarms.ignorePollAlarmFailure()))
						: null,
				command.triggeredAlarms().stream().map(AlarmStateInformation::name).toList());
	}

	/**
	 * The log group SSM writes to: the one the command names, or its default for the
	 * document.
	 */
	private static String logGroup(String sent, String documentName) {
		return StringUtils.hasText(sent) ? sent : "/aws/ssm/" + documentName;
	}

	private static int zeroIfNull(Integer value) {
		return (value != null) ? value : 0;
	}

	/** The filters both list operations share, in a stable order. */
	private static List<CommandFilter> filters(Instant after, Instant before, String status, String document) {
		List<CommandFilter> filters = new ArrayList<>();
		if (after != null) {
			filters.add(filter(CommandFilterKey.INVOKED_AFTER, after.toString()));
		}
		if (before != null) {
			filters.add(filter(CommandFilterKey.INVOKED_BEFORE, before.toString()));
		}
		if (status != null) {
			filters.add(filter(CommandFilterKey.STATUS, status));
		}
		if (document != null) {
			filters.add(filter(CommandFilterKey.DOCUMENT_NAME, document));
		}
		return filters;
	}

	private static CommandFilter filter(CommandFilterKey key, String value) {
		return CommandFilter.builder().key(key).value(value).build();
	}

	private InvocationView view(CommandInvocation invocation) {
		return view(record(invocation));
	}

	@Override
	public InvocationView view(InvocationRecord invocation) {
		boolean cloudWatchEnabled = invocation.cloudWatchOutputEnabled();
		String logGroup = cloudWatchEnabled ? logGroup(invocation.cloudWatchLogGroup(), invocation.documentName())
				: null;
		List<PluginView> plugins = new ArrayList<>();
		for (InvocationRecord.Plugin plugin : invocation.plugins()) {
			plugins.add(plugin(invocation, plugin, logGroup));
		}
		List<OutputLink> links = new ArrayList<>();
		OutputLinks.s3("s3-stdout", "stdout in S3", invocation.standardOutputUrl()).ifPresent(links::add);
		OutputLinks.s3("s3-stderr", "stderr in S3", invocation.standardErrorUrl()).ifPresent(links::add);
		if (logGroup != null) {
			links.add(OutputLinks.cloudWatchStreams("cloudwatch", "CloudWatch Logs", this.region, logGroup,
					invocation.commandId(), invocation.instanceId()));
		}
		InvocationView view = new InvocationView(invocation.commandId(), invocation.instanceId(),
				invocation.instanceName(), invocation.comment(), invocation.documentName(),
				invocation.documentVersion(), invocation.requestedAt(), invocation.status(), invocation.statusDetails(),
				invocation.serviceRole(), notification(invocation.notification()), cloudWatchEnabled, logGroup, plugins,
				links);
		// SSM names the S3 objects and log streams an invocation would write even when it
		// never ran: links to them end in "does not exist", so none is offered.
		return view.neverRan() ? withoutOutputPlaces(view) : view;
	}

	private static InvocationView withoutOutputPlaces(InvocationView view) {
		return new InvocationView(view.commandId(), view.instanceId(), view.instanceName(), view.comment(),
				view.documentName(), view.documentVersion(), view.requestedAt(), view.status(), view.statusDetails(),
				view.serviceRole(), view.notification(), view.cloudWatchOutputEnabled(), view.cloudWatchLogGroup(),
				view.plugins()
					.stream()
					.map((plugin) -> new PluginView(plugin.name(), plugin.status(), plugin.statusDetails(),
							plugin.responseCode(), plugin.startedAt(), plugin.finishedAt(), plugin.output(),
							plugin.outputS3Location(), List.of(), null, null))
					.toList(),
				List.of());
	}

	private PluginView plugin(InvocationRecord invocation, InvocationRecord.Plugin plugin, String logGroup) {
		PluginOutput output = PluginOutput.parse(plugin.output());
		// Each URL is read once: for its link, and for the object whole output reads.
		Optional<S3Location> stdoutObject = OutputLinks.s3Location(plugin.standardOutputUrl());
		Optional<S3Location> stderrObject = OutputLinks.s3Location(plugin.standardErrorUrl());
		List<OutputLink> links = new ArrayList<>();
		OutputLinks.s3("s3-stdout", "stdout in S3", plugin.standardOutputUrl(), stdoutObject).ifPresent(links::add);
		OutputLinks.s3("s3-stderr", "stderr in S3", plugin.standardErrorUrl(), stderrObject).ifPresent(links::add);
		if (logGroup != null && StringUtils.hasText(plugin.name())) {
			links.add(OutputLinks.cloudWatch("cloudwatch", "stdout in CloudWatch", this.region, logGroup,
					invocation.commandId(), invocation.instanceId(), plugin.name(), "stdout"));
			links.add(OutputLinks.cloudWatch("cloudwatch-stderr", "stderr in CloudWatch", this.region, logGroup,
					invocation.commandId(), invocation.instanceId(), plugin.name(), "stderr"));
		}
		String s3Location = (plugin.outputS3Bucket() != null)
				? "s3://" + plugin.outputS3Bucket() + "/" + Objects.requireNonNullElse(plugin.outputS3KeyPrefix(), "")
				: null;
		if (plugin.startedAt() == null && output.empty()) {
			// Not started, nothing printed: nothing is in S3 or CloudWatch Logs either.
			return new PluginView(plugin.name(), plugin.status(), plugin.statusDetails(), plugin.responseCode(), null,
					plugin.finishedAt(), output, s3Location, List.of(), null, null);
		}
		return new PluginView(plugin.name(), plugin.status(), plugin.statusDetails(), plugin.responseCode(),
				plugin.startedAt(), plugin.finishedAt(), output, s3Location, links, stdoutObject.orElse(null),
				stderrObject.orElse(null));
	}

	/**
	 * An invocation as SSM describes it, its IDs checked, empty strings made
	 * {@code null}.
	 */
	private InvocationRecord record(CommandInvocation invocation) {
		answered(LIST_INVOCATIONS, "a command ID", invocation.commandId(), Ids::commandId);
		answered(LIST_INVOCATIONS, "a node ID", invocation.instanceId(), Ids::instanceId);
		CloudWatchOutputConfig cloudWatch = invocation.cloudWatchOutputConfig();
		boolean cloudWatchEnabled = cloudWatch != null && Boolean.TRUE.equals(cloudWatch.cloudWatchOutputEnabled());
		List<InvocationRecord.Plugin> plugins = new ArrayList<>();
		for (CommandPlugin plugin : invocation.commandPlugins()) {
			plugins.add(new InvocationRecord.Plugin(plugin.name(), plugin.statusAsString(), plugin.statusDetails(),
					plugin.responseCode(), plugin.responseStartDateTime(), plugin.responseFinishDateTime(),
					plugin.output(), emptyToNull(plugin.standardOutputUrl()), emptyToNull(plugin.standardErrorUrl()),
					emptyToNull(plugin.outputS3Region()), emptyToNull(plugin.outputS3BucketName()),
					emptyToNull(plugin.outputS3KeyPrefix()), null));
		}
		return new InvocationRecord(invocation.commandId(), invocation.instanceId(), invocation.instanceName(),
				invocation.comment(), invocation.documentName(), invocation.documentVersion(),
				invocation.requestedDateTime(), invocation.statusAsString(), invocation.statusDetails(),
				emptyToNull(invocation.standardOutputUrl()), emptyToNull(invocation.standardErrorUrl()),
				emptyToNull(invocation.serviceRole()), notificationOf(invocation.notificationConfig()),
				cloudWatchEnabled, cloudWatchEnabled ? emptyToNull(cloudWatch.cloudWatchLogGroupName()) : null,
				plugins);
	}

	/**
	 * An ID as SSM answered it, checked as a typed one is: it becomes a path segment of
	 * links and of the URLs htmx polls, so an endpoint answering {@code ..} must not get
	 * that far.
	 * @throws AwsFailure naming what SSM sent, when it is not of the shape
	 */
	private String answered(String operation, String what, String id, Predicate<String> shape) {
		if (!shape.test(id)) {
			throw AwsFailures.unusableAnswer(Service.SSM, Service.SSM.action(operation), this.where, what, id);
		}
		return id;
	}

	private static CommandDetail.Notification notificationOf(NotificationConfig config) {
		if (config == null || !StringUtils.hasText(config.notificationArn())) {
			return null;
		}
		return new CommandDetail.Notification(config.notificationArn(), config.notificationEventsAsStrings(),
				config.notificationTypeAsString());
	}

	/** A notification as pages name it: the topic, the events, what each is about. */
	private static String notification(CommandDetail.Notification notification) {
		if (notification == null) {
			return null;
		}
		String events = notification.events().isEmpty() ? "" : " on " + String.join(", ", notification.events());
		String type = (notification.type() != null) ? " (per " + notification.type() + ")" : "";
		return notification.arn() + events + type;
	}

	private static String emptyToNull(String value) {
		return StringUtils.hasText(value) ? value : null;
	}

}
