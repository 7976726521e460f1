package dev.runboard.web;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How pages behave in the browser.
 *
 * @param pollInterval how often a row, detail page or command that is not final asks SSM
 * for its status again
 */
@Validated
@ConfigurationProperties("runboard.ui")
public record UiProperties(@NotNull @DefaultValue("5s") Duration pollInterval) {

	public UiProperties {
		if (pollInterval != null && pollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("runboard.ui.poll-interval must be at least 1s, not " + pollInterval);
		}
	}

}
