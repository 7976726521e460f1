package dev.runboard.ssm;

import java.time.Clock;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Readiness: can this instance read Run Command data with the credentials it has? The
 * check is the smallest {@code ListCommandInvocations} there is (one item, no plugin
 * output), the call every page makes anyway, so it needs no permission beyond the
 * documented IAM policy. It belongs to the readiness group only: a missing permission or
 * an AWS outage takes the instance out of the load balancer but must never get it
 * restarted, which would not cure either.
 */
@Component
class SsmHealthIndicator implements HealthIndicator {

	private static final Log logger = LogFactory.getLog(SsmHealthIndicator.class);

	private static final String ACTION = "ssm:ListCommandInvocations";

	private final SsmClient client;

	private final SsmProperties ssm;

	private final SsmHealthProperties properties;

	private final Clock clock;

	private Health last;

	private Instant checkedAt;

	/**
	 * @param service the primary source (the first configured account and region): the
	 * one every single-region view reads
	 */
	@Autowired
	SsmHealthIndicator(SsmService service, SsmProperties ssm, SsmHealthProperties properties, Clock clock) {
		this(service.client(), ssm, properties, clock);
	}

	SsmHealthIndicator(SsmClient client, SsmProperties ssm, SsmHealthProperties properties, Clock clock) {
		this.client = client;
		this.ssm = ssm;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Synchronized so that probes arriving together while the answer is stale wait for
	 * one AWS call instead of each making their own.
	 */
	@Override
	public synchronized Health health() {
		if (this.ssm.sandbox()) {
			return Health.up().withDetail("source", "sandbox").build();
		}
		Instant now = this.clock.instant();
		if (this.last == null || !now.isBefore(this.checkedAt.plus(this.properties.cacheTtl()))) {
			Health health = check();
			report(health);
			this.last = health;
			this.checkedAt = now;
		}
		return this.last;
	}

	private Health check() {
		String region = this.client.serviceClientConfiguration().region().id();
		try {
			this.client.listCommandInvocations((request) -> request.maxResults(1)
				.details(false)
				.overrideConfiguration((call) -> call.apiCallTimeout(this.properties.timeout())));
			return Health.up().withDetail("region", region).build();
		}
		catch (AwsServiceException ex) {
			String code = (ex.awsErrorDetails() != null) ? ex.awsErrorDetails().errorCode() : null;
			if (ex.isThrottlingException()) {
				// SSM answered, so credentials and network are fine; marking every
				// replica
				// unready at once for a busy account would turn throttling into an
				// outage.
				return Health.up().withDetail("region", region).withDetail("throttled", true).build();
			}
			return Health.down()
				.withDetail("region", region)
				.withDetail("error", (code != null) ? code : "HTTP " + ex.statusCode())
				.withDetail("action", ACTION)
				.build();
		}
		catch (SdkException ex) {
			return Health.down()
				.withDetail("region", region)
				.withDetail("error", ex.getClass().getSimpleName())
				.withDetail("message", String.valueOf(ex.getMessage()))
				.build();
		}
	}

	/**
	 * The health endpoint shows no details to anonymous probes, so the log is where an
	 * operator learns why an instance is not ready. Only changes are logged: a probe
	 * every few seconds must not repeat the same warning.
	 */
	private void report(Health health) {
		Status previous = (this.last != null) ? this.last.getStatus() : null;
		if (health.getStatus().equals(previous)) {
			return;
		}
		if (Status.UP.equals(health.getStatus())) {
			logger.info("Systems Manager is reachable in " + health.getDetails().get("region")
					+ " with the configured credentials: ready");
		}
		else {
			logger.warn("Not ready: " + ACTION + " failed in " + health.getDetails().get("region") + " with "
					+ health.getDetails().get("error")
					+ ((health.getDetails().get("message") != null) ? " (" + health.getDetails().get("message") + ")"
							: "")
					+ ". Check the IAM role's policy (docs/deploy.md), the credentials and the network path to "
					+ "the SSM endpoint. The instance stays live and retries on the next probe.");
		}
	}

}
