package dev.runboard.aws.sdk;

import dev.runboard.aws.AccountProperties.Account;

/**
 * Makes the SDK clients of each account and region Runboard reads: real ones for the
 * {@code aws} source ({@link AwsClientFactory}), the sandbox's for the {@code sandbox}
 * source. Configuration picks one; everything above it is the same code.
 */
public interface SdkClientFactory extends AutoCloseable {

	/**
	 * @param account the account to read through its role, or {@code null} for the
	 * account of Runboard's own credentials
	 * @param region the region, or {@code null} for the SDK's default region chain
	 * @param index the source's place in configuration order
	 */
	SdkClients clients(Account account, String region, int index);

	/** Closes every client and credentials provider it made. */
	@Override
	void close();

}
