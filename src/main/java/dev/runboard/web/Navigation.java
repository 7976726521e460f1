package dev.runboard.web;

import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;

/**
 * Where the header's links lead from a view: to the invocations table and the commands
 * view in the account and region the view reads, so that leaving a view of us-east-1 does
 * not land in the first configured region (or in every one) without a word.
 *
 * @param account the account to keep, {@link Sources#ALL}, or {@code null}
 * @param region the region to keep, {@link Sources#ALL}, or {@code null}
 */
public record Navigation(String account, String region) {

	/** Links that name no account or region. */
	public static final Navigation NONE = new Navigation(null, null);

	/**
	 * The links of a view of one account and region.
	 * @param shown the source as links name it, {@code null} when only one is configured
	 */
	public static Navigation of(Source shown) {
		return (shown != null) ? new Navigation(shown.account(), shown.region()) : NONE;
	}

	/** The invocations table. */
	public String invocations() {
		return in(Link.to("/invocations"));
	}

	/** The commands view. */
	public String commands() {
		return in(Link.to("/commands"));
	}

	private String in(Link link) {
		return link.with("account", this.account).with("region", this.region).toString();
	}

}
