package dev.runboard.aws;

import java.net.URI;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the whole output of a plugin is read from S3 and CloudWatch Logs. Credentials,
 * region, retries and timeouts are those of the account and region the invocation belongs
 * to.
 *
 * @param maxBytes how much one read shows: the size of each S3 range request, and where
 * paging a log stream stops until the user asks for more
 * @param logEventsLimit the {@code limit} of each {@code GetLogEvents} call, 1 to 10,000
 * @param s3Endpoint optional S3 endpoint override (VPC endpoint, local emulator); objects
 * are then addressed path-style
 * @param s3Endpoints optional S3 endpoint override per region, before {@code s3Endpoint}
 * @param logsEndpoint optional CloudWatch Logs endpoint override
 * @param logsEndpoints optional CloudWatch Logs endpoint override per region, before
 * {@code logsEndpoint}
 */
@Validated
@ConfigurationProperties("runboard.output")
public record OutputProperties(@NotNull @DefaultValue("256KB") DataSize maxBytes,
		@Min(1) @Max(10_000) @DefaultValue("1000") int logEventsLimit, URI s3Endpoint, Map<String, URI> s3Endpoints,
		URI logsEndpoint, Map<String, URI> logsEndpoints) {

	private static final DataSize SMALLEST = DataSize.ofKilobytes(1);

	private static final DataSize LARGEST = DataSize.ofMegabytes(16);

	public OutputProperties {
		if (maxBytes != null && (maxBytes.compareTo(SMALLEST) < 0 || maxBytes.compareTo(LARGEST) > 0)) {
			throw new IllegalArgumentException(
					"runboard.output.max-bytes must be from 1KB to 16MB, not " + maxBytes.toBytes() + " bytes");
		}
		s3Endpoints = (s3Endpoints != null) ? Map.copyOf(s3Endpoints) : Map.of();
		logsEndpoints = (logsEndpoints != null) ? Map.copyOf(logsEndpoints) : Map.of();
	}

	/** The S3 endpoint override of {@code region}, or {@code null} for the SDK's own. */
	public URI s3Endpoint(String region) {
		return (region != null && this.s3Endpoints.containsKey(region)) ? this.s3Endpoints.get(region)
				: this.s3Endpoint;
	}

	/**
	 * The CloudWatch Logs endpoint override of {@code region}, or {@code null} for the
	 * SDK's own.
	 */
	public URI logsEndpoint(String region) {
		return (region != null && this.logsEndpoints.containsKey(region)) ? this.logsEndpoints.get(region)
				: this.logsEndpoint;
	}

}
