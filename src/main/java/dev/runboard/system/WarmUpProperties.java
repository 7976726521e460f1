package dev.runboard.system;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the instance warms up before it reports ready.
 *
 * @param enabled whether it renders its busiest pages before readiness reports UP
 * @param rounds how many times it renders them: each round is the invocations page, a
 * filter change, a scroll page (one further each round, so each reads a page from SSM)
 * and the commands view; with the answer cache on (the default) the others call SSM only
 * in the first round and after the cache's time to live
 * @param exit whether to exit once warmed up: the training run that makes the JVM's AOT
 * cache when the container image is built
 */
@Validated
@ConfigurationProperties("runboard.warm-up")
public record WarmUpProperties(@DefaultValue("true") boolean enabled, @Min(1) @Max(1000) @DefaultValue("20") int rounds,
		@DefaultValue("false") boolean exit) {

}
