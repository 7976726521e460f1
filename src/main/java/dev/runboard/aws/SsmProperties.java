package dev.runboard.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where Runboard reads Run Command data from, and how hard it may press.
 *
 * @param source {@code sandbox} (built-in data set) or {@code aws}
 * @param region AWS region; when empty the SDK's default region chain decides
 * @param regions the regions to offer, the first being the default of single-region
 * views; when empty, {@code region} alone
 * @param endpoint optional endpoint override (VPC endpoint, local emulator)
 * @param endpoints optional endpoint override per region, before {@code endpoint}
 * @param cacheTtl how long an SSM answer is reused for identical requests; 0 turns the
 * cache off
 * @param retryMode the SDK's retry mode: {@code standard} or {@code adaptive} (which also
 * slows down before AWS throttles)
 * @param maxAttempts attempts per call, the first included
 * @param apiCallTimeout the longest one call may take, retries included
 * @param apiCallAttemptTimeout the longest one attempt may take
 * @param maxConnections size of the HTTP connection pool to SSM
 * @param prefetch whether the page after a scrolled one is read in the background, so the
 * next scroll is answered from memory; views nobody scrolls are never read ahead
 * @param cacheMaxSize the most the answers kept may weigh, for every account and region
 * together: as much again for the answer cache and for the pages read ahead
 */
@Validated
@ConfigurationProperties("runboard.ssm")
public record SsmProperties(@NotNull @DefaultValue("sandbox") Source source,
		@Pattern(regexp = REGION, message = "must be an AWS region name such as eu-west-1") String region,
		List<@Pattern(regexp = REGION, message = "must be an AWS region name such as eu-west-1") String> regions,
		URI endpoint, Map<String, URI> endpoints, @NotNull @DefaultValue("5s") Duration cacheTtl,
		@NotNull @DefaultValue("standard") RetryMode retryMode, @Min(1) @Max(10) @DefaultValue("3") int maxAttempts,
		@NotNull @DefaultValue("20s") Duration apiCallTimeout,
		@NotNull @DefaultValue("5s") Duration apiCallAttemptTimeout,
		@Min(1) @Max(1000) @DefaultValue("50") int maxConnections, @DefaultValue("true") boolean prefetch,
		@NotNull @DefaultValue("64MB") DataSize cacheMaxSize) {

	static final String REGION = "[a-z]{2}(-[a-z]+)+-\\d";

	public enum Source {

		SANDBOX, AWS

	}

	public enum RetryMode {

		STANDARD, ADAPTIVE

	}

	public SsmProperties {
		if (cacheTtl != null && cacheTtl.isNegative()) {
			throw new IllegalArgumentException("runboard.ssm.cache-ttl must be 0 (off) or positive, not " + cacheTtl);
		}
		endpoints = (endpoints != null) ? Map.copyOf(endpoints) : Map.of();
		regions = (regions != null) ? List.copyOf(regions.stream().distinct().toList()) : List.of();
	}

	/** The endpoint override of {@code region}, or {@code null} for the SDK's own. */
	public URI endpoint(String region) {
		return (region != null && this.endpoints.containsKey(region)) ? this.endpoints.get(region) : this.endpoint;
	}

	public boolean sandbox() {
		return this.source == Source.SANDBOX;
	}

}
