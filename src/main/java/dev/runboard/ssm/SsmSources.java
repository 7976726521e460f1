package dev.runboard.ssm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every place Runboard reads from: one {@link SsmService} per account and region, built
 * once at startup and reused, in configuration order. The {@code region} and
 * {@code account} parameters of every view pick among them.
 */
public class SsmSources implements AutoCloseable {

	/**
	 * The parameter value meaning every configured region, or every configured account.
	 */
	public static final String ALL = "all";

	private final List<SsmSource> sources;

	private final List<String> regions;

	private final List<String> accounts;

	private final List<AutoCloseable> clients;

	public SsmSources(List<SsmSource> sources) {
		this(sources, List.of());
	}

	/**
	 * @param clients what {@link #close} closes: the SDK clients behind the sources
	 */
	public SsmSources(List<SsmSource> sources, List<AutoCloseable> clients) {
		if (sources.isEmpty()) {
			throw new IllegalArgumentException("at least one source");
		}
		this.sources = List.copyOf(sources);
		Set<String> regions = new LinkedHashSet<>();
		Set<String> accounts = new LinkedHashSet<>();
		for (SsmSource source : sources) {
			regions.add(source.region());
			if (source.account() != null) {
				accounts.add(source.account());
			}
		}
		this.regions = List.copyOf(regions);
		this.accounts = List.copyOf(accounts);
		this.clients = List.copyOf(clients);
	}

	@Override
	public void close() throws Exception {
		Exception first = null;
		for (AutoCloseable client : this.clients) {
			try {
				client.close();
			}
			catch (Exception ex) {
				first = (first != null) ? first : ex;
			}
		}
		if (first != null) {
			throw first;
		}
	}

	/** The regions offered, the default first. */
	public List<String> regions() {
		return this.regions;
	}

	/** The accounts offered, the default first; empty when Runboard reads its own. */
	public List<String> accounts() {
		return this.accounts;
	}

	/** Whether rows need to say which account and region they come from. */
	public boolean several() {
		return this.sources.size() > 1;
	}

	/** The source single-region views use when the link names none. */
	public SsmSource primary() {
		return this.sources.get(0);
	}

	/**
	 * The sources a view reads, in configuration order.
	 * @param account an account name, {@link #ALL}, or {@code null} for every account
	 * @param region a region, {@link #ALL}, or {@code null} for every region
	 */
	public List<SsmSource> select(String account, String region) {
		List<SsmSource> selected = new ArrayList<>();
		for (SsmSource source : this.sources) {
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
	 * The one source of a single-invocation view: the named account and region, each
	 * defaulting to the first configured.
	 */
	public SsmSource one(String account, String region) {
		String chosenAccount = (account != null) ? account : primary().account();
		List<SsmSource> matching = select(chosenAccount, region);
		return matching.get(0);
	}

	/** Reads the {@code region} parameter: a configured region or {@link #ALL}. */
	public String region(String value, boolean allowAll) {
		return choice("region", value, this.regions, allowAll);
	}

	/** Reads the {@code account} parameter: a configured account or {@link #ALL}. */
	public String account(String value, boolean allowAll) {
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
			.map(SsmSource::region)
			.toList();
	}

	/**
	 * One account and region to read.
	 *
	 * @param account the account name, or {@code null} for the account of Runboard's own
	 * credentials
	 */
	public record SsmSource(String account, String region, SsmService ssm) {

		/**
		 * How a row or error names this source: {@code account · region}, or the region.
		 */
		public String label() {
			return (this.account != null) ? this.account + " · " + this.region : this.region;
		}

	}

}
