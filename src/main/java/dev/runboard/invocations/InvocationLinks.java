package dev.runboard.invocations;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.OutputRequest;
import dev.runboard.aws.Source;
import dev.runboard.web.Link;

/**
 * The links of one invocation, each in the account and region it was read from when more
 * than one is configured. Templates render them with {@code @{...}}, which adds the
 * context path.
 *
 * @param source the account and region to name in links, or {@code null} when only one is
 * configured
 */
public record InvocationLinks(String commandId, String instanceId, Source source) {

	static final String DETAIL = "/invocations/{commandId}/{instanceId}";

	public static InvocationLinks of(InvocationView invocation, Source source) {
		return new InvocationLinks(invocation.commandId(), invocation.instanceId(), source);
	}

	/** The detail page, which also answers its own polling. */
	public String detail() {
		return Link.to(DETAIL, this.commandId, this.instanceId).in(this.source).toString();
	}

	/** One table row, for a row that refreshes itself until its invocation is final. */
	public String row(boolean details) {
		return Link.to(DETAIL + "/row", this.commandId, this.instanceId)
			.with("details", details ? null : "false")
			.in(this.source)
			.toString();
	}

	/** One plugin's stream as a text file. */
	public String download(String plugin, String stream) {
		return Link.to(DETAIL + "/output.txt", this.commandId, this.instanceId)
			.with("plugin", plugin)
			.with("stream", stream)
			.in(this.source)
			.toString();
	}

	/**
	 * A chunk of one plugin's whole output.
	 * @param place {@code s3} or {@code cloudwatch}
	 */
	public String read(String plugin, String stream, String place) {
		return read(new OutputRequest(this.commandId, this.instanceId, plugin, stream, place, 0, null));
	}

	/** The chunk this request names. */
	public String read(OutputRequest request) {
		return Link.to(DETAIL + "/output", this.commandId, this.instanceId)
			.with("plugin", request.plugin())
			.with("stream", request.stream())
			.with("source", request.place())
			.with("offset", (request.offset() > 0) ? request.offset() : null)
			.with("token", request.token())
			.in(this.source)
			.toString();
	}

	/** The commands view, in the account and region of this invocation. */
	public String commands() {
		return Link.to("/commands").in(this.source).toString();
	}

	/** The command page of this invocation's command, in its account and region. */
	public String command() {
		return Link.to("/commands/{commandId}", this.commandId).in(this.source).toString();
	}

	/**
	 * Where a form that cancels the command on this node posts (its node ID goes in the
	 * form).
	 */
	public String cancel() {
		return Link.to("/commands/{commandId}/cancel", this.commandId).in(this.source).toString();
	}

	/** Every invocation on this node, in every account and region read. */
	public String node() {
		return Link.to("/invocations").with("instanceId", this.instanceId).toString();
	}

	/**
	 * Every invocation on this node that Runboard recorded, older than SSM keeps
	 * included.
	 */
	public String nodeHistory() {
		return Link.to(HistoryController.PATH).with("instanceId", this.instanceId).toString();
	}

}
