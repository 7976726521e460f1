package dev.runboard.commands;

import dev.runboard.aws.Source;
import dev.runboard.web.Link;

/**
 * The links of one command, each in the account and region it was read from when more
 * than one is configured.
 *
 * @param source the account and region to name in links, or {@code null} when only one is
 * configured
 */
public record CommandLinks(String commandId, Source source) {

	/** The row, for a command that refreshes itself until it is final. */
	public String row() {
		return Link.to("/commands/{commandId}/row", this.commandId).in(this.source).toString();
	}

	/** Its invocations, optionally only those of one status. */
	public String invocations(String status) {
		return Link.to("/invocations")
			.with("commandId", this.commandId)
			.with("status", status)
			.in(this.source)
			.toString();
	}

}
