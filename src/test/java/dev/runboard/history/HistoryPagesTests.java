package dev.runboard.history;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import dev.runboard.testing.Csv;
import dev.runboard.testing.SignedInClient;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import software.amazon.awssdk.services.ssm.model.CloudWatchOutputConfig;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /history} and the pages of what SSM forgot, over a real PostgreSQL the recorder
 * filled through the real SDK from the local SSM endpoint: the table's rows and filters
 * over the store, newest first, scrolled by a cursor that belongs to its view; its
 * exports; the detail and command pages of a command SSM no longer lists, served from the
 * store with what it kept and no actions; and the links that lead into history.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryPagesTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	/** The failed patch run of 20 days ago, which SSM forgets once it is recorded. */
	private static final String FORGOTTEN = id(1);

	private static final String BUCKET_URL = "https://s3.eu-west-1.amazonaws.com/run-logs/runs/";

	private final TestFleet fleet = new TestFleet();

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	/** Every invocation recorded, as SSM held it before forgetting one command. */
	private final List<CommandInvocation> recorded = new ArrayList<>();

	private ConfigurableApplicationContext app;

	private SignedInClient client;

	@BeforeAll
	void recordAFleetThenForgetACommand() {
		for (CommandInvocation invocation : TestFleet.command(FORGOTTEN, this.now.minus(Duration.ofDays(20)), 3,
				"Failed")) {
			this.recorded.add(withOutputElsewhere(invocation));
		}
		for (int c = 2; c <= 13; c++) {
			this.recorded.addAll(TestFleet.command(id(c), this.now.minus(Duration.ofHours(c)), 3, "Success"));
		}
		this.recorded.sort(newestFirst());
		this.fleet.holds(this.recorded);
		this.app = HistoryApps.start(this.fleet.ssm, TestStores.newDatabase());
		JdbcClient jdbc = this.app.getBean(JdbcClient.class);
		await().atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> jdbc
				.sql("SELECT count(*) FROM recorder WHERE backfill_next IS NULL AND recorded_until IS NOT NULL")
				.query(Integer.class)
				.single() == 1
					&& jdbc.sql("SELECT count(*) FROM command WHERE NOT settled").query(Integer.class).single() == 0
					&& jdbc.sql("SELECT count(*) FROM invocation").query(Integer.class).single() == this.recorded
						.size());
		this.fleet
			.holds(this.recorded.stream().filter((invocation) -> !FORGOTTEN.equals(invocation.commandId())).toList());
		int port = ((WebServerApplicationContext) this.app).getWebServer().getPort();
		this.client = SignedInClient.signIn(URI.create("http://localhost:" + port), "ops", "ops");
	}

	@AfterAll
	void stop() {
		this.app.close();
		this.fleet.ssm.close();
	}

	@Test
	void historyListsRecordedInvocationsNewestFirstInTheTablesRows() {
		HttpResponse<String> response = this.client.get("/history?pageSize=10");
		assertThat(response.statusCode()).isEqualTo(200);
		Document page = Jsoup.parse(response.body());
		assertThat(keys(page)).containsExactlyElementsOf(keys(this.recorded).subList(0, 10));
		assertThat(page.select("tbody#history > tr[data-command-id][data-instance-id][data-status]")).hasSize(10)
			.allSatisfy((row) -> assertThat(row.attr("data-status")).isEqualTo("Success"));
		assertThat(page.select("tbody#history > tr[data-command-id]"))
			.as("rows of history show what was recorded and poll nothing")
			.allSatisfy((row) -> assertThat(row.hasAttr("hx-get")).isFalse());
		Element recorder = page.selectFirst("[data-recorded-until]");
		assertThat(recorder).isNotNull();
		assertThat(Instant.parse(recorder.attr("data-recorded-until"))).isAfter(this.now.minus(Duration.ofMinutes(5)));
		assertThat(page.selectFirst("[data-recorded]").text()).contains("invocations");
		assertThat(page.title()).startsWith("History: Invocations");
	}

	@Test
	void scrollingFollowsACursorToTheOldestRecordedInvocationShowingEachOnce() {
		HttpResponse<String> first = this.client.get("/history?pageSize=7");
		List<String> shown = new ArrayList<>(keys(Jsoup.parse(first.body())));
		Element sentinel = sentinel(Jsoup.parse(first.body()));
		int pages = 1;
		while (sentinel != null) {
			assertThat(sentinel.attr("hx-trigger")).contains("revealed");
			assertThat(sentinel.attr("hx-get")).startsWith("/history/rows?").contains("pageSize=7").contains("cursor=");
			HttpResponse<String> next = this.client.htmx(sentinel.attr("hx-get"));
			assertThat(next.statusCode()).isEqualTo(200);
			Document fragment = Jsoup
				.parseBodyFragment("<table><tbody id=\"history\">" + next.body() + "</tbody></table>");
			shown.addAll(keys(fragment));
			sentinel = sentinel(fragment);
			if (sentinel == null) {
				assertThat(fragment.select("[data-end]")).hasSize(1);
			}
			pages++;
		}
		assertThat(shown).containsExactlyElementsOf(keys(this.recorded));
		assertThat(pages).isEqualTo((this.recorded.size() + 6) / 7);
	}

	@Test
	void aCursorPagesOnlyTheViewItWasIssuedFor() {
		String next = sentinel(Jsoup.parse(this.client.get("/history?pageSize=5").body())).attr("hx-get");
		String cursor = next.substring(next.indexOf("cursor="));
		HttpResponse<String> elsewhere = this.client.htmx("/history/rows?pageSize=5&status=Success&" + cursor);
		assertThat(elsewhere.statusCode()).isEqualTo(400);
		assertThat(elsewhere.body()).contains("cursor: this cursor belongs to another view");
		assertThat(this.client.htmx("/history/rows?pageSize=5&cursor=h1.bm9wZQ").statusCode()).isEqualTo(400);
	}

	@Test
	void everyFilterOfTheTableNarrowsHistoryAsItDoesTheTable() {
		assertThat(keys(page("/history?status=problems"))).containsExactlyElementsOf(keysOf(FORGOTTEN));
		assertThat(keys(page("/history?status=Failed&status=Success&pageSize=50"))).hasSize(this.recorded.size());
		assertThat(keys(page("/history?commandId=" + id(3)))).containsExactlyElementsOf(keysOf(id(3)));
		assertThat(keys(page("/history?instanceId=i-00000000000000001"))).hasSize(13)
			.allSatisfy((key) -> assertThat(key).endsWith("/i-00000000000000001"));
		assertThat(keys(page("/history?document=AWS-RunPatchBaseline"))).isEmpty();
		Instant tenDaysAgo = this.now.minus(Duration.ofDays(10));
		assertThat(keys(page("/history?before=" + tenDaysAgo))).containsExactlyElementsOf(keysOf(FORGOTTEN));
		assertThat(keys(page("/history?after=" + tenDaysAgo + "&pageSize=50"))).hasSize(this.recorded.size() - 3);
		assertThat(this.client.get("/history?status=Sideways").statusCode()).isEqualTo(400);
	}

	@Test
	void aFilterChangeAnswersTheResultsAndPushesTheCanonicalLink() {
		HttpResponse<String> results = this.client.htmx("/history?status=problems&document=&commandId=");
		assertThat(results.statusCode()).isEqualTo(200);
		assertThat(results.body()).doesNotContain("<html").contains("id=\"history\"");
		assertThat(results.headers().firstValue("HX-Push-Url")).hasValue("/history?status=problems");
	}

	@Test
	void aSearchThatCannotBeAnsweredIsRefusedNamingQ() {
		HttpResponse<String> search = this.client.get("/history?q=a-");
		assertThat(search.statusCode()).isEqualTo(400);
		assertThat(search.body()).contains("q: a- is matched as a substring");
	}

	@Test
	void exportsWriteEveryRecordedInvocationOfTheView() throws Exception {
		HttpResponse<String> csv = this.client.get("/history.csv?status=problems");
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("history-");
		List<List<String>> records = Csv.parse(csv.body());
		assertThat(records).hasSize(4);
		assertThat(records.subList(1, 4)).allSatisfy((record) -> assertThat(record).contains(FORGOTTEN, "Failed"));

		HttpResponse<String> json = this.client.get("/history.json?pageSize=5");
		JsonNode export = JsonMapper.builder().build().readTree(json.body());
		assertThat(export.get("count").asInt()).isEqualTo(this.recorded.size());
		assertThat(export.get("truncated").asBoolean()).isFalse();
		assertThat(export.get("query").asString()).isEqualTo("/history");
	}

	@Test
	void anInvocationSsmForgotIsServedFromTheStoreWithWhatItKept() {
		CommandInvocation kept = this.recorded.stream()
			.filter((invocation) -> FORGOTTEN.equals(invocation.commandId()))
			.findFirst()
			.orElseThrow();
		String path = "/invocations/" + FORGOTTEN + "/" + kept.instanceId();
		HttpResponse<String> response = this.client.get(path);
		assertThat(response.statusCode()).isEqualTo(200);
		Document page = Jsoup.parse(response.body());
		assertThat(page.select("main[data-from-history]")).hasSize(1);
		assertThat(page.select("#live").attr("data-status")).isEqualTo("Failed");
		assertThat(page.select("#live").hasAttr("hx-get")).as("a page from the store does not poll").isFalse();
		assertThat(page.select("form[data-action]")).as("no action on what SSM forgot").isEmpty();
		assertThat(page.select("pre.stdout").text()).contains(TestFleet.plugin(kept).output());
		assertThat(page.select("a[data-link=s3-stdout]").attr("href"))
			.startsWith("https://s3.console.aws.amazon.com/s3/object/run-logs?region=eu-west-1&prefix=runs/");
		assertThat(page.select("a[data-link=cloudwatch]").attr("href")).contains("$252Fops$252Fruns");
		assertThat(page.select("a[data-node-history]").attr("href"))
			.isEqualTo("/history?instanceId=" + kept.instanceId());

		HttpResponse<String> download = this.client.get(path + "/output.txt?plugin=aws:runShellScript&stream=stdout");
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(TestFleet.plugin(kept).output());
	}

	@Test
	void aCommandSsmForgotIsServedFromTheStoreWithoutActions() {
		Document page = Jsoup.parse(this.client.get("/commands/" + FORGOTTEN).body());
		assertThat(page.select("[data-command-page][data-from-history]")).hasSize(1);
		assertThat(page.select("form[data-action]")).isEmpty();
		assertThat(page.select("tbody#invocations").attr("hx-get")).isEqualTo("/history/rows?commandId=" + FORGOTTEN);
		Document summary = Jsoup.parse(this.client.htmx("/commands/" + FORGOTTEN + "/summary").body());
		assertThat(summary.select("[data-status-count=Failed][data-count=3]")).hasSize(1);
		assertThat(summary.select("#summary").hasAttr("hx-trigger")).isFalse();
		Document rows = Jsoup.parseBodyFragment("<table><tbody>"
				+ this.client.htmx("/history/rows?commandId=" + FORGOTTEN).body() + "</tbody></table>");
		assertThat(keys(rows)).containsExactlyElementsOf(keysOf(FORGOTTEN));
	}

	@Test
	void whatSsmStillHoldsIsServedLiveAndWhatNeitherKnowsIsNotFound() {
		Document live = Jsoup.parse(this.client.get("/invocations/" + id(2) + "/i-00000000000000000").body());
		assertThat(live.select("#live")).hasSize(1);
		assertThat(live.select("[data-from-history]")).isEmpty();
		assertThat(this.client.get("/invocations/" + id(99) + "/i-00000000000000000").statusCode()).isEqualTo(404);
		assertThat(this.client.get("/commands/" + id(99)).statusCode()).isEqualTo(404);
	}

	@Test
	void theTableTheNavigationAndANodeLeadIntoHistory() {
		Document table = Jsoup.parse(this.client.get("/invocations?status=Failed").body());
		assertThat(table.select("a[data-history-link]").attr("href")).isEqualTo("/history?status=Failed");
		assertThat(table.select("a[data-nav=history]").attr("href")).isEqualTo("/history");
		Document history = page("/history?pageSize=1");
		assertThat(history.select("tbody#history td[data-label=Node] a.mono").attr("href"))
			.isEqualTo("/history?instanceId=" + this.recorded.get(0).instanceId());
	}

	@Test
	void withoutTheOutputRoleHistoryShowsNoOutput() {
		// A second replica on the same store, where reading output takes a role ops
		// lacks.
		ConfigurableApplicationContext replica = HistoryApps.start(this.fleet.ssm,
				this.app.getEnvironment().getProperty("spring.datasource.url"), "runboard.security.output-role=OUTPUT");
		try {
			int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
			SignedInClient reader = SignedInClient.signIn(URI.create("http://localhost:" + port), "ops", "ops");
			Document history = Jsoup.parse(reader.get("/history?status=problems").body());
			assertThat(keys(history)).containsExactlyElementsOf(keysOf(FORGOTTEN));
			assertThat(history.select("[data-output-hidden]")).hasSize(1);
			assertThat(history.select("tbody#history pre")).isEmpty();
			assertThat(history.text()).doesNotContain("output of");
			String instanceId = keysOf(FORGOTTEN).get(0).substring(FORGOTTEN.length() + 1);
			Document detail = Jsoup.parse(reader.get("/invocations/" + FORGOTTEN + "/" + instanceId).body());
			assertThat(detail.select("main[data-from-history]")).hasSize(1);
			assertThat(detail.select("pre.stdout")).isEmpty();
			assertThat(reader.get("/history.csv?status=problems").body()).doesNotContain("output of");
		}
		finally {
			replica.close();
		}
	}

	private Document page(String path) {
		HttpResponse<String> response = this.client.get(path);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return Jsoup.parse(response.body());
	}

	private static Element sentinel(Document page) {
		return page.selectFirst("tr.sentinel[hx-get]");
	}

	private static List<String> keys(Document page) {
		return page.select("tr[data-command-id][data-instance-id]")
			.stream()
			.map((row) -> row.attr("data-command-id") + "/" + row.attr("data-instance-id"))
			.toList();
	}

	private static List<String> keys(List<CommandInvocation> invocations) {
		return invocations.stream().map(TestFleet::key).toList();
	}

	private List<String> keysOf(String commandId) {
		return keys(this.recorded.stream().filter((invocation) -> commandId.equals(invocation.commandId())).toList());
	}

	/** History's order: newest first, then by command and node, each descending. */
	private static Comparator<CommandInvocation> newestFirst() {
		return Comparator.comparing(CommandInvocation::requestedDateTime)
			.thenComparing(CommandInvocation::commandId)
			.thenComparing(CommandInvocation::instanceId)
			.reversed();
	}

	/** The invocation with its output in S3 and in CloudWatch Logs too. */
	private static CommandInvocation withOutputElsewhere(CommandInvocation invocation) {
		String key = "runs/" + invocation.commandId() + "/" + invocation.instanceId()
				+ "/awsrunShellScript/0.awsrunShellScript/stdout";
		return invocation.toBuilder()
			.cloudWatchOutputConfig(CloudWatchOutputConfig.builder()
				.cloudWatchOutputEnabled(true)
				.cloudWatchLogGroupName("/ops/runs")
				.build())
			.commandPlugins(invocation.commandPlugins()
				.stream()
				.map((plugin) -> plugin.toBuilder()
					.standardOutputUrl(BUCKET_URL + key.substring("runs/".length()))
					.outputS3BucketName("run-logs")
					.outputS3KeyPrefix("runs")
					.outputS3Region("eu-west-1")
					.build())
				.toList())
			.build();
	}

	private static String id(int number) {
		return new UUID(0x4157_0000L, number).toString();
	}

}
