package dev.runboard.aws;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every account and region Runboard reads, in configuration order, each built once at
 * startup. The {@code region} and {@code account} parameters of every view pick among
 * them.
 */
public class Sources {

	/**
	 * The parameter value meaning every configured region, or every configured account.
	 */
	public static final String ALL = "all";

	private final List<Source> sources;

	private final List<String> regions;

	private final List<String> accounts;

	public Sources(List<Source> sources) {
		if (sources.isEmpty()) {
			throw new IllegalArgumentException("at least one source");
		}
		this.sources = List.copyOf(sources);
		Set<String> regions = new LinkedHashSet<>();
		Set<String> accounts = new LinkedHashSet<>();
		for (Source source : sources) {
			regions.add(source.region());
			if (source.account() != null) {
				accounts.add(source.account());
			}
		}
		this.regions = List.copyOf(regions);
		this.accounts = List.copyOf(accounts);
	}

	/** Every source, in configuration order. */
	public List<Source> all() {
		return this.sources;
	}

	/** The regions offered, the default first. */
	public List<String> regions() {
		return this.regions;
	}

	/** The accounts offered, the default first; empty when Runboard reads its own. */
	public List<String> accounts() {
		return this.accounts;
	}

	/**
	 * Whether more than one account or region is read, so that rows and links must say
	 * which they belong to.
	 */
	public boolean moreThanOne() {
		return this.sources.size() > 1;
	}

	/**
	 * {@code source} as rows and links carry it: only when there is more than one to
	 * choose from, else {@code null}.
	 */
	public Source shown(Source source) {
		return moreThanOne() ? source : null;
	}

	/**
	 * The source single-source views use when the link names none: the first configured.
	 */
	public Source primary() {
		return this.sources.get(0);
	}

	/**
	 * The sources a view reads, in configuration order.
	 * @param account an account name, {@link #ALL}, or {@code null} for every account
	 * @param region a region, {@link #ALL}, or {@code null} for every region
	 * @throws InvalidQueryException when the account is not read in that region
	 */
	public List<Source> select(String account, String region) {
		List<Source> selected = new ArrayList<>();
		for (Source source : this.sources) {
			boolean accountMatches = account == null || ALL.equals(account) || account.equals(source.account());
			boolean regionMatches = region == null || ALL.equals(region) || region.equals(source.region());
			if (accountMatches && regionMatches) {
				selected.add(source);
			}
		}
		if (selected.isEmpty()) {
			throw new InvalidQueryException("region", "region: account " + account + " is not read in " + region
					+ "; its regions are " + String.join(", ", regionsOf(account)) + ".");
		}
		return selected;
	}

	/**
	 * The one source of a single-source view: the named account and region, each
	 * defaulting to the first configured.
	 */
	public Source one(String account, String region) {
		return select((account != null) ? account : primary().account(), region).get(0);
	}

	/**
	 * The configured region a parameter names, in any case.
	 * @param allowAll whether {@link #ALL} is accepted
	 * @return the region, {@link #ALL}, or {@code null} when the value is {@code null}
	 * @throws InvalidQueryException listing the configured regions
	 */
	public String regionNamed(String value, boolean allowAll) {
		return choice("region", value, this.regions, allowAll);
	}

	/**
	 * The configured account a parameter names, in any case.
	 * @param allowAll whether {@link #ALL} is accepted
	 * @return the account, {@link #ALL}, or {@code null} when the value is {@code null}
	 * @throws InvalidQueryException listing the configured accounts
	 */
	public String accountNamed(String value, boolean allowAll) {
		if (value != null && this.accounts.isEmpty()) {
			throw new InvalidQueryException("account",
					"account: this Runboard reads only the account of its own credentials; remove account.");
		}
		return choice("account", value, this.accounts, allowAll);
	}

	private static String choice(String name, String value, List<String> accepted, boolean allowAll) {
		if (value == null) {
			return null;
		}
		if (allowAll && ALL.equalsIgnoreCase(value)) {
			return ALL;
		}
		for (String candidate : accepted) {
			if (candidate.equalsIgnoreCase(value)) {
				return candidate;
			}
		}
		throw new InvalidQueryException(name,
				name + ": accepted values are " + String.join(", ", accepted) + (allowAll ? ", or " + ALL : "") + ".");
	}

	private List<String> regionsOf(String account) {
		return this.sources.stream()
			.filter((source) -> account == null || ALL.equals(account) || account.equals(source.account()))
			.map(Source::region)
			.toList();
	}

}
