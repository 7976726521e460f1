package dev.runboard.commands;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The command page.
 *
 * @param summaryMaxPages the most {@code ListCommandInvocations} pages (50 invocations
 * each) one summary reads; past them the page says it summarises a sample
 */
@Validated
@ConfigurationProperties("runboard.commands")
public record CommandsProperties(@Min(1) @Max(200) @DefaultValue("20") int summaryMaxPages) {

}
