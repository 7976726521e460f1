package dev.runboard.output;

import java.time.Clock;

import dev.runboard.ssm.AwsClientSettings;
import dev.runboard.ssm.SsmProperties;
import dev.runboard.ssm.SsmService;
import dev.runboard.ssm.sandbox.SandboxLogsClient;
import dev.runboard.ssm.sandbox.SandboxS3Client;
import dev.runboard.ssm.sandbox.SandboxSsmClient;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The S3 and CloudWatch Logs clients that read whole output, built like the
 * {@link SsmClient} (region, credentials chain, retries, timeouts) and closed by Spring.
 * The sandbox serves its own data set through both.
 */
@Configuration(proxyBeanMethods = false)
class OutputConfiguration {

	@Bean
	S3Client outputS3Client(SsmService ssmService, SsmProperties ssm, OutputProperties output, Clock clock) {
		if (ssmService.client() instanceof SandboxSsmClient sandbox) {
			return new SandboxS3Client(sandbox.data(), clock);
		}
		S3ClientBuilder builder = AwsClientSettings.apply(S3Client.builder(), ssm);
		if (output.s3Endpoint() != null) {
			// Emulators and VPC endpoints named by address take the bucket in the path.
			builder.endpointOverride(output.s3Endpoint()).forcePathStyle(true);
		}
		else {
			// An output bucket may live in another region than SSM: follow S3's redirect.
			builder.crossRegionAccessEnabled(true);
		}
		return builder.build();
	}

	@Bean
	CloudWatchLogsClient outputLogsClient(SsmService ssmService, SsmProperties ssm, OutputProperties output,
			Clock clock) {
		if (ssmService.client() instanceof SandboxSsmClient sandbox) {
			return new SandboxLogsClient(sandbox.data(), clock);
		}
		CloudWatchLogsClientBuilder builder = AwsClientSettings.apply(CloudWatchLogsClient.builder(), ssm);
		if (output.logsEndpoint() != null) {
			builder.endpointOverride(output.logsEndpoint());
		}
		return builder.build();
	}

	@Bean
	OutputService outputService(S3Client outputS3Client, CloudWatchLogsClient outputLogsClient, OutputProperties output,
			MeterRegistry meters) {
		return new OutputService(outputS3Client, outputLogsClient, output, meters);
	}

}
