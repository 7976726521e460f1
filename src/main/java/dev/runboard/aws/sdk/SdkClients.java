package dev.runboard.aws.sdk;

import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The SDK clients of one account and region, all made with that source's credentials,
 * region, endpoints, retries and timeouts.
 *
 * @param ssm reads Systems Manager
 * @param ssmWrites sends and cancels commands: it retries only what throttling refused,
 * never a call whose fate is unknown, so a retry can never send a command twice
 */
public record SdkClients(SsmClient ssm, SsmClient ssmWrites, S3Client s3, CloudWatchLogsClient logs) {

}
