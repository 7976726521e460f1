package dev.runboard.ssm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CloudWatchOutputConfig;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationRequest;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InvalidCommandIdException;
import software.amazon.awssdk.services.ssm.model.InvalidFilterKeyException;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.InvalidNextTokenException;
import software.amazon.awssdk.services.ssm.model.InvalidPluginNameException;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;
import software.amazon.awssdk.services.ssm.model.ListCommandsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandsResponse;
import software.amazon.awssdk.services.ssm.model.NotificationConfig;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The boundary to Systems Manager: turns validated queries into SDK requests, exactly one
 * call per page, and SDK responses and errors into Runboard's own types. Nothing above
 * this class sees an SDK type.
 */
public class SsmService {

	private static final Log logger = LogFactory.getLog(SsmService.class);

	private final SsmClient client;

	private final Region region;

	private final SsmCalls calls;

	/**
	 * @param cacheTtl how long an SSM answer is reused; zero turns the cache off
	 */
	public SsmService(SsmClient client, Region region, Duration cacheTtl, MeterRegistry meters) {
		this(client, region, region.id(), cacheTtl, meters);
	}

	/**
	 * @param scope what the cache keys answers by: the account and region this client
	 * reads
	 * @param cacheTtl how long an SSM answer is reused; zero turns the cache off
	 */
	public SsmService(SsmClient client, Region region, String scope, Duration cacheTtl, MeterRegistry meters) {
		this.client = client;
		this.region = region;
		this.calls = new SsmCalls(scope, cacheTtl, meters);
	}

	/**
	 * The client behind this service, for configuration that builds its siblings (the
	 * sandbox serves S3 and CloudWatch Logs from the same data set).
	 */
	public SsmClient client() {
		return this.client;
	}

	public Region region() {
		return this.region;
	}

	/**
	 * One page of {@code ListCommandInvocations}.
	 * @param nextToken the token of the previous page, or {@code null} for the first
	 */
	public Page<InvocationView> listInvocations(InvocationQuery query, String nextToken) {
		ListCommandInvocationsRequest.Builder request = ListCommandInvocationsRequest.builder()
			.commandId(query.commandId())
			.instanceId(query.instanceId())
			.details(query.details())
			.maxResults(query.pageSize())
			.nextToken(nextToken);
		List<CommandFilter> filters = filters(query.after(), query.before(), query.status(), query.document());
		if (!filters.isEmpty()) {
			request.filters(filters);
		}
		ListCommandInvocationsResponse response;
		try {
			ListCommandInvocationsRequest built = request.build();
			response = this.calls.call("ListCommandInvocations", built,
					() -> this.client.listCommandInvocations(built));
		}
		catch (SdkException ex) {
			throw translate(ex, "ssm:ListCommandInvocations");
		}
		List<InvocationView> invocations = response.commandInvocations().stream().map(this::view).toList();
		return new Page<>(invocations, StringUtils.hasLength(response.nextToken()) ? response.nextToken() : null);
	}

	/**
	 * One invocation with its plugin details: one {@code ListCommandInvocations} call,
	 * the cheap question a polling row or detail page asks.
	 * @throws SsmNotFoundException when SSM lists no such invocation
	 */
	public InvocationView invocation(String commandId, String instanceId) {
		ListCommandInvocationsResponse response;
		try {
			ListCommandInvocationsRequest request = ListCommandInvocationsRequest.builder()
				.commandId(commandId)
				.instanceId(instanceId)
				.details(true)
				.build();
			response = this.calls.call("ListCommandInvocations", request,
					() -> this.client.listCommandInvocations(request));
		}
		catch (SdkException ex) {
			throw translate(ex, "ssm:ListCommandInvocations");
		}
		return response.commandInvocations()
			.stream()
			.findFirst()
			.map(this::view)
			.orElseThrow(() -> new SsmNotFoundException("SSM lists no invocation of command " + commandId + " on node "
					+ instanceId + " in " + this.region.id() + ".", null));
	}

	/**
	 * An invocation, as {@link #invocation} returned it, with the whole output of each
	 * plugin: one {@code GetCommandInvocation} call per plugin. A plugin whose output
	 * cannot be fetched keeps the list's output, and the detail says why.
	 */
	public InvocationDetail detail(InvocationView invocation) {
		String commandId = invocation.commandId();
		String instanceId = invocation.instanceId();
		List<PluginView> plugins = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		String failure = null;
		for (PluginView plugin : invocation.plugins()) {
			try {
				Optional<PluginOutput> output = fullOutput(commandId, instanceId, plugin.name());
				output.ifPresentOrElse((whole) -> plugins.add(plugin.withOutput(whole)), () -> {
					missing.add(plugin.name());
					plugins.add(plugin);
				});
			}
			catch (SsmUnavailableException ex) {
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

	/**
	 * The whole output of one plugin: one {@code GetCommandInvocation} call. Empty when
	 * SSM has no separate output for it yet (a fresh invocation) or no such plugin.
	 */
	public Optional<PluginOutput> fullOutput(String commandId, String instanceId, String pluginName) {
		GetCommandInvocationRequest request = GetCommandInvocationRequest.builder()
			.commandId(commandId)
			.instanceId(instanceId)
			.pluginName(pluginName)
			.build();
		try {
			GetCommandInvocationResponse response = this.calls.call("GetCommandInvocation", request,
					() -> this.client.getCommandInvocation(request));
			return Optional.of(PluginOutput.full(response.standardOutputContent(), response.standardErrorContent()));
		}
		catch (InvocationDoesNotExistException | InvalidPluginNameException ex) {
			return Optional.empty();
		}
		catch (SdkException ex) {
			throw translate(ex, "ssm:GetCommandInvocation");
		}
	}

	/**
	 * One page of {@code ListCommands}.
	 * @param nextToken the token of the previous page, or {@code null} for the first
	 */
	public Page<CommandView> listCommands(CommandQuery query, String nextToken) {
		List<CommandFilter> filters = filters(query.after(), query.before(), query.status(), query.document());
		if (query.stage() != null) {
			filters.add(filter(CommandFilterKey.EXECUTION_STAGE, query.stage()));
		}
		ListCommandsRequest.Builder request = ListCommandsRequest.builder()
			.maxResults(query.pageSize())
			.nextToken(nextToken);
		if (!filters.isEmpty()) {
			request.filters(filters);
		}
		ListCommandsResponse response;
		try {
			ListCommandsRequest built = request.build();
			response = this.calls.call("ListCommands", built, () -> this.client.listCommands(built));
		}
		catch (SdkException ex) {
			throw translate(ex, "ssm:ListCommands");
		}
		return new Page<>(response.commands().stream().map(SsmService::view).toList(),
				StringUtils.hasLength(response.nextToken()) ? response.nextToken() : null);
	}

	/**
	 * One command: one {@code ListCommands} call, the question a polling row asks.
	 * @throws SsmNotFoundException when SSM lists no such command
	 */
	public CommandView command(String commandId) {
		ListCommandsResponse response;
		try {
			ListCommandsRequest request = ListCommandsRequest.builder().commandId(commandId).build();
			response = this.calls.call("ListCommands", request, () -> this.client.listCommands(request));
		}
		catch (SdkException ex) {
			throw translate(ex, "ssm:ListCommands");
		}
		return response.commands()
			.stream()
			.findFirst()
			.map(SsmService::view)
			.orElseThrow(() -> new SsmNotFoundException(
					"SSM lists no command " + commandId + " in " + this.region.id() + ".", null));
	}

	private static CommandView view(Command command) {
		return new CommandView(command.commandId(), command.documentName(), command.documentVersion(),
				command.comment(), command.requestedDateTime(), command.statusAsString(), command.statusDetails(),
				zeroIfNull(command.targetCount()), zeroIfNull(command.completedCount()),
				zeroIfNull(command.errorCount()), zeroIfNull(command.deliveryTimedOutCount()));
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
		CloudWatchOutputConfig cloudWatch = invocation.cloudWatchOutputConfig();
		boolean cloudWatchEnabled = cloudWatch != null && Boolean.TRUE.equals(cloudWatch.cloudWatchOutputEnabled());
		String logGroup = null;
		if (cloudWatchEnabled) {
			logGroup = StringUtils.hasText(cloudWatch.cloudWatchLogGroupName()) ? cloudWatch.cloudWatchLogGroupName()
					: "/aws/ssm/" + invocation.documentName();
		}
		List<PluginView> plugins = new ArrayList<>();
		for (CommandPlugin plugin : invocation.commandPlugins()) {
			plugins.add(plugin(invocation, plugin, logGroup));
		}
		List<OutputLink> links = new ArrayList<>();
		OutputLinks.s3("s3-stdout", "stdout in S3", invocation.standardOutputUrl()).ifPresent(links::add);
		OutputLinks.s3("s3-stderr", "stderr in S3", invocation.standardErrorUrl()).ifPresent(links::add);
		if (logGroup != null) {
			links.add(OutputLinks.cloudWatchStreams("cloudwatch", "CloudWatch Logs", this.region, logGroup,
					invocation.commandId(), invocation.instanceId()));
		}
		return new InvocationView(invocation.commandId(), invocation.instanceId(), invocation.instanceName(),
				invocation.comment(), invocation.documentName(), invocation.documentVersion(),
				invocation.requestedDateTime(), invocation.statusAsString(), invocation.statusDetails(),
				emptyToNull(invocation.serviceRole()), notification(invocation.notificationConfig()), cloudWatchEnabled,
				logGroup, plugins, links);
	}

	private PluginView plugin(CommandInvocation invocation, CommandPlugin plugin, String logGroup) {
		PluginOutput output = PluginOutput.parse(plugin.output());
		List<OutputLink> links = new ArrayList<>();
		OutputLinks.s3("s3-stdout", "stdout in S3", plugin.standardOutputUrl()).ifPresent(links::add);
		OutputLinks.s3("s3-stderr", "stderr in S3", plugin.standardErrorUrl()).ifPresent(links::add);
		if (logGroup != null && StringUtils.hasText(plugin.name())) {
			links.add(OutputLinks.cloudWatch("cloudwatch", "stdout in CloudWatch", this.region, logGroup,
					invocation.commandId(), invocation.instanceId(), plugin.name(), "stdout"));
			links.add(OutputLinks.cloudWatch("cloudwatch-stderr", "stderr in CloudWatch", this.region, logGroup,
					invocation.commandId(), invocation.instanceId(), plugin.name(), "stderr"));
		}
		String s3Location = StringUtils.hasText(plugin.outputS3BucketName()) ? "s3://" + plugin.outputS3BucketName()
				+ "/" + Objects.requireNonNullElse(plugin.outputS3KeyPrefix(), "") : null;
		return new PluginView(plugin.name(), plugin.statusAsString(), plugin.statusDetails(), plugin.responseCode(),
				plugin.responseStartDateTime(), plugin.responseFinishDateTime(), output, s3Location, links,
				OutputLinks.s3Location(plugin.standardOutputUrl()).orElse(null),
				OutputLinks.s3Location(plugin.standardErrorUrl()).orElse(null));
	}

	private static String notification(NotificationConfig config) {
		if (config == null || !StringUtils.hasText(config.notificationArn())) {
			return null;
		}
		String events = config.hasNotificationEvents()
				? " on " + String.join(", ", config.notificationEventsAsStrings()) : "";
		String type = (config.notificationType() != null) ? " (per " + config.notificationTypeAsString() + ")" : "";
		return config.notificationArn() + events + type;
	}

	private static String emptyToNull(String value) {
		return StringUtils.hasText(value) ? value : null;
	}

	/**
	 * The refusal of STS behind a failure to load assumed-role credentials, if that is
	 * what it is.
	 */
	private static StsException stsCause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof StsException sts) {
				return sts;
			}
		}
		return null;
	}

	/**
	 * Turns an SDK failure into an exception whose message a person can act on. The SDK
	 * has already retried what it considers retryable.
	 */
	private RuntimeException translate(SdkException ex, String action) {
		if (ex instanceof InvalidNextTokenException) {
			return new InvalidQueryException("nextToken", "nextToken: SSM no longer accepts this page token "
					+ "(tokens expire, and belong to one query). Reload the list to start from the first page.");
		}
		if (ex instanceof InvalidCommandIdException || ex instanceof InvocationDoesNotExistException) {
			return new SsmNotFoundException("SSM knows no command with that ID in " + this.region.id() + ".", ex);
		}
		if (ex instanceof InvalidInstanceIdException) {
			return new SsmNotFoundException("SSM knows no managed node with that ID in " + this.region.id() + ".", ex);
		}
		if (ex instanceof InvalidFilterKeyException) {
			return new InvalidQueryException("filter", "SSM refused a filter of this query: " + ex.getMessage());
		}
		StsException sts = stsCause(ex);
		if (sts != null) {
			logger.warn("Cannot assume the role to call " + action + ": " + sts.getMessage());
			return new SsmUnavailableException(HttpStatus.BAD_GATEWAY,
					"Runboard could not assume its role in this account (" + sts.awsErrorDetails().errorCode()
							+ "). Check the role's trust policy and external ID, and that Runboard may call "
							+ "sts:AssumeRole on it (docs/accounts.md).",
					null, ex);
		}
		if (ex instanceof AwsServiceException service) {
			String code = (service.awsErrorDetails() != null) ? service.awsErrorDetails().errorCode() : "";
			if (service.isThrottlingException()) {
				logger.warn("SSM throttled " + action + " after retries: " + code);
				return new SsmUnavailableException(HttpStatus.SERVICE_UNAVAILABLE,
						"AWS is throttling Systems Manager requests for this account and region, even after "
								+ "Runboard's retries. Wait a few seconds and try again.",
						Duration.ofSeconds(5), ex);
			}
			if (AwsErrorCodes.ACCESS_DENIED.contains(code)) {
				logger.warn("SSM denied " + action + ": " + service.getMessage());
				return new SsmUnavailableException(HttpStatus.BAD_GATEWAY, "AWS denied Runboard's request: its IAM "
						+ "role needs the " + action + " permission in " + this.region.id() + ".", null, ex);
			}
			if (AwsErrorCodes.INVALID_CREDENTIALS.contains(code)) {
				logger.warn("SSM rejected the credentials for " + action + ": " + service.getMessage());
				return new SsmUnavailableException(HttpStatus.BAD_GATEWAY, AwsErrorCodes.INVALID_CREDENTIALS_SENTENCE,
						null, ex);
			}
			if (AwsErrorCodes.EXPIRED_CREDENTIALS.contains(code)) {
				logger.warn("SSM rejected expired credentials for " + action + ": " + service.getMessage());
				return new SsmUnavailableException(HttpStatus.BAD_GATEWAY,
						"The AWS credentials Runboard uses have expired; renew them (or the role session) and "
								+ "reload.",
						null, ex);
			}
			logger.warn("SSM failed " + action + " with " + code + " (HTTP " + service.statusCode() + ")", ex);
			return new SsmUnavailableException(HttpStatus.BAD_GATEWAY,
					"Systems Manager answered " + action + " with an error (" + code + "). Try again shortly.", null,
					ex);
		}
		if (ex instanceof SdkClientException && String.valueOf(ex.getMessage()).contains("credentials")) {
			logger.warn("No AWS credentials for " + action + ": " + ex.getMessage());
			return new SsmUnavailableException(HttpStatus.SERVICE_UNAVAILABLE,
					"Runboard found no AWS credentials. Provide them through the SDK's default chain: environment, "
							+ "profile, web identity (IRSA), ECS task role or instance profile.",
					null, ex);
		}
		logger.warn("Cannot reach SSM for " + action + ": " + ex.getMessage());
		return new SsmUnavailableException(HttpStatus.SERVICE_UNAVAILABLE,
				"Runboard cannot reach AWS Systems Manager in " + this.region.id()
						+ " right now. Check the network path to the SSM endpoint and try again.",
				Duration.ofSeconds(10), ex);
	}

}
