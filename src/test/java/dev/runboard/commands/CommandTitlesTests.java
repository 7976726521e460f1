package dev.runboard.commands;

import java.util.List;
import java.util.Map;

import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.security.ViewName;
import dev.runboard.web.RequestBinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the commands view and a command's page are named from their links: the view by its
 * filter and the account and region it reads, a command by its ID, and by where it was
 * read only when Runboard reads more than one account or region.
 */
class CommandTitlesTests {

	static final Source EU = new Source(null, "eu-west-1", null);

	static final Source US = new Source(null, "us-east-1", null);

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					 | Commands · eu-west-1
					status=Failed | Failed commands · eu-west-1
					status=InProgress&executionStage=Executing | InProgress commands, executing · eu-west-1
					document=AWS-RunPatchBaseline&after=2026-11-20 | Commands of AWS-RunPatchBaseline since 2026-11-20 · eu-west-1
					status=Sideways&document=<b> | Commands · eu-west-1
					""")
	void theViewIsNamedByWhatItsFilterAccepts(String query, String name) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		if (query != null) {
			UriComponentsBuilder.fromUriString("/commands?" + query).build().getQueryParams().forEach(parameters::put);
		}
		CommandFilter filter = CommandFilter.binder().bindAccepted(new RequestBinder.Values(parameters, Map.of()));
		assertThat(new CommandTitles(new Sources(List.of(EU))).list(filter, new CommandScope(null, null, List.of(EU)))
			.name()).isEqualTo(name);
	}

	@Test
	void aCommandIsNamedByItsIdAndWhereItWasReadWhenThereIsAChoice() {
		CommandKey key = new CommandKey("88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10");
		ViewName one = new CommandTitles(new Sources(List.of(EU))).command(key, EU);
		assertThat(one.title()).isEqualTo("Command 88e1b2f2… · Runboard");
		assertThat(one.description()).contains("88e1b2f2-2c55-4a3e-9d61-4c1f0e2b7a10");
		assertThat(new CommandTitles(new Sources(List.of(EU, US))).command(key, US).title())
			.isEqualTo("Command 88e1b2f2… · us-east-1 · Runboard");
	}

	@Test
	void aCommandIdOfTheWrongShapeNamesNoCommand() {
		assertThat(CommandKey.binder()
			.bindAccepted(new RequestBinder.Values(new LinkedMultiValueMap<>(), Map.of("commandId", "<script>"))))
			.isNull();
	}

}
