package dev.runboard.system;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the readiness check asks Systems Manager.
 *
 * @param cacheTtl how long one answer serves every probe; load balancers and kubelets
 * probe every few seconds, and each real check is an AWS call counted against the
 * account's SSM request rate
 * @param timeout the longest one check may take, shorter than a probe's timeout so a slow
 * AWS answers "not ready" instead of a probe timing out
 */
@Validated
@ConfigurationProperties("runboard.ssm.health")
public record ReadinessProperties(@NotNull @DefaultValue("15s") Duration cacheTtl,
		@NotNull @DefaultValue("3s") Duration timeout) {

}
