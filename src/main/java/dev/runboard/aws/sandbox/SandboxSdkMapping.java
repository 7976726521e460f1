package dev.runboard.aws.sandbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.runboard.aws.PluginOutput;
import dev.runboard.aws.sandbox.SandboxInvocation.SandboxPlugin;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.Alarm;
import software.amazon.awssdk.services.ssm.model.AlarmConfiguration;
import software.amazon.awssdk.services.ssm.model.CloudWatchOutputConfig;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.NotificationConfig;
import software.amazon.awssdk.services.ssm.model.NotificationEvent;
import software.amazon.awssdk.services.ssm.model.NotificationType;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.Target;

/**
 * The sandbox fleet's commands and invocations in the SDK's shapes, as SSM describes them
 * (empty strings where SSM sends them, output URLs as the agent writes them, output cut
 * as lists cut it), and a {@code SendCommand} request in the fleet's.
 */
final class SandboxSdkMapping {

	private final Region region;

	SandboxSdkMapping(Region region) {
		this.region = region;
	}

	Region region() {
		return this.region;
	}

	/** What a {@code SendCommand} request says a command is sent with. */
	SandboxCommand command(String commandId, SendCommandRequest request, Instant now) {
		Map<String, List<String>> targetMap = new LinkedHashMap<>();
		request.targets().forEach((target) -> targetMap.put(target.key(), target.values()));
		CloudWatchOutputConfig cloudWatch = request.cloudWatchOutputConfig();
		NotificationConfig notification = request.notificationConfig();
		return new SandboxCommand(commandId, request.documentName(),
				Objects.requireNonNullElse(request.documentVersion(), "1"),
				Objects.requireNonNullElse(request.comment(), ""), now, emptyToNull(request.outputS3BucketName()),
				emptyToNull(request.outputS3KeyPrefix()),
				(cloudWatch != null && Boolean.TRUE.equals(cloudWatch.cloudWatchOutputEnabled()))
						? Objects.requireNonNullElse(cloudWatch.cloudWatchLogGroupName(), "") : null,
				emptyToNull(request.serviceRoleArn()), request.parameters(), targetMap,
				Objects.requireNonNullElse(request.maxConcurrency(), "50"),
				Objects.requireNonNullElse(request.maxErrors(), "0"),
				Objects.requireNonNullElse(request.timeoutSeconds(), 3600),
				(notification != null) ? emptyToNull(notification.notificationArn()) : null,
				(request.alarmConfiguration() != null)
						? request.alarmConfiguration().alarms().stream().map(Alarm::name).toList() : List.of());
	}

	private static String emptyToNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	/** A command as {@code ListCommands} describes it, without its status and counts. */
	Command command(SandboxCommand command) {
		Command.Builder builder = Command.builder()
			.commandId(command.commandId())
			.documentName(command.documentName())
			.documentVersion(command.documentVersion())
			.comment(command.comment())
			.requestedDateTime(command.requestedAt())
			.expiresAfter(command.requestedAt().plusSeconds(command.timeoutSeconds()))
			.parameters(command.parameters())
			.targets(command.targets()
				.entrySet()
				.stream()
				.map((target) -> Target.builder().key(target.getKey()).values(target.getValue()).build())
				.toList())
			.maxConcurrency(command.maxConcurrency())
			.maxErrors(command.maxErrors())
			.timeoutSeconds(command.timeoutSeconds())
			.serviceRole(Objects.requireNonNullElse(command.serviceRole(), ""))
			.notificationConfig((command.notificationArn() != null) ? NotificationConfig.builder()
				.notificationArn(command.notificationArn())
				.notificationEvents(NotificationEvent.FAILED, NotificationEvent.TIMED_OUT)
				.notificationType(NotificationType.COMMAND)
				.build() : NotificationConfig.builder().notificationArn("").build())
			.cloudWatchOutputConfig(CloudWatchOutputConfig.builder()
				.cloudWatchOutputEnabled(command.cloudWatchGroup() != null)
				.cloudWatchLogGroupName(Objects.requireNonNullElse(command.cloudWatchGroup(), ""))
				.build())
			.outputS3Region((command.s3Bucket() != null) ? this.region.id() : "")
			.outputS3BucketName(Objects.requireNonNullElse(command.s3Bucket(), ""))
			.outputS3KeyPrefix(Objects.requireNonNullElse(command.s3Prefix(), ""));
		if (!command.alarms().isEmpty()) {
			builder.alarmConfiguration(AlarmConfiguration.builder()
				.ignorePollAlarmFailure(false)
				.alarms(command.alarms().stream().map((name) -> Alarm.builder().name(name).build()).toList())
				.build());
		}
		return builder.build();
	}

	/**
	 * An invocation as {@code ListCommandInvocations} describes it at {@code now}, with
	 * plugin details.
	 */
	CommandInvocation invocation(SandboxInvocation invocation, Instant now) {
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
		builder.commandPlugins(
				invocation.plugins().stream().map((plugin) -> plugin(command, invocation, plugin, now)).toList());
		return builder.build();
	}

	private CommandPlugin plugin(SandboxCommand command, SandboxInvocation invocation, SandboxPlugin plugin,
			Instant now) {
		boolean running = invocation.runningAt(now);
		boolean cancelled = !running && invocation.cancelled();
		boolean started = plugin.startedAt() != null && !now.isBefore(plugin.startedAt())
				&& (invocation.cancelledAt() == null || plugin.startedAt().isBefore(invocation.cancelledAt()));
		String output = (running || cancelled) ? "" : listOutput(plugin.stdout(), plugin.stderr());
		String status = running ? invocation.statusAt(now) : cancelled ? "Cancelled" : plugin.status();
		return CommandPlugin.builder()
			.name(plugin.name())
			.status(status)
			.statusDetails(running || cancelled ? status : plugin.statusDetails())
			.responseCode((running || cancelled) ? -1 : plugin.responseCode())
			.responseStartDateTime(started ? plugin.startedAt() : null)
			.responseFinishDateTime(running ? null : cancelled ? invocation.endsAt() : plugin.finishedAt())
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
		String out = cut(stdout, PluginOutput.OUTPUT_TRUNCATED);
		if (stderr.isEmpty()) {
			return out;
		}
		return out + PluginOutput.ERROR_SEPARATOR + cut(stderr, PluginOutput.ERROR_TRUNCATED);
	}

	private static String cut(String text, String marker) {
		if (text.length() <= PluginOutput.LIST_LIMIT) {
			return text;
		}
		return text.substring(0, PluginOutput.LIST_LIMIT - marker.length()) + marker;
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

}
