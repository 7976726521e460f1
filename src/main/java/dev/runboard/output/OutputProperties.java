package dev.runboard.output;

import java.net.URI;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the whole output of a plugin is read from S3 and CloudWatch Logs. Region,
 * credentials, retries and timeouts are those of {@code runboard.ssm.*}.
 *
 * @param maxBytes how much one read shows: the size of each S3 range request, and where
 * paging a log stream stops until the user asks for more
 * @param logEventsLimit the {@code limit} of each {@code GetLogEvents} call, 1 to 10,000
 * @param s3Endpoint optional S3 endpoint override (VPC endpoint, local emulator); objects
 * are then addressed path-style
 * @param logsEndpoint optional CloudWatch Logs endpoint override
 */
@Validated
@ConfigurationProperties("runboard.output")
public record OutputProperties(@NotNull @DefaultValue("256KB") DataSize maxBytes,
		@Min(1) @Max(10_000) @DefaultValue("1000") int logEventsLimit, URI s3Endpoint, URI logsEndpoint) {

	private static final DataSize SMALLEST = DataSize.ofKilobytes(1);

	private static final DataSize LARGEST = DataSize.ofMegabytes(16);

	public OutputProperties {
		if (maxBytes != null && (maxBytes.compareTo(SMALLEST) < 0 || maxBytes.compareTo(LARGEST) > 0)) {
			throw new IllegalArgumentException(
					"runboard.output.max-bytes must be from 1KB to 16MB, not " + maxBytes.toBytes() + " bytes");
		}
	}

}
