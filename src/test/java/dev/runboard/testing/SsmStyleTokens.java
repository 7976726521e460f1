package dev.runboard.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmServiceClientConfiguration;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationRequest;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;
import software.amazon.awssdk.services.ssm.model.ListCommandsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandsResponse;

/**
 * Wraps an {@link SsmClient} so that its page tokens look like the service's: standard
 * Base64 with {@code +}, {@code /} and {@code =} in them. The sandbox issues URL-safe
 * tokens, which would hide any place where a token loses characters on its way through a
 * URL.
 */
public final class SsmStyleTokens implements SsmClient {

	/** Encodes as {@code ++++////}: every token carries the characters URLs mangle. */
	private static final byte[] PREFIX = { (byte) 0xFB, (byte) 0xEF, (byte) 0xBE, (byte) 0xFF, (byte) 0xFF,
			(byte) 0xFF };

	private final SsmClient delegate;

	public SsmStyleTokens(SsmClient delegate) {
		this.delegate = delegate;
	}

	@Override
	public ListCommandInvocationsResponse listCommandInvocations(ListCommandInvocationsRequest request) {
		ListCommandInvocationsResponse response = this.delegate
			.listCommandInvocations(request.toBuilder().nextToken(inner(request.nextToken())).build());
		return response.toBuilder().nextToken(outer(response.nextToken())).build();
	}

	private static String outer(String token) {
		if (token == null) {
			return null;
		}
		byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
		byte[] wrapped = Arrays.copyOf(PREFIX, PREFIX.length + bytes.length);
		System.arraycopy(bytes, 0, wrapped, PREFIX.length, bytes.length);
		return Base64.getEncoder().encodeToString(wrapped);
	}

	private static String inner(String token) {
		if (token == null) {
			return null;
		}
		try {
			byte[] wrapped = Base64.getDecoder().decode(token);
			if (wrapped.length > PREFIX.length && Arrays.equals(Arrays.copyOf(wrapped, PREFIX.length), PREFIX)) {
				return new String(wrapped, PREFIX.length, wrapped.length - PREFIX.length, StandardCharsets.UTF_8);
			}
		}
		catch (IllegalArgumentException ex) {
			// not one of ours: let the delegate refuse it as the service would
		}
		return "not-a-token-" + token.length();
	}

	/** Single invocations carry no page token: straight through. */
	@Override
	public GetCommandInvocationResponse getCommandInvocation(GetCommandInvocationRequest request) {
		return this.delegate.getCommandInvocation(request);
	}

	/** Commands as the delegate lists them, its own tokens included. */
	@Override
	public ListCommandsResponse listCommands(ListCommandsRequest request) {
		return this.delegate.listCommands(request);
	}

	@Override
	public String serviceName() {
		return this.delegate.serviceName();
	}

	@Override
	public SsmServiceClientConfiguration serviceClientConfiguration() {
		return this.delegate.serviceClientConfiguration();
	}

	@Override
	public void close() {
		this.delegate.close();
	}

}
