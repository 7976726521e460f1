package dev.runboard.ssm;

import java.net.URI;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Runboard reads Run Command data from.
 *
 * @param source {@code sandbox} (built-in data set) or {@code aws}
 * @param region AWS region; when empty the SDK's default region chain decides
 * @param endpoint optional endpoint override (VPC endpoint, local emulator)
 */
@Validated
@ConfigurationProperties("runboard.ssm")
public record SsmProperties(@NotNull @DefaultValue("sandbox") Source source,
		@Pattern(regexp = "[a-z]{2}(-[a-z]+)+-\\d", message = "must be an AWS region name such as eu-west-1") String region,
		URI endpoint) {

	public enum Source {

		SANDBOX, AWS

	}

	public boolean sandbox() {
		return this.source == Source.SANDBOX;
	}

}
