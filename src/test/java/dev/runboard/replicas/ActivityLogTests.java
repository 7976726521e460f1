package dev.runboard.replicas;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.commands.actions.ActionLedger;
import dev.runboard.commands.actions.ActionLedger.Key;
import dev.runboard.commands.actions.ActionLedger.Result;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.LocalUsers;
import dev.runboard.testing.TestPostgres;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The activity log as {@code /activity} shows what the store's ledger wrote: each action
 * once with its outcome, newest first, filtered by user, command and action through links
 * to share, a page at a time, and as CSV.
 */
class ActivityLogTests {

	static final String ORIGINAL = "0b9a4d7e-2c55-4a3e-9d61-00000000a001";

	static final String OTHER = "0b9a4d7e-2c55-4a3e-9d61-00000000a002";

	static final String RERUN = "0b9a4d7e-2c55-4a3e-9d61-00000000b001";

	@RegisterExtension
	static final FakeSsmServer ssm = new FakeSsmServer(
			new SandboxSsmClient((now) -> List.of(), Clock.systemUTC(), Region.EU_WEST_1));

	static ConfigurableApplicationContext replica;

	static ActionLedger ledger;

	static Browser ops;

	static JdbcClient store;

	@BeforeAll
	static void start() {
		String database = TestPostgres.freshDatabase();
		replica = Replicas.start(ssm, database);
		ledger = replica.getBean(ActionLedger.class);
		store = JdbcClient.create(TestPostgres.dataSource(database));
		Instant now = Instant.now();
		Key rerun = new Key("rerun-failed", "eu-west-1", ORIGINAL,
				List.of("i-0123456789abcdef0", "i-0123456789abcdef1"));
		ledger.begin(rerun, "alice", now.minusSeconds(60));
		ledger.finish(rerun, new Result.Sent(List.of(RERUN), null), now.minusSeconds(59));
		Key cancel = new Key("cancel", "eu-west-1", OTHER, List.of());
		ledger.begin(cancel, "bob", now.minusSeconds(30));
		ledger.finish(cancel, new Result.Unknown(List.of(), "Read timed out"), now.minusSeconds(29));
		Key refused = new Key("rerun-all", "eu-west-1", OTHER, List.of());
		ledger.begin(refused, "=cmd|' /C calc'!A0", now.minusSeconds(10));
		ledger.finish(refused, new Result.NotSent("AccessDeniedException: ssm:SendCommand"), now.minusSeconds(9));
		ops = new Browser(Replicas.uri(replica));
		ops.signIn(LocalUsers.OPS, LocalUsers.password(LocalUsers.OPS));
	}

	@AfterAll
	static void stop() {
		replica.close();
	}

	@Test
	void eachActionIsARowWithItsOutcomeNewestFirst() {
		Document page = page("/activity");
		// Other tests add older actions: the three newest are these.
		List<Element> rows = page.select("#activity tr[data-activity]").subList(0, 3);
		assertThat(rows).extracting((row) -> row.attr("data-action"))
			.containsExactly("rerun-all", "cancel", "rerun-failed");
		assertThat(rows).extracting((row) -> row.attr("data-outcome")).containsExactly("not-sent", "unknown", "done");
		assertThat(rows).extracting((row) -> row.attr("data-command-id")).containsExactly(OTHER, OTHER, ORIGINAL);
		Element rerun = rows.get(2);
		assertThat(rerun.text()).contains("alice").contains("i-0123456789abcdef0").contains("i-0123456789abcdef1");
		assertThat(rerun.select("a[data-sent]").attr("href")).isEqualTo("/commands/" + RERUN);
		assertThat(rows.get(1).text()).contains("Read timed out");
	}

	@Test
	void filtersAreLinksToShare() {
		assertThat(page("/activity?user=ALICE").select("tr[data-activity]"))
			.extracting((row) -> row.attr("data-action"))
			.containsExactly("rerun-failed");
		assertThat(page("/activity?commandId=" + OTHER + "&action=cancel").select("tr[data-activity]"))
			.extracting((row) -> row.attr("data-outcome"))
			.containsExactly("unknown");
		assertThat(page("/activity?commandId=" + RERUN).select("tr[data-activity]"))
			.as("the action that sent a command is found by that command too")
			.extracting((row) -> row.attr("data-command-id"))
			.containsExactly(ORIGINAL);
	}

	@Test
	void theCsvHasEveryActionAndNoFormulaForASpreadsheet() {
		HttpResponse<String> csv = ops.get("/activity.csv");
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/csv"));
		List<String> lines = csv.body().lines().toList();
		assertThat(lines.get(0)).startsWith("requested_at,user,action");
		assertThat(lines)
			.anySatisfy((line) -> assertThat(line).contains(",'=cmd|' /C calc'!A0,rerun-all,").contains("not-sent"));
		assertThat(lines).anySatisfy((line) -> assertThat(line).contains("rerun-failed")
			.contains(RERUN)
			.contains("i-0123456789abcdef0 i-0123456789abcdef1"));
	}

	@Test
	void theLogScrollsAPageAtATime() {
		Instant now = Instant.now();
		for (int n = 0; n < 55; n++) {
			Key key = new Key("cancel", "eu-west-1", String.format("0b9a4d7e-2c55-4a3e-9d61-%012d", 900 + n),
					List.of());
			ledger.begin(key, "scroller", now.minusSeconds(3600 + n));
			ledger.finish(key, new Result.Sent(List.of(), null), now.minusSeconds(3600 + n));
		}
		Document first = page("/activity?user=scroller");
		assertThat(first.select("tr[data-activity]")).hasSize(50);
		Element sentinel = first.selectFirst("tr.sentinel[hx-get]");
		assertThat(sentinel).isNotNull();
		assertThat(sentinel.attr("hx-trigger")).contains("revealed");
		HttpResponse<String> next = ops.get(sentinel.attr("hx-get"));
		assertThat(next.statusCode()).isEqualTo(200);
		Document rest = Jsoup.parseBodyFragment("<table>" + next.body() + "</table>");
		assertThat(rest.select("tr[data-activity]")).hasSize(5);
		assertThat(rest.select("[data-end]")).hasSize(1);
	}

	@Test
	void anActionLeftInFlightByAReplicaThatStoppedReadsUnknown() {
		Key key = new Key("rerun-all", "eu-west-1", "0b9a4d7e-2c55-4a3e-9d61-00000000c001", List.of());
		ledger.begin(key, "carol", Instant.now().minus(Duration.ofHours(1)));
		Element row = page("/activity?user=carol").selectFirst("tr[data-activity]");
		assertThat(row.attr("data-outcome")).isEqualTo("unknown");
		assertThat(row.text()).contains("No outcome was written");
	}

	private static Document page(String path) {
		HttpResponse<String> response = ops.get(path);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return Jsoup.parse(response.body());
	}

}
