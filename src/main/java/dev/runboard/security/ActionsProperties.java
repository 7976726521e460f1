package dev.runboard.security;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The guards of the actions on commands (cancel, rerun, rerun on the failed nodes) that
 * configuration sets: whether they exist, how a repeated action is told apart, and the
 * key that signs confirmations.
 *
 * @param enabled whether they exist at all; unset, they do in the sandbox and do not with
 * the {@code aws} source
 * @param duplicateWindow how long after an action finished the same action (the same
 * action on the same command and nodes, whoever asks) is answered with its outcome
 * instead of being done again; an action still in flight, or whose outcome is unknown,
 * holds however long it takes
 * @param confirmationKey the secret that signs the confirmation of a rerun on the failed
 * nodes; the same on every replica so that they agree; unset, one is made at start
 */
@Validated
@ConfigurationProperties("runboard.actions")
public record ActionsProperties(Boolean enabled, @NotNull @DefaultValue("2m") Duration duplicateWindow,
		String confirmationKey) {

}
