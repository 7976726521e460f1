package dev.runboard.ssm.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Objects;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmServiceClientConfiguration;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.InvalidFilterKeyException;
import software.amazon.awssdk.services.ssm.model.InvalidFilterValueException;
import software.amazon.awssdk.services.ssm.model.InvalidNextTokenException;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.regions.Region;

/**
 * The sandbox: an {@link SsmClient} answering from an in-memory data set (normally
 * {@link SandboxFleet}) with the service's semantics (filters, page sizes, opaque
 * tokens, the same exceptions), so the sandbox exercises exactly the code paths that
 * serve a real account.
 */
public class SandboxSsmClient implements SsmClient {

	private static final Set<String> DETAIL_STATUSES = Set.of("AccessDenied", "DeliveryTimedOut",
			"ExecutionTimedOut", "Undeliverable", "InvalidPlatform", "Terminated");

	private final Function<Instant, List<CommandInvocation>> invocations;

	private final Clock clock;

	private final Region region;

	/**
	 * @param invocations every invocation with its plugin details as of a moment, newest
	 * first: the data set this client pages and filters
	 */
	public SandboxSsmClient(Function<Instant, List<CommandInvocation>> invocations, Clock clock, Region region) {
		this.invocations = invocations;
		this.clock = clock;
		this.region = region;
	}

	public SandboxSsmClient(SandboxFleet fleet, Clock clock) {
		this(fleet::invocationsAt, clock, fleet.region());
	}

	@Override
	public ListCommandInvocationsResponse listCommandInvocations(ListCommandInvocationsRequest request) {
		int maxResults = (request.maxResults() != null) ? request.maxResults() : 50;
		if (maxResults < 1 || maxResults > 50) {
			throw validation("1 validation error detected: Value '" + maxResults
					+ "' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 50");
		}
		Instant now = this.clock.instant();
		Predicate<CommandInvocation> matches = filter(request);
		String fingerprint = Integer.toHexString(Objects.hash(request.commandId(), request.instanceId(),
				request.filters(), request.details()));
		int offset = offset(request.nextToken(), fingerprint);
		List<CommandInvocation> page = new ArrayList<>();
		boolean more = false;
		int index = 0;
		for (CommandInvocation invocation : this.invocations.apply(now)) {
			if (!matches.test(invocation)) {
				continue;
			}
			if (index >= offset) {
				if (page.size() == maxResults) {
					more = true;
					break;
				}
				page.add(Boolean.TRUE.equals(request.details()) ? invocation
						: invocation.toBuilder().commandPlugins((List<CommandPlugin>) null).build());
			}
			index++;
		}
		return ListCommandInvocationsResponse.builder()
			.commandInvocations(page)
			.nextToken(more ? token(offset + page.size(), fingerprint) : null)
			.build();
	}

	private static Predicate<CommandInvocation> filter(ListCommandInvocationsRequest request) {
		Predicate<CommandInvocation> matches = (invocation) -> true;
		if (request.commandId() != null) {
			matches = matches.and((invocation) -> invocation.commandId().equals(request.commandId()));
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
					yield (invocation) -> !invocation.requestedDateTime().isBefore(after);
				}
				case "InvokedBefore" -> {
					Instant before = instant(value);
					yield (invocation) -> !invocation.requestedDateTime().isAfter(before);
				}
				case "DocumentName" -> (invocation) -> value.equals(invocation.documentName());
				case "Status" -> status(value);
				default -> throw InvalidFilterKeyException.builder()
					.message("Filter key " + key + " is not valid for ListCommandInvocations")
					.build();
			});
		}
		return matches;
	}

	private static Predicate<CommandInvocation> status(String value) {
		if (DETAIL_STATUSES.contains(value)) {
			return (invocation) -> value.equals(invocation.statusDetails());
		}
		return (invocation) -> value.equals(invocation.statusAsString());
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
