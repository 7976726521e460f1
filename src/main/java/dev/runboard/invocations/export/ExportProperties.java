package dev.runboard.invocations.export;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Exports of the invocations table.
 *
 * @param maxRows the most rows one export writes; the file says so when it stops there
 */
@Validated
@ConfigurationProperties("runboard.export")
public record ExportProperties(@Min(1) @Max(1_000_000) @DefaultValue("10000") int maxRows) {

}
