package dev.runboard.invocations;

import java.util.List;
import java.util.Map;

import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.security.ViewName;
import dev.runboard.web.RequestBinder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the invocations views are named from their links: by the statuses, command, node,
 * document and time the filter names, and where the table reads; a value the filter
 * refuses is left out of a preview's name.
 */
class InvocationTitlesTests {

	static final Sources ONE_REGION = new Sources(List.of(new Source(null, "eu-west-1", null)));

	static final Sources ACCOUNTS = new Sources(List.of(new Source("prod", "eu-west-1", null),
			new Source("prod", "us-east-1", null), new Source("staging", "eu-west-1", null)));

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					 | Invocations · eu-west-1
					status=Failed | Failed invocations · eu-west-1
					status=failed&region=eu-west-1 | Failed invocations · eu-west-1
					status=problems | Problem invocations · eu-west-1
					status=Failed&status=TimedOut&status=Cancelled | Failed, TimedOut and Cancelled invocations · eu-west-1
					commandId=88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10&status=Failed | Failed invocations of command 88e1b2f2… · eu-west-1
					commandId=88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10&document=AWS-RunPatchBaseline | Invocations of command 88e1b2f2… (AWS-RunPatchBaseline) · eu-west-1
					document=AWS-RunPatchBaseline&instanceId=i-0123456789abcdef0 | Invocations of AWS-RunPatchBaseline on i-0123456789abcdef0 · eu-west-1
					after=2026-11-20 | Invocations since 2026-11-20 · eu-west-1
					before=2026-11-20T10:30 | Invocations until 2026-11-20 10:30 UTC · eu-west-1
					after=2026-11-20&before=2026-11-21T06:00:05Z | Invocations 2026-11-20 to 2026-11-21 06:00:05 UTC · eu-west-1
					status=<script>&pageSize=500&details=maybe | Invocations · eu-west-1
					status=Failed&commandId=x"y&after=yesterday | Failed invocations · eu-west-1
					""")
	void aLinkIsNamedByWhatItsFilterAccepts(String query, String name) {
		assertThat(named(ONE_REGION, query).name()).isEqualTo(name);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			 | all accounts · all regions
			account=prod | prod · all regions
			region=eu-west-1 | all accounts · eu-west-1
			account=prod&region=us-east-1 | prod · us-east-1
			account=staging | staging · eu-west-1
			account=staging&region=us-east-1 | staging · eu-west-1
			region=ap-south-1 | all accounts · all regions
			""")
	void theNameSaysWhichAccountsAndRegionsTheTableReadsLeavingOutWhatItRefuses(String query, String place) {
		assertThat(named(ACCOUNTS, query).name()).isEqualTo("Invocations · " + place);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					status=problems&document=AWS-RunPatchBaseline | in eu-west-1, newest first: status Failed, TimedOut, Cancelled; document AWS-RunPatchBaseline. Sign in
					commandId=88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10 | command 88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10. Sign in
					""")
	void theDescriptionSaysTheWholeFilter(String query, String described) {
		assertThat(named(ONE_REGION, query).description()).contains(described);
	}

	private static ViewName named(Sources sources, String query) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		if (query != null) {
			UriComponentsBuilder.fromUriString("/invocations?" + query)
				.build()
				.getQueryParams()
				.forEach((name, values) -> parameters.put(name, values));
		}
		InvocationFilter filter = InvocationFilter.binder(sources, 12)
			.bindAccepted(new RequestBinder.Values(parameters, Map.of()));
		return new InvocationTitles(sources).list(filter);
	}

}
