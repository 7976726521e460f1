package dev.runboard.invocations.export;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.runboard.invocations.AwsSourceTestSupport;
import dev.runboard.testing.Csv;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /invocations.csv} and {@code /invocations.json}: the same query as the table,
 * every row SSM returns, one call per 50 rows, up to the row cap.
 */
class InvocationsExportTests extends AwsSourceTestSupport {

	@Test
	void tenThousandRowExportReadsFiftyRowsPerCallAndStopsAtTheCapSayingSo() {
		fleet(TestInvocations.generate(10_050, NEWEST));

		MvcTestResult result = this.mvc.get().uri("/invocations.csv?details=false").exchange(Duration.ofMinutes(2));

		assertThat(result).hasStatusOk();
		assertThat(result.getResponse().getContentType()).startsWith("text/csv");
		assertThat(result.getResponse().getHeader("Content-Disposition")).startsWith("attachment;").contains(".csv");
		List<List<String>> records = Csv.parse(body(result));
		assertThat(records.get(0)).startsWith("requested_at", "status", "status_details", "command_id");
		List<List<String>> rows = records.subList(1, records.size() - 1);
		assertThat(rows).hasSize(10_000);
		assertThat(rows.stream().map((row) -> row.get(3) + "/" + row.get(4)).distinct()).hasSize(10_000);
		assertThat(records.get(records.size() - 1).get(0)).startsWith("# Export stopped at 10000 rows");
		assertThat(listCalls()).hasSize(200)
			.allSatisfy((call) -> assertThat(call.get("MaxResults").asInt()).isEqualTo(50));
	}

	/**
	 * Three statuses are three streams of SSM pages merged newest first. The table reads
	 * a page of each stream per scroll page and reads again what it fetched but did not
	 * show; an export reads each SSM page once, so its calls are its rows divided by 50,
	 * however the streams interleave.
	 */
	@Test
	void anExportOfSeveralStatusesReadsEachSsmPageOnce() {
		fleet(TestInvocations.generate(3_000, NEWEST));

		List<List<String>> records = Csv.parse(body(this.mvc.get()
			.uri("/invocations.csv?status=Failed&status=Success&status=InProgress&details=false")
			.exchange(Duration.ofMinutes(1))));

		assertThat(records.subList(1, records.size())).hasSize(1_800)
			.allSatisfy((row) -> assertThat(row.get(1)).isIn("Failed", "Success", "InProgress"));
		assertThat(records.subList(1, records.size()).stream().map((row) -> row.get(0)))
			.isSortedAccordingTo(Comparator.reverseOrder());
		assertThat(listCalls()).as("calls for 3 × 600 rows").hasSizeBetween(36, 39);
	}

	@Test
	void exportFollowsTheFiltersOfTheViewAndIgnoresItsPageSize() {
		MvcTestResult result = this.mvc.get().uri("/invocations.csv?status=Failed&pageSize=10").exchange();

		assertThat(result).hasStatusOk();
		List<List<String>> rows = Csv.parse(body(result)).stream().skip(1).toList();
		assertThat(rows).isNotEmpty().allSatisfy((row) -> assertThat(row.get(1)).isEqualTo("Failed"));
		assertThat(rows).hasSize((int) FLEET.stream().filter((i) -> i.statusAsString().equals("Failed")).count());
		assertThat(listCalls()).allSatisfy((call) -> {
			assertThat(call.get("MaxResults").asInt()).isEqualTo(50);
			assertThat(filters(call)).containsEntry("Status", "Failed");
		});
	}

	@Test
	void csvQuotesHostileOutputAndNeutralisesSpreadsheetFormulas() {
		String output = "a,b \"quoted\"\nsecond line";
		fleet(List.of(hostile("=HYPERLINK(\"http://evil\")", output, 0), hostile("+cmd|' /C calc'!A0", "-2+3", 1),
				hostile("@SUM(A1:A2)", "\tTAB", 2)));

		List<List<String>> rows = Csv.parse(body(this.mvc.get().uri("/invocations.csv").exchange()))
			.stream()
			.skip(1)
			.toList();

		assertThat(rows).hasSize(3);
		assertThat(rows.get(0).get(8)).isEqualTo("'=HYPERLINK(\"http://evil\")");
		assertThat(rows.get(0).get(11)).isEqualTo(output);
		assertThat(rows.get(1).get(8)).isEqualTo("'+cmd|' /C calc'!A0");
		assertThat(rows.get(1).get(11)).isEqualTo("'-2+3");
		assertThat(rows.get(2).get(8)).isEqualTo("'@SUM(A1:A2)");
		assertThat(rows.get(2).get(11)).isEqualTo("'\tTAB");
	}

	@Test
	void jsonExportCarriesEveryRowWithItsPluginsAndSaysWhetherItIsComplete() {
		JsonNode export = JsonMapper.builder()
			.build()
			.readTree(body(this.mvc.get().uri("/invocations.json?document=AWS-RunShellScript").exchange()));

		List<String> expected = FLEET.stream()
			.filter((i) -> i.documentName().equals("AWS-RunShellScript"))
			.map(AwsSourceTestSupport::key)
			.toList();
		List<String> exported = new ArrayList<>();
		export.get("invocations")
			.forEach(
					(node) -> exported.add(node.get("commandId").asString() + "/" + node.get("instanceId").asString()));
		assertThat(exported).containsExactlyElementsOf(expected);
		assertThat(export.get("count").asInt()).isEqualTo(expected.size());
		assertThat(export.get("truncated").asBoolean()).isFalse();
		assertThat(export.get("invocations").get(0).get("plugins").get(0).get("stdout").asString())
			.startsWith("output of invocation");
	}

	@Test
	void invalidQueryGetsA400AndNoFile() {
		assertThat(this.mvc.get().uri("/invocations.csv?status=Bogus")).hasStatus(400).bodyText().contains("status");
		MvcTestResult json = this.mvc.get().uri("/invocations.json?status=Bogus").exchange();
		assertThat(json).hasStatus(400);
		assertThat(json.getResponse().getContentType()).as("an error page, whatever the address ends in")
			.startsWith("text/html");
		assertThat(ssm.calls()).isEmpty();
	}

	private static CommandInvocation hostile(String comment, String output, int index) {
		return TestInvocations
			.invocation(new java.util.UUID(0xbad, index).toString(), String.format("i-%017x", index),
					"AWS-RunShellScript", NEWEST.minusSeconds(index), "Success", output)
			.toBuilder()
			.comment(comment)
			.build();
	}

}
