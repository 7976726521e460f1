package dev.runboard.history;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.runboard.aws.InvocationRecord;
import dev.runboard.aws.PluginOutput;
import dev.runboard.aws.WholeOutput;
import dev.runboard.testing.SignedInClient;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Searching history ({@code /history?q=…}) over a real PostgreSQL, with a fixture of near
 * misses: a token in exactly seven nodes' output, the same token inside a longer word,
 * only in metadata, and past the 2,500-character cut; phrases and their near misses; a
 * path segment and a substring with {@code -}; hostile output in highlighted matches; a
 * user without the output role; and the command page's failure groups, whose "seen on"
 * counts are the invocations the store holds with their signature.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistorySearchTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final String TOKEN = "zorblax";

	/** The live command whose failure group the command page shows. */
	private static final String DISK_FULL = id(100);

	private static final String DISK_FULL_OUTPUT = "writing /var/cache/app/blob\nwrite error: No space left on device";

	/** Seven nodes that printed the token, 60 days ago: SSM no longer holds them. */
	private static final String SEVEN = id(1);

	private static final String LONGER_WORD = id(2);

	private static final String IN_COMMENT = id(3);

	private static final String PAST_THE_CUT = id(4);

	private final TestFleet fleet = new TestFleet();

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private final List<CommandInvocation> live = new ArrayList<>();

	private ConfigurableApplicationContext app;

	private SignedInClient client;

	private JdbcClient jdbc;

	@BeforeAll
	void recordAFleetAndKeepNearMisses() {
		// The disk-full failure: on three nodes now, and before in four other commands on
		// two to five nodes (five nodes in all); another failure beside it.
		this.live.addAll(TestFleet.withStatus(TestFleet.command(DISK_FULL, this.now.minus(Duration.ofHours(1)), 3, "x"),
				"Failed", DISK_FULL_OUTPUT));
		for (int c = 0; c < 4; c++) {
			this.live.addAll(TestFleet.withStatus(
					TestFleet.command(id(200 + c), this.now.minus(Duration.ofDays(2 + c)), 2 + c, "x"), "Failed",
					DISK_FULL_OUTPUT));
		}
		this.live.addAll(TestFleet.withStatus(TestFleet.command(id(300), this.now.minus(Duration.ofDays(1)), 2, "x"),
				"Failed", "E: Could not get lock /var/lib/dpkg/lock-frontend"));
		this.fleet.holds(this.live);
		this.app = HistoryApps.start(this.fleet.ssm, TestStores.newDatabase());
		this.jdbc = this.app.getBean(JdbcClient.class);
		await().atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> this.jdbc.sql("SELECT count(*) FROM invocation").query(Integer.class).single() == this.live
				.size()
					&& this.jdbc.sql("SELECT count(*) FROM command WHERE NOT settled")
						.query(Integer.class)
						.single() == 0);
		keepNearMisses();
		int port = ((WebServerApplicationContext) this.app).getWebServer().getPort();
		this.client = SignedInClient.signIn(URI.create("http://localhost:" + port), "ops", "ops");
	}

	/** Written as the recorder writes, 60 days ago: SSM has forgotten all of it. */
	private void keepNearMisses() {
		Instant then = this.now.minus(Duration.ofDays(60));
		this.app.getBean(Partitions.class).ensure(then.minus(Duration.ofDays(1)), this.now);
		HistoryStore store = this.app.getBean(HistoryStore.class);
		short source = store.sourceId(new HistoryStore.SourceKey(null, "eu-west-1"));
		String filler = "x".repeat(60) + "\n";
		String[] outputs = { "step 1\nwrite error: No space left on device\n" + TOKEN + " done",
				"No space left here on device\n" + TOKEN, "E: Could not get lock /var/lib/dpkg/lock-frontend " + TOKEN,
				"<script>alert(1)</script> " + TOKEN + " &amp; lock-held<now", "Zorblax in capitals", TOKEN + ".",
				null };
		List<InvocationRecord> kept = new ArrayList<>();
		for (int node = 0; node < 7; node++) {
			String output = outputs[node];
			WholeOutput whole = null;
			if (output == null) {
				// Printed past the list's cut; failing, so its whole output was read.
				String printed = filler.repeat(50) + "then " + TOKEN + " at the end";
				output = printed.substring(0, PluginOutput.LIST_LIMIT) + PluginOutput.OUTPUT_TRUNCATED;
				whole = new WholeOutput(printed, "");
			}
			kept.add(invocation(SEVEN, node, then, "Failed", "nightly", output, whole));
		}
		kept.add(invocation(LONGER_WORD, 7, then.plusSeconds(60), "Failed", "nightly",
				"pre" + TOKEN + "ed and un" + TOKEN + "ing", null));
		kept.add(invocation(IN_COMMENT, 8, then.plusSeconds(120), "Success", TOKEN + " drill", "all fine", null));
		// Printed past the cut, and succeeded: its whole output was never read.
		String printed = filler.repeat(50) + "then " + TOKEN + " at the end";
		kept.add(invocation(PAST_THE_CUT, 9, then.plusSeconds(180), "Success", "nightly",
				printed.substring(0, PluginOutput.LIST_LIMIT) + PluginOutput.OUTPUT_TRUNCATED, null));
		// More matches than a search reads by its own indexes: the planner's plan.
		for (int c = 0; c < 3; c++) {
			for (int node = 0; node < 350; node++) {
				kept.add(invocation(id(400 + c), node, then.minus(Duration.ofDays(c + 1)), "Success", "bulk",
						"a frequent line", null));
			}
		}
		this.app.getBean(TransactionOperations.class)
			.executeWithoutResult((status) -> store.upsertInvocations(source, kept));
	}

	@AfterAll
	void stop() {
		this.app.close();
		this.fleet.ssm.close();
	}

	@Test
	void aTokenIsFoundInTheSevenNodesThatPrintedItAndInMetadataButNotInsideLongerWordsOrPastTheCut() {
		Document page = search(this.client, TOKEN);
		assertThat(keys(page)).containsExactlyInAnyOrder(key(SEVEN, 0), key(SEVEN, 1), key(SEVEN, 2), key(SEVEN, 3),
				key(SEVEN, 4), key(SEVEN, 5), key(SEVEN, 6), key(IN_COMMENT, 8));
		assertThat(page.select("tbody#history tr[data-command-id=" + SEVEN + "]")).hasSize(7)
			.allSatisfy((row) -> assertThat(row.select("[data-match] mark")).isNotEmpty()
				.allSatisfy((mark) -> assertThat(mark.text()).isEqualToIgnoringCase(TOKEN)));
		assertThat(row(page, IN_COMMENT, 8).select("[data-match]")).isEmpty();
		assertThat(row(page, IN_COMMENT, 8).select("[data-matched-elsewhere]")).hasSize(1);
		assertThat(page.title()).startsWith("History: “" + TOKEN + "” · ");
		assertThat(page.select("textarea[data-summary=text]").text()).as("the summary for chat links the search")
			.contains("/history?q=" + TOKEN);
	}

	@Test
	void aRowSaysWhenItsOutputWasCutBeforeTheStoreKeptIt() {
		Document page = search(this.client, "nightly");
		assertThat(keys(page)).contains(key(PAST_THE_CUT, 9), key(SEVEN, 6));
		assertThat(row(page, PAST_THE_CUT, 9).select("[data-output-cut]")).hasSize(1);
		assertThat(row(page, SEVEN, 6).select("[data-output-cut]")).as("its whole output was kept").isEmpty();
		assertThat(page.select("[data-search-scope]").text()).contains("2,500");
	}

	@Test
	void aCommonTermIsPagedNewestFirstAsARareOneIs() {
		HttpResponse<String> response = this.client.get("/history?q=frequent");
		Document page = Jsoup.parse(response.body());
		List<String> newest = new ArrayList<>();
		for (int node = 349; node >= 300; node--) {
			newest.add(key(id(400), node));
		}
		assertThat(keys(page)).containsExactlyElementsOf(newest);
		Element sentinel = page.selectFirst("tr.sentinel[hx-get]");
		assertThat(sentinel).isNotNull();
		Document next = Jsoup.parseBodyFragment("<table><tbody id=\"history\">"
				+ this.client.htmx(sentinel.attr("hx-get")).body() + "</tbody></table>");
		assertThat(keys(next)).first().isEqualTo(key(id(400), 299));
		assertThat(keys(search(this.client, "frequent bulk line"))).hasSize(50);
	}

	@Test
	void everyWordMustMatch() {
		assertThat(keys(search(this.client, TOKEN + " dpkg"))).containsExactly(key(SEVEN, 2));
		assertThat(keys(search(this.client, "dpkg " + TOKEN + " nonexistent"))).isEmpty();
		assertThat(search(this.client, "dpkg " + TOKEN + " nonexistent").select("[data-end]").text())
			.contains("No recorded invocation matches this search");
	}

	@Test
	void aPhraseMatchesItsWordsInOrderOnly() {
		Document page = search(this.client, "\"No space left on device\" " + TOKEN);
		assertThat(keys(page)).containsExactly(key(SEVEN, 0));
		assertThat(row(page, SEVEN, 0).select("[data-match] mark").eachText()).contains("No space left on device");
		assertThat(search(this.client, "\"No space left on device\"").title())
			.startsWith("History: “No space left on device” · ");
		assertThat(keys(search(this.client, "\"left space\" " + TOKEN))).isEmpty();
	}

	/**
	 * A search's link pasted in chat is fetched without a session: its preview names the
	 * search from the link alone, and shows nothing the store holds.
	 */
	@Test
	void aSearchLinkFetchedWithoutASessionPreviewsAsItsSearch() throws Exception {
		int port = ((WebServerApplicationContext) this.app).getWebServer().getPort();
		String q = URLEncoder.encode("\"No space left on device\"", StandardCharsets.UTF_8);
		HttpClient anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
		HttpResponse<String> preview = anonymous.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/history?q=" + q)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(preview.uri().getPath()).isEqualTo("/login");
		Document page = Jsoup.parse(preview.body());
		assertThat(page.title()).startsWith("History: “No space left on device” · ");
		assertThat(page.select("meta[property=og:title]").attr("content")).isEqualTo(page.title());
		assertThat(preview.body()).doesNotContain(TOKEN);
	}

	@Test
	void aPathSegmentIsAWordAndATermWithAHyphenASubstring() {
		assertThat(keys(search(this.client, "dpkg"))).containsExactlyInAnyOrder(key(SEVEN, 2), key(id(300), 0),
				key(id(300), 1));
		assertThat(keys(search(this.client, "dpk"))).as("a word is whole").isEmpty();
		Document substring = search(this.client, "lock-front " + TOKEN);
		assertThat(keys(substring)).containsExactly(key(SEVEN, 2));
		assertThat(row(substring, SEVEN, 2).select("[data-match] mark").eachText()).contains("lock-front");
		assertThat(keys(search(this.client, "/var/lib/dpkg " + TOKEN))).containsExactly(key(SEVEN, 2));
	}

	@Test
	void hostileOutputIsEscapedSegmentBySegmentAroundItsMarks() {
		HttpResponse<String> response = this.client.get("/history?q=" + encode("lock-held<now"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("<mark>lock-held&lt;now</mark>")
			.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
			.contains("&amp;amp; ")
			.doesNotContain("<script>alert");
		Document page = Jsoup.parse(response.body());
		assertThat(keys(page)).containsExactly(key(SEVEN, 3));
		assertThat(this.client.get("/history?q=" + encode("&<>")).statusCode()).as("no letter or digit").isEqualTo(400);
	}

	@Test
	void aSearchIsExportedAsItIsShown() {
		String csv = this.client.get("/history.csv?q=" + TOKEN).body();
		assertThat(csv.lines().filter((line) -> line.contains(SEVEN))).hasSize(7);
		assertThat(csv.lines().filter((line) -> line.contains(IN_COMMENT))).hasSize(1);
		assertThat(csv).doesNotContain(LONGER_WORD).doesNotContain(PAST_THE_CUT);
	}

	@Test
	void withoutTheOutputRoleSearchMatchesMetadataOnlyAndShowsNoOutput() {
		ConfigurableApplicationContext replica = HistoryApps.start(this.fleet.ssm,
				this.app.getEnvironment().getProperty("spring.datasource.url"), "runboard.security.output-role=OUTPUT");
		try {
			int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
			SignedInClient reader = SignedInClient.signIn(URI.create("http://localhost:" + port), "ops", "ops");
			Document page = search(reader, TOKEN);
			assertThat(keys(page)).containsExactly(key(IN_COMMENT, 8));
			assertThat(page.select("[data-search-metadata-only]")).hasSize(1);
			assertThat(page.select("[data-match], tbody#history pre")).isEmpty();
			assertThat(keys(search(reader, "dpkg"))).isEmpty();
			assertThat(keys(search(reader, "lock-front"))).isEmpty();
			assertThat(keys(search(reader, "drill"))).containsExactly(key(IN_COMMENT, 8));
			assertThat(reader.get("/history.csv?q=" + TOKEN).body()).doesNotContain(SEVEN);
			assertThat(reader.get("/history?signature=" + encode("exit 1 · write error: No space left on device"))
				.statusCode()).isEqualTo(403);
		}
		finally {
			replica.close();
		}
	}

	@Test
	void aFailureGroupSaysWhereElseItWasSeenAsTheStoreHoldsIt() {
		Document summary = Jsoup.parse(this.client.get("/commands/" + DISK_FULL + "/summary").body());
		Element group = summary.selectFirst("[data-failure-group]");
		assertThat(group).isNotNull();
		String signature = group.selectFirst("[data-signature]").text();
		assertThat(signature).contains("No space left on device");
		Element seen = group.selectFirst("[data-seen-elsewhere]");
		assertThat(seen).isNotNull();
		int nodes = this.jdbc
			.sql("SELECT count(DISTINCT instance_id) FROM invocation WHERE failure_signature = ? AND command_id <> ?")
			.params(signature, DISK_FULL)
			.query(Integer.class)
			.single();
		int commands = this.jdbc
			.sql("SELECT count(DISTINCT command_id) FROM invocation WHERE failure_signature = ? AND command_id <> ?")
			.params(signature, DISK_FULL)
			.query(Integer.class)
			.single();
		assertThat(nodes).isEqualTo(5);
		assertThat(commands).isEqualTo(4);
		assertThat(seen.attr("data-nodes")).isEqualTo("5");
		assertThat(seen.attr("data-commands")).isEqualTo("4");
		assertThat(seen.text()).contains("Seen on 5 nodes in 4 other commands in the last 90 days");
		String link = seen.selectFirst("a[data-seen-link]").attr("href");
		assertThat(link).startsWith("/history?signature=");
		Document history = Jsoup.parse(this.client.get(link).body());
		assertThat(keys(history)).hasSize(3 + 2 + 3 + 4 + 5)
			.allSatisfy((key) -> assertThat(key).doesNotStartWith(id(300)));
		assertThat(history.select("[data-signature-filter]").text()).contains(signature);
	}

	@Test
	void aChangedAlgorithmComputesSignaturesAgainRatherThanMixingVersions() {
		JdbcClient jdbc = this.jdbc;
		String signature = jdbc.sql("SELECT failure_signature FROM invocation WHERE command_id = ? LIMIT 1")
			.param(DISK_FULL)
			.query(String.class)
			.single();
		jdbc.sql("UPDATE invocation SET failure_signature = 'stale', signature_version = 1 WHERE command_id = ?")
			.param(id(200))
			.update();
		Document summary = Jsoup.parse(this.client.get("/commands/" + DISK_FULL + "/summary").body());
		assertThat(summary.selectFirst("[data-seen-elsewhere]").attr("data-commands"))
			.as("a signature of another version is not counted")
			.isEqualTo("3");
		assertThat(this.app.getBean(SignatureRefresh.class).refresh()).isEqualTo(2);
		assertThat(jdbc.sql("SELECT DISTINCT failure_signature FROM invocation WHERE command_id = ?")
			.param(id(200))
			.query(String.class)
			.list()).containsExactly(signature);
		summary = Jsoup.parse(this.client.get("/commands/" + DISK_FULL + "/summary").body());
		assertThat(summary.selectFirst("[data-seen-elsewhere]").attr("data-commands")).isEqualTo("4");
	}

	@Test
	void aDetailPageLeadsFromItsOutputLineToEveryNodeThatPrintedIt() {
		Document detail = Jsoup
			.parse(this.client.get("/invocations/" + DISK_FULL + "/" + String.format("i-%017x", 0)).body());
		Element find = detail.selectFirst("[data-find-elsewhere] a");
		assertThat(find).isNotNull();
		assertThat(find.text()).isEqualTo("Find this line elsewhere");
		assertThat(find.attr("href")).isEqualTo("/history?q=%22write%20error:%20No%20space%20left%20on%20device%22");
		Document found = Jsoup.parse(this.client.get(find.attr("href")).body());
		assertThat(keys(found)).hasSize(3 + 2 + 3 + 4 + 5 + 1).contains(key(SEVEN, 0));
		assertThat(found.select("tbody#history tr[data-command-id] [data-match] mark").eachText())
			.containsOnly("write error: No space left on device");
	}

	@Test
	void anEmptyInvocationsTableLeadsToASearchOfHistory() {
		Document table = Jsoup.parse(this.client.get("/invocations?commandId=" + SEVEN).body());
		Element link = table.selectFirst("[data-end] a[data-history-link]");
		assertThat(link).isNotNull();
		assertThat(link.text()).isEqualTo("search history");
		assertThat(link.parent().text()).startsWith("SSM holds 30 days");
		assertThat(keys(Jsoup.parse(this.client.get(link.attr("href")).body()))).hasSize(7);
	}

	private static Document search(SignedInClient client, String q) {
		HttpResponse<String> response = client.get("/history?q=" + encode(q));
		assertThat(response.statusCode()).as(q).isEqualTo(200);
		return Jsoup.parse(response.body());
	}

	private static Element row(Document page, String commandId, int node) {
		return page.selectFirst("tbody#history tr[data-command-id=" + commandId + "][data-instance-id="
				+ String.format("i-%017x", node) + "]");
	}

	private static List<String> keys(Document page) {
		return page.select("tbody#history tr[data-command-id][data-instance-id]")
			.stream()
			.map((row) -> row.attr("data-command-id") + "/" + row.attr("data-instance-id"))
			.toList();
	}

	private static String key(String commandId, int node) {
		return commandId + "/" + String.format("i-%017x", node);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static InvocationRecord invocation(String commandId, int node, Instant requestedAt, String status,
			String comment, String output, WholeOutput whole) {
		return new InvocationRecord(commandId, String.format("i-%017x", node), "node-" + node, comment,
				"AWS-RunShellScript", "1", requestedAt, status, status, null, null, null, null, false, null,
				List.of(new InvocationRecord.Plugin("aws:runShellScript", status, status,
						"Success".equals(status) ? 0 : 1, requestedAt, requestedAt.plusSeconds(2), output, null, null,
						null, null, null, whole)));
	}

	private static String id(int number) {
		return new UUID(0x5ea4c4L << 32, number).toString();
	}

}
