package dev.runboard.aws.sdk;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.AwsFailure.Kind;
import dev.runboard.aws.Printable;
import dev.runboard.aws.sdk.AwsCalls.Service;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The one classifier of AWS failures, for every service Runboard calls and every caller:
 * an SDK exception becomes an {@link AwsFailure} of a {@link Kind}, with a sentence a
 * person can act on, and a log line for whoever runs Runboard. The SDK has already
 * retried what it considers retryable.
 */
final class AwsFailures {

	private static final Log logger = LogFactory.getLog(AwsFailures.class);

	/** The credentials are valid but lack a permission. */
	private static final Set<String> ACCESS_DENIED = Set.of("AccessDeniedException", "AccessDenied",
			"UnauthorizedOperation", "AllAccessDisabled");

	/**
	 * The credentials themselves are not valid: wrong key, unknown account, bad
	 * signature.
	 */
	private static final Set<String> INVALID_CREDENTIALS = Set.of("UnrecognizedClientException", "InvalidClientTokenId",
			"InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidSignatureException");

	/** The credentials were valid once. */
	private static final Set<String> EXPIRED_CREDENTIALS = Set.of("ExpiredTokenException", "ExpiredToken",
			"RequestExpired");

	/** What SSM answers for an unknown command or invocation. */
	private static final Set<String> UNKNOWN_COMMAND = Set.of("InvalidCommandId", "InvocationDoesNotExist");

	private static final Set<String> UNKNOWN_NODE = Set.of("InvalidInstanceId");

	private static final Set<String> UNKNOWN_PLUGIN = Set.of("InvalidPluginName");

	/** What S3 and CloudWatch Logs answer for something that does not exist. */
	private static final Set<String> NO_SUCH_RESOURCE = Set.of("NoSuchKey", "NoSuchBucket",
			"ResourceNotFoundException");

	private static final Set<String> EXPIRED_PAGE_TOKEN = Set.of("InvalidNextToken");

	private static final Set<String> REJECTED = Set.of("InvalidFilterKey", "InvalidFilter", "InvalidFilterValue",
			"ValidationException");

	private AwsFailures() {
	}

	/**
	 * @param action the IAM action of the call, such as {@code ssm:ListCommands}
	 * @param where the account and region, as pages name them
	 */
	static AwsFailure classify(SdkException ex, Service service, String action, String where) {
		StsException sts = stsCause(ex);
		if (sts != null) {
			String code = (sts.awsErrorDetails() != null) ? sts.awsErrorDetails().errorCode() : "refused";
			logger.warn("Cannot assume the role in " + where + " to call " + action + ": " + sts.getMessage());
			return new AwsFailure(Kind.ROLE_REFUSED, action, code,
					"Runboard could not assume its role in this " + "account (" + code
							+ "). Check the role's trust policy and external ID, and that Runboard may "
							+ "call sts:AssumeRole on it (docs/accounts.md).",
					ex);
		}
		if (ex instanceof AwsServiceException aws) {
			return answered(aws, service, action, where);
		}
		String client = ex.getClass().getSimpleName();
		if (ex instanceof SdkClientException && String.valueOf(ex.getMessage()).contains("credentials")) {
			logger.warn("No AWS credentials for " + action + ": " + ex.getMessage());
			return new AwsFailure(Kind.NO_CREDENTIALS, action, client,
					"Runboard found no AWS credentials. Provide them through the SDK's default chain: environment, "
							+ "profile, web identity (IRSA), ECS task role or instance profile.",
					ex);
		}
		logger.warn("Cannot reach " + service.shortName + " in " + where + " for " + action + ": " + ex.getMessage());
		return new AwsFailure(Kind.UNREACHABLE, action, client, "Runboard cannot reach AWS " + service.title + " in "
				+ where + " right now. Check the network path to its endpoint and try again.", ex, !neverConnected(ex));
	}

	private static AwsFailure answered(AwsServiceException ex, Service service, String action, String where) {
		String code = code(ex);
		String answer = code.isEmpty() ? "HTTP " + ex.statusCode() : code;
		if (ex.isThrottlingException()) {
			logger.warn(service.shortName + " throttled " + action + " in " + where + " after retries: " + answer);
			return new AwsFailure(Kind.THROTTLED, action, answer,
					"AWS is throttling " + service.title + " requests for this account and region (" + where
							+ "), even after Runboard's retries. Wait a " + "few seconds and try again.",
					ex);
		}
		String missing = missing(code, where);
		if (missing != null || (ex.statusCode() == 404 && code.isEmpty())) {
			return new AwsFailure(Kind.NOT_FOUND, action, answer,
					(missing != null) ? missing : service.shortName + " has no such resource in " + where + ".", ex);
		}
		if (EXPIRED_PAGE_TOKEN.contains(code)) {
			return new AwsFailure(Kind.EXPIRED_PAGE_TOKEN, action, answer, "nextToken: SSM no longer accepts this page "
					+ "token (tokens expire, and belong to one query). Reload the list to start from the first page.",
					ex);
		}
		if (REJECTED.contains(code)) {
			return new AwsFailure(Kind.REJECTED, action, answer,
					service.shortName + " refused a filter of this query: " + ex.getMessage(), ex);
		}
		if (INVALID_CREDENTIALS.contains(code)) {
			logger.warn(service.shortName + " rejected the credentials for " + action + " in " + where + ": "
					+ ex.getMessage());
			return new AwsFailure(Kind.INVALID_CREDENTIALS, action, answer, "AWS did not accept the credentials "
					+ "Runboard uses (unknown or revoked key, or a wrong signature); check the role or keys in its "
					+ "environment.", ex);
		}
		if (EXPIRED_CREDENTIALS.contains(code)) {
			logger.warn(service.shortName + " rejected expired credentials for " + action + " in " + where + ": "
					+ ex.getMessage());
			return new AwsFailure(Kind.EXPIRED_CREDENTIALS, action, answer,
					"The AWS credentials Runboard uses have expired; renew them (or the role session) and try again.",
					ex);
		}
		// S3 answers some refusals with a bare 403 and no code it documents.
		if (ACCESS_DENIED.contains(code) || ex.statusCode() == 403) {
			logger.warn(service.shortName + " denied " + action + " in " + where + ": " + ex.getMessage());
			return new AwsFailure(Kind.DENIED, action, answer,
					"AWS denied Runboard's request: its IAM role needs the " + action + " permission in " + where + ".",
					ex);
		}
		logger.warn(service.shortName + " failed " + action + " in " + where + " with " + answer, ex);
		return new AwsFailure(Kind.ERROR, action, answer,
				service.shortName + " answered " + action + " with an error (" + answer + "). Try again shortly.", ex,
				ex.statusCode() >= 500);
	}

	/**
	 * An answer Runboard will not use: an ID of a shape its kind never has (such as
	 * {@code ..} for a command ID), which would otherwise become a path segment of a link
	 * or of a URL htmx requests. Runboard's own pages answer it as a bad gateway.
	 * @param what what the value should have been, such as {@code a command ID}
	 */
	static AwsFailure unusableAnswer(Service service, String action, String where, String what, String value) {
		String shown = "\"" + Printable.of(value, 80) + "\"";
		logger.warn(service.shortName + " answered " + action + " in " + where + " with " + what + " " + shown
				+ ", which is not one; the answer is not used");
		return new AwsFailure(Kind.ERROR, action, "UnusableAnswer",
				service.shortName + " answered with " + what + " " + shown + " in " + where
						+ ", which is not one. Runboard shows and links to none of that answer; check that the "
						+ "endpoint it reads is Systems Manager's.",
				null, true);
	}

	/**
	 * Whether a call that got no answer never reached the service: the connection was
	 * refused or the host unknown. Anything else (a timeout, a connection reset) may have
	 * come after the request was sent.
	 */
	private static boolean neverConnected(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof NoRouteToHostException) {
				return true;
			}
		}
		return false;
	}

	/** What does not exist, when that is what AWS answered; {@code null} otherwise. */
	private static String missing(String code, String where) {
		if (UNKNOWN_COMMAND.contains(code)) {
			return "SSM knows no command with that ID in " + where + ".";
		}
		if (UNKNOWN_NODE.contains(code)) {
			return "SSM knows no managed node with that ID in " + where + ".";
		}
		if (UNKNOWN_PLUGIN.contains(code)) {
			return "SSM knows no plugin of that name in this invocation.";
		}
		if (NO_SUCH_RESOURCE.contains(code)) {
			return "There is no such " + (code.startsWith("NoSuch") ? "S3 object" : "log group or stream") + " in "
					+ where + ".";
		}
		return null;
	}

	/** The error code AWS answered with, or an empty string. */
	private static String code(AwsServiceException ex) {
		return (ex.awsErrorDetails() != null && ex.awsErrorDetails().errorCode() != null)
				? ex.awsErrorDetails().errorCode() : "";
	}

	/**
	 * The refusal of STS behind a failure to load assumed-role credentials, if that is
	 * what it is.
	 */
	private static StsException stsCause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof StsException sts) {
				return sts;
			}
		}
		return null;
	}

}
