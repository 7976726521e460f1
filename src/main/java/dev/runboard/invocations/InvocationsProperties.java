package dev.runboard.invocations;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How much of SSM one view of the invocations table may ask for, and how much memory it
 * keeps.
 *
 * @param maxStreams the most streams one view reads, one per status asked for in each
 * account and region: the most {@code ListCommandInvocations} calls one page of the table
 * costs. A link asking for more gets a 400; the configured accounts and regions alone
 * must not exceed it, or the unfiltered table could not be shown.
 * @param rowCache the memory rows are kept in once drawn, to be shown again without
 * drawing them while SSM lists their invocation the same; {@code 0} draws every row every
 * time
 */
@Validated
@ConfigurationProperties("runboard.invocations")
public record InvocationsProperties(@Min(1) @Max(200) @DefaultValue("12") int maxStreams,
		@DefaultValue("16MB") DataSize rowCache) {

}
