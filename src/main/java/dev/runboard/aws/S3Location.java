package dev.runboard.aws;

/**
 * One S3 object SSM says a plugin wrote its output to, read from the plugin's
 * {@code StandardOutputUrl} or {@code StandardErrorUrl}.
 *
 * @param region the bucket's region as the URL names it
 * @param bucket the bucket name
 * @param key the object key, decoded
 */
public record S3Location(String region, String bucket, String key) {

	/** The object as the AWS CLI writes it: {@code s3://bucket/key}. */
	public String uri() {
		return "s3://" + this.bucket + "/" + this.key;
	}

}
