package dev.runboard.aws;

/**
 * One account and region Runboard reads, with everything it calls there.
 *
 * @param account the account name as pages and the {@code account} parameter name it, or
 * {@code null} for the account of Runboard's own credentials
 * @param region the region, such as {@code eu-west-1}
 * @param runCommand the calls to SSM, S3 and CloudWatch Logs of this account and region,
 * made with its credentials
 */
public record Source(String account, String region, RunCommand runCommand) {

	/** How a row or error names this source: {@code account · region}, or the region. */
	public String label() {
		return label(this.account, this.region);
	}

	/** How pages and log lines name the source of {@code account} and {@code region}. */
	public static String label(String account, String region) {
		return (account != null) ? account + " · " + region : region;
	}

}
