package dev.runboard.aws;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The AWS accounts one deployment reads, each through a read-only role it assumes with
 * its own credentials (see {@code docs/accounts.md}). When none is configured, Runboard
 * reads the account of its own credentials.
 *
 * @param accounts the accounts, the first being the default of single-account views
 * @param stsEndpoint optional STS endpoint override (a VPC endpoint, a local emulator)
 */
@Validated
@ConfigurationProperties("runboard")
public record AccountProperties(List<@Valid Account> accounts, URI stsEndpoint) {

	public AccountProperties {
		accounts = (accounts != null) ? List.copyOf(accounts) : List.of();
		if (accounts.stream().map(Account::name).distinct().count() != accounts.size()) {
			throw new IllegalArgumentException("runboard.accounts: each account needs a name of its own");
		}
	}

	/**
	 * @param name what the pages and the {@code account} parameter call it
	 * @param roleArn the read-only role to assume in that account
	 * @param externalId the external ID the role's trust policy requires, or empty
	 * @param regions the regions to read there; when empty, {@code runboard.ssm.regions}
	 * @param endpoint optional SSM endpoint override for this account, before those of
	 * {@code runboard.ssm}
	 */
	public record Account(
			@NotBlank @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}",
					message = "letters, digits, '_', '.' and '-', at most 64") String name,
			@NotNull @Pattern(regexp = "arn:aws[a-z-]*:iam::\\d{12}:role/.+",
					message = "must be an IAM role ARN such as arn:aws:iam::123456789012:role/runboard-read") String roleArn,
			String externalId, List<@Pattern(regexp = SsmProperties.REGION,
					message = "must be an AWS region name such as eu-west-1") String> regions,
			URI endpoint) {

		public Account {
			regions = (regions != null) ? List.copyOf(regions.stream().distinct().toList()) : List.of();
		}

	}

}
