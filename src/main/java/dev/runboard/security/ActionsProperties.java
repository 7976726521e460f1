package dev.runboard.security;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The guards of the actions on commands (cancel, rerun, rerun on the failed nodes) that
 * configuration sets: whether they exist, and how a double submission is told apart.
 *
 * @param enabled whether they exist at all; unset, they do in the sandbox and do not with
 * the {@code aws} source
 * @param duplicateWindow how long the same action on the same command counts as a double
 * submission (a double click, a second tab, a retry after a timeout) and is answered with
 * the first one's result instead of being done again
 */
@Validated
@ConfigurationProperties("runboard.actions")
public record ActionsProperties(Boolean enabled, @NotNull @DefaultValue("2m") Duration duplicateWindow) {

}
