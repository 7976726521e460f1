package dev.runboard.commands;

import dev.runboard.aws.Source;
import dev.runboard.web.Link;

/**
 * The links of one command, each in the account and region it was read from when more
 * than one is configured. Templates render them with {@code @{...}}, which adds the
 * context path.
 *
 * @param source the account and region to name in links, or {@code null} when only one is
 * configured
 */
public record CommandLinks(String commandId, Source source) {

	/** The command page's path, under which its parts and its actions are served. */
	public static final String PAGE = "/commands/{commandId}";

	/** The commands view, in the account and region of this command. */
	public String commands() {
		return Link.to("/commands").in(this.source).toString();
	}

	/** The command page. */
	public String page() {
		return Link.to(PAGE, this.commandId).in(this.source).toString();
	}

	/** The command page's summary, which also answers its own polling. */
	public String summary() {
		return Link.to(PAGE + "/summary", this.commandId).in(this.source).toString();
	}

	/** The row, for a command that refreshes itself until it is final. */
	public String row() {
		return Link.to(PAGE + "/row", this.commandId).in(this.source).toString();
	}

	/** Its invocations, optionally only those of one status. */
	public String invocations(String status) {
		return Link.to("/invocations")
			.with("commandId", this.commandId)
			.with("status", status)
			.in(this.source)
			.toString();
	}

	/** The first page of its invocations, as table rows: the command page's table. */
	public String invocationRows() {
		return Link.to("/invocations/rows").with("commandId", this.commandId).in(this.source).toString();
	}

	/** Its invocations as history recorded them, older than SSM keeps included. */
	public String history() {
		return Link.to("/history").with("commandId", this.commandId).in(this.source).toString();
	}

	/** The first page of its recorded invocations, as table rows. */
	public String historyRows() {
		return Link.to("/history/rows").with("commandId", this.commandId).in(this.source).toString();
	}

	/** Where its cancel form posts. */
	public String cancel() {
		return Link.to(PAGE + "/cancel", this.commandId).in(this.source).toString();
	}

	/** Where its rerun forms post. */
	public String rerun() {
		return Link.to(PAGE + "/rerun", this.commandId).in(this.source).toString();
	}

	/**
	 * The nodes a rerun on the failed nodes would go to: the confirmation of that rerun.
	 */
	public String failedNodes() {
		return Link.to(PAGE + "/failed-nodes", this.commandId).in(this.source).toString();
	}

	/** Where its "Tell me when it finishes" forms post. */
	public String watch() {
		return Link.to(PAGE + "/watch", this.commandId).in(this.source).toString();
	}

	/** Its reruns, as the command page lists them. */
	public String reruns() {
		return Link.to(PAGE + "/reruns", this.commandId).in(this.source).toString();
	}

	/** One node's invocation of this command. */
	public String invocation(String instanceId) {
		return Link.to("/invocations/{commandId}/{instanceId}", this.commandId, instanceId).in(this.source).toString();
	}

}
