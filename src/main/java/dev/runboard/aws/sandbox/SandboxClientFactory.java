package dev.runboard.aws.sandbox;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.runboard.aws.AccountProperties.Account;
import dev.runboard.aws.Source;
import dev.runboard.aws.sdk.SdkClientFactory;
import dev.runboard.aws.sdk.SdkClients;

import software.amazon.awssdk.regions.Region;

/**
 * The sandbox's clients: one generated fleet per account and region, served through SSM,
 * S3 and CloudWatch Logs alike, so whole output reads wherever its invocation was listed.
 * Nothing talks to AWS.
 */
public class SandboxClientFactory implements SdkClientFactory {

	/** Seed of the sandbox data set: every start tells the same story. */
	private static final long SEED = 20261120L;

	private final Clock clock;

	private final List<SandboxFleet> fleets = new CopyOnWriteArrayList<>();

	private final Map<String, SandboxFleet> byLabel = new ConcurrentHashMap<>();

	public SandboxClientFactory(Clock clock) {
		this.clock = clock;
	}

	@Override
	public SdkClients clients(Account account, String region, int index) {
		// Each account and region tells its own story, the first the same as ever.
		SandboxFleet fleet = SandboxFleet.generate(this.clock.instant(), SEED + index, Region.of(region));
		this.fleets.add(fleet);
		this.byLabel.put(Source.label((account != null) ? account.name() : null, region), fleet);
		SandboxSsmClient ssm = new SandboxSsmClient(fleet, this.clock);
		return new SdkClients(ssm, ssm, new SandboxS3Client(fleet, this.clock),
				new SandboxLogsClient(fleet, this.clock));
	}

	/** The data set of each account and region, in configuration order. */
	public List<SandboxData> fleets() {
		return List.copyOf(this.fleets);
	}

	/** The fleet of an account and region, as configuration names them. */
	Optional<SandboxFleet> fleet(String account, String region) {
		return Optional.ofNullable(this.byLabel.get(Source.label(account, region)));
	}

	@Override
	public void close() {
	}

}
