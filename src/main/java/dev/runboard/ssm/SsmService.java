package dev.runboard.ssm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.InvalidCommandIdException;
import software.amazon.awssdk.services.ssm.model.InvalidFilterKeyException;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.InvalidNextTokenException;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;

/**
 * The boundary to Systems Manager: turns validated queries into SDK requests, exactly one
 * call per page, and SDK responses and errors into Runboard's own types. Nothing above
 * this class sees an SDK type.
 */
public class SsmService {

	private static final Log logger = LogFactory.getLog(SsmService.class);

	private static final Set<String> ACCESS_DENIED = Set.of("AccessDeniedException", "AccessDenied",
			"UnauthorizedOperation", "UnrecognizedClientException", "InvalidClientTokenId");

	private static final Set<String> EXPIRED_CREDENTIALS = Set.of("ExpiredTokenException", "ExpiredToken",
			"RequestExpired");

	private final SsmClient client;

	private final Region region;

	public SsmService(SsmClient client, Region region) {
		this.client = client;
		this.region = region;
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
		List<CommandFilter> filters = filters(query);
		if (!filters.isEmpty()) {
			request.filters(filters);
		}
		ListCommandInvocationsResponse response;
		try {
			response = this.client.listCommandInvocations(request.build());
		}
		catch (SdkException ex) {
			throw translate(ex, "ssm:ListCommandInvocations");
		}
		List<InvocationView> invocations = response.commandInvocations().stream().map(this::view).toList();
		return new Page<>(invocations, StringUtils.hasLength(response.nextToken()) ? response.nextToken() : null);
	}

	private static List<CommandFilter> filters(InvocationQuery query) {
		List<CommandFilter> filters = new ArrayList<>();
		if (query.after() != null) {
			filters.add(filter(CommandFilterKey.INVOKED_AFTER, query.after().toString()));
		}
		if (query.before() != null) {
			filters.add(filter(CommandFilterKey.INVOKED_BEFORE, query.before().toString()));
		}
		if (query.status() != null) {
			filters.add(filter(CommandFilterKey.STATUS, query.status()));
		}
		if (query.document() != null) {
			filters.add(filter(CommandFilterKey.DOCUMENT_NAME, query.document()));
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
				invocation.serviceRole(), cloudWatchEnabled, logGroup, plugins, links);
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
		return new PluginView(plugin.name(), plugin.statusAsString(), plugin.statusDetails(), plugin.responseCode(),
				plugin.responseStartDateTime(), plugin.responseFinishDateTime(), output, links);
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
		if (ex instanceof InvalidCommandIdException) {
			return new SsmNotFoundException("SSM knows no command with that ID in " + this.region.id() + ".", ex);
		}
		if (ex instanceof InvalidInstanceIdException) {
			return new SsmNotFoundException("SSM knows no managed node with that ID in " + this.region.id() + ".",
					ex);
		}
		if (ex instanceof InvalidFilterKeyException) {
			return new InvalidQueryException("filter", "SSM refused a filter of this query: " + ex.getMessage());
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
			if (ACCESS_DENIED.contains(code)) {
				logger.warn("SSM denied " + action + ": " + service.getMessage());
				return new SsmUnavailableException(HttpStatus.BAD_GATEWAY, "AWS denied Runboard's request: its IAM "
						+ "role needs the " + action + " permission in " + this.region.id() + ".", null, ex);
			}
			if (EXPIRED_CREDENTIALS.contains(code)) {
				logger.warn("SSM rejected expired credentials for " + action + ": " + service.getMessage());
				return new SsmUnavailableException(HttpStatus.BAD_GATEWAY,
						"The AWS credentials Runboard uses have expired; renew them (or the role session) and "
								+ "reload.",
						null, ex);
			}
			logger.warn("SSM failed " + action + " with " + code + " (HTTP " + service.statusCode() + ")", ex);
			return new SsmUnavailableException(HttpStatus.BAD_GATEWAY,
					"Systems Manager answered " + action + " with an error (" + code + "). Try again shortly.",
					null, ex);
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
