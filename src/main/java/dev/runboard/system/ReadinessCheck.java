package dev.runboard.system;

import java.time.Clock;
import java.time.Instant;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.aws.SsmProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Readiness: can this instance read Run Command data with the credentials it has? The
 * check is the smallest {@code ListCommandInvocations} there is (one item, no plugin
 * output) in the first configured account and region, the one every single-source view
 * reads by default, so it needs no permission beyond the documented IAM policy. It
 * belongs to the readiness group only: a missing permission or an AWS outage takes the
 * instance out of the load balancer but must never get it restarted, which would not cure
 * either. Registered as the {@code ssm} health contributor.
 */
@Component("ssm")
class ReadinessCheck implements HealthIndicator {

	private static final Log logger = LogFactory.getLog(ReadinessCheck.class);

	private final Source source;

	private final SsmProperties ssm;

	private final ReadinessProperties properties;

	private final Clock clock;

	private Health last;

	private Instant checkedAt;

	ReadinessCheck(Sources sources, SsmProperties ssm, ReadinessProperties properties, Clock clock) {
		this.source = sources.primary();
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
		String region = this.source.label();
		try {
			this.source.runCommand().probe(this.properties.timeout());
			return Health.up().withDetail("region", region).build();
		}
		catch (AwsFailure ex) {
			if (ex.kind() == AwsFailure.Kind.THROTTLED) {
				// SSM answered, so credentials and network are fine; marking every
				// replica
				// unready at once for a busy account would turn throttling into an
				// outage.
				return Health.up().withDetail("region", region).withDetail("throttled", true).build();
			}
			return Health.down()
				.withDetail("region", region)
				.withDetail("error", ex.code())
				.withDetail("action", ex.action())
				.withDetail("message", ex.getMessage())
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
			logger.warn("Not ready: " + health.getDetails().get("action") + " failed in "
					+ health.getDetails().get("region") + " with " + health.getDetails().get("error") + " ("
					+ health.getDetails().get("message") + "). Check the IAM role's policy (docs/deploy.md), the "
					+ "credentials and the network path to the SSM endpoint. The instance stays live and retries on "
					+ "the next probe.");
		}
	}

}
