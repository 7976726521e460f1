package dev.runboard.ssm.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import dev.runboard.ssm.sandbox.SandboxInvocation.SandboxPlugin;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmServiceClientConfiguration;
import software.amazon.awssdk.services.ssm.model.CloudWatchOutputConfig;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.InvalidFilterKeyException;
import software.amazon.awssdk.services.ssm.model.InvalidFilterValueException;
import software.amazon.awssdk.services.ssm.model.InvalidNextTokenException;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;
import software.amazon.awssdk.services.ssm.model.NotificationConfig;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.regions.Region;

/**
 * The sandbox: an {@link SsmClient} answering from {@link SandboxFleet} with the service's
 * semantics (filters, page sizes, opaque tokens, the same exceptions), so the sandbox
 * exercises exactly the code paths that serve a real account.
 */
public class SandboxSsmClient implements SsmClient {

	/** What the agent keeps of each stream in list responses. */
	static final int LIST_OUTPUT_LIMIT = 2500;

	private static final Set<String> DETAIL_STATUSES = Set.of("AccessDenied", "DeliveryTimedOut",
			"ExecutionTimedOut", "Undeliverable", "InvalidPlatform", "Terminated");

	private final SandboxFleet fleet;

	private final Clock clock;

	private final Region region;

	public SandboxSsmClient(SandboxFleet fleet, Clock clock, Region region) {
		this.fleet = fleet;
		this.clock = clock;
		this.region = region;
	}

	@Override
	public ListCommandInvocationsResponse listCommandInvocations(ListCommandInvocationsRequest request) {
		int maxResults = (request.maxResults() != null) ? request.maxResults() : 50;
		if (maxResults < 1 || maxResults > 50) {
			throw validation("1 validation error detected: Value '" + maxResults
					+ "' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 50");
		}
		Instant now = this.clock.instant();
		Predicate<SandboxInvocation> matches = filter(request, now);
		String fingerprint = Integer.toHexString(Objects.hash(request.commandId(), request.instanceId(),
				request.filters(), request.details()));
		int offset = offset(request.nextToken(), fingerprint);
		List<CommandInvocation> page = new ArrayList<>();
		boolean more = false;
		int index = 0;
		for (SandboxInvocation invocation : this.fleet.invocations()) {
			if (!matches.test(invocation)) {
				continue;
			}
			if (index >= offset) {
				if (page.size() == maxResults) {
					more = true;
					break;
				}
				page.add(toSdk(invocation, now, Boolean.TRUE.equals(request.details())));
			}
			index++;
		}
		return ListCommandInvocationsResponse.builder()
			.commandInvocations(page)
			.nextToken(more ? token(offset + page.size(), fingerprint) : null)
			.build();
	}

	private Predicate<SandboxInvocation> filter(ListCommandInvocationsRequest request, Instant now) {
		Predicate<SandboxInvocation> matches = (invocation) -> true;
		if (request.commandId() != null) {
			matches = matches.and((invocation) -> invocation.command().commandId().equals(request.commandId()));
		}
		if (request.instanceId() != null) {
			matches = matches.and((invocation) -> invocation.instanceId().equals(request.instanceId()));
		}
		Set<String> keys = new HashSet<>();
		for (CommandFilter filter : request.filters()) {
			String key = filter.keyAsString();
			String value = filter.value();
			if (!keys.add(key)) {
				throw InvalidFilterKeyException.builder().message("Duplicate filter key " + key).build();
			}
			matches = matches.and(switch (key) {
				case "InvokedAfter" -> {
					Instant after = instant(value);
					yield (invocation) -> !invocation.command().requestedAt().isBefore(after);
				}
				case "InvokedBefore" -> {
					Instant before = instant(value);
					yield (invocation) -> !invocation.command().requestedAt().isAfter(before);
				}
				case "DocumentName" -> (invocation) -> invocation.command().documentName().equals(value);
				case "Status" -> status(value, now);
				default -> throw InvalidFilterKeyException.builder()
					.message("Filter key " + key + " is not valid for ListCommandInvocations")
					.build();
			});
		}
		return matches;
	}

	private static Predicate<SandboxInvocation> status(String value, Instant now) {
		if (DETAIL_STATUSES.contains(value)) {
			return (invocation) -> value.equals(invocation.statusDetailsAt(now));
		}
		return (invocation) -> value.equals(invocation.statusAt(now));
	}

	private static Instant instant(String value) {
		try {
			return Instant.parse(value);
		}
		catch (DateTimeException ex) {
			throw InvalidFilterValueException.builder().message("Invalid filter value " + value).build();
		}
	}

	private static int offset(String token, String fingerprint) {
		if (token == null) {
			return 0;
		}
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
			if (parts.length == 3 && parts[0].equals("sbx1") && parts[2].equals(fingerprint)) {
				return Integer.parseInt(parts[1]);
			}
		}
		catch (IllegalArgumentException ex) {
			// fall through: SSM answers any token it did not issue the same way
		}
		throw InvalidNextTokenException.builder().message("The specified token is not valid.").build();
	}

	private static String token(int offset, String fingerprint) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("sbx1|" + offset + "|" + fingerprint).getBytes(StandardCharsets.UTF_8));
	}

	private CommandInvocation toSdk(SandboxInvocation invocation, Instant now, boolean details) {
		SandboxCommand command = invocation.command();
		CommandInvocation.Builder builder = CommandInvocation.builder()
			.commandId(command.commandId())
			.instanceId(invocation.instanceId())
			.instanceName(invocation.instanceName())
			.comment(command.comment())
			.documentName(command.documentName())
			.documentVersion(command.documentVersion())
			.requestedDateTime(command.requestedAt())
			.status(invocation.statusAt(now))
			.statusDetails(invocation.statusDetailsAt(now))
			.traceOutput("")
			.serviceRole((command.serviceRole() != null) ? command.serviceRole() : "")
			.notificationConfig(NotificationConfig.builder().notificationArn("").build())
			.cloudWatchOutputConfig(CloudWatchOutputConfig.builder()
				.cloudWatchOutputEnabled(command.cloudWatchGroup() != null)
				.cloudWatchLogGroupName(Objects.requireNonNullElse(command.cloudWatchGroup(), ""))
				.build());
		if (invocation.plugins().size() == 1) {
			builder.standardOutputUrl(s3Url(command, invocation, invocation.plugins().get(0), "stdout"))
				.standardErrorUrl(s3Url(command, invocation, invocation.plugins().get(0), "stderr"));
		}
		else {
			builder.standardOutputUrl("").standardErrorUrl("");
		}
		if (details) {
			builder.commandPlugins(invocation.plugins().stream().map((plugin) -> plugin(command, invocation, plugin, now)).toList());
		}
		return builder.build();
	}

	private CommandPlugin plugin(SandboxCommand command, SandboxInvocation invocation, SandboxPlugin plugin,
			Instant now) {
		boolean running = invocation.runningAt(now);
		String output = running ? "" : listOutput(plugin.stdout(), plugin.stderr());
		return CommandPlugin.builder()
			.name(plugin.name())
			.status(running ? "InProgress" : plugin.status())
			.statusDetails(running ? "InProgress" : plugin.statusDetails())
			.responseCode(running ? -1 : plugin.responseCode())
			.responseStartDateTime(plugin.startedAt())
			.responseFinishDateTime(running ? null : plugin.finishedAt())
			.output(output)
			.standardOutputUrl(s3Url(command, invocation, plugin, "stdout"))
			.standardErrorUrl(s3Url(command, invocation, plugin, "stderr"))
			.outputS3Region((command.s3Bucket() != null) ? this.region.id() : "")
			.outputS3BucketName(Objects.requireNonNullElse(command.s3Bucket(), ""))
			.outputS3KeyPrefix(Objects.requireNonNullElse(command.s3Prefix(), ""))
			.build();
	}

	/** The agent's packing of both streams into one field, each cut to the list limit. */
	static String listOutput(String stdout, String stderr) {
		String out = cut(stdout, "\n---Output truncated---");
		if (stderr.isEmpty()) {
			return out;
		}
		return out + "\n----------ERROR-------\n" + cut(stderr, "\n---Error truncated----");
	}

	private static String cut(String text, String marker) {
		if (text.length() <= LIST_OUTPUT_LIMIT) {
			return text;
		}
		return text.substring(0, LIST_OUTPUT_LIMIT - marker.length()) + marker;
	}

	private String s3Url(SandboxCommand command, SandboxInvocation invocation, SandboxPlugin plugin, String stream) {
		if (command.s3Bucket() == null) {
			return "";
		}
		String pluginDirectory = plugin.name().replace(":", "");
		return "https://s3." + this.region.id() + ".amazonaws.com/" + command.s3Bucket() + "/" + command.s3Prefix()
				+ "/" + command.commandId() + "/" + invocation.instanceId() + "/" + pluginDirectory + "/0."
				+ pluginDirectory + "/" + stream;
	}

	private static SsmException validation(String message) {
		return (SsmException) SsmException.builder()
			.message(message)
			.statusCode(400)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").errorMessage(message).build())
			.build();
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
