package dev.runboard.aws.sdk;

import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The SDK clients of one account and region, all made with that source's credentials,
 * region, endpoints, retries and timeouts.
 */
public record SdkClients(SsmClient ssm, S3Client s3, CloudWatchLogsClient logs) {

}
