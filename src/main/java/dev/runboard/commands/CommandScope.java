package dev.runboard.commands;

import java.util.List;
import java.util.stream.Collectors;

import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.web.Link;
import dev.runboard.web.RequestBinder;

/**
 * The accounts and regions the commands view reads, as its link says: the account and
 * region it names, each defaulting to the first configured, or {@code all} of them (the
 * commands of every region, merged newest first, as the invocations table reads them).
 *
 * @param account the account the link names, {@link Sources#ALL}, or {@code null}
 * @param region the region the link names, {@link Sources#ALL}, or {@code null}
 * @param sources what the view reads, in configuration order
 */
public record CommandScope(String account, String region, List<Source> sources) {

	public CommandScope {
		sources = List.copyOf(sources);
	}

	/**
	 * Handlers of the commands view take a {@code CommandScope} argument bound by this.
	 * @throws dev.runboard.aws.InvalidQueryException when an account or region is not
	 * configured
	 */
	static RequestBinder<CommandScope> binder(Sources sources) {
		return RequestBinder.of(CommandScope.class, (values) -> {
			String account = sources.accountNamed(values.single("account"), true);
			String region = sources.regionNamed(values.single("region"), true);
			return new CommandScope(account, region,
					sources.select((account != null) ? account : sources.primary().account(),
							(region != null) ? region : sources.primary().region()));
		});
	}

	/**
	 * The one account and region the view reads, or {@code null} when it reads several.
	 */
	public Source single() {
		return (this.sources.size() == 1) ? this.sources.get(0) : null;
	}

	/** What the region selector shows as chosen: {@code all} or the one region read. */
	public String regionChoice() {
		return Sources.ALL.equals(this.region) ? Sources.ALL : this.sources.get(0).region();
	}

	/** What the account selector shows as chosen: {@code all} or the one account read. */
	public String accountChoice() {
		return Sources.ALL.equals(this.account) ? Sources.ALL : this.sources.get(0).account();
	}

	/**
	 * {@code link} reading where this view reads: the one account and region, as rows
	 * name them ({@code shown}), or the {@code all} the link said.
	 */
	Link in(Link link, Sources configured) {
		Source single = single();
		if (single != null) {
			return link.in(configured.shown(single));
		}
		return link.with("account", this.account).with("region", this.region);
	}

	/** Where the view reads, as pages name it: {@code eu-west-1}, or several. */
	public String label() {
		Source single = single();
		if (single != null) {
			return single.label();
		}
		return this.sources.stream().map(Source::label).collect(Collectors.joining(", "));
	}

}
