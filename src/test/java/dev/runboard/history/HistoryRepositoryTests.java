package dev.runboard.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.runboard.aws.InvalidQueryException;
import dev.runboard.aws.InvocationRecord;
import dev.runboard.aws.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The store's read side, as {@code /history} will use it: the filters of
 * {@code /invocations} with their meaning there, newest first, a page at a time by a
 * cursor that belongs to its view.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryRepositoryTests {

	private static final Source IRELAND = new Source(null, "eu-west-1", null);

	private static final Source VIRGINIA = new Source(null, "us-east-1", null);

	private static final Instant NEWEST = Instant.parse("2026-11-20T03:00:00Z");

	private final TestFleet fleet = new TestFleet();

	private ConfigurableApplicationContext app;

	private HistoryRepository repository;

	/** Every invocation written, newest first. */
	private final List<String> all = new ArrayList<>();

	@BeforeAll
	void store() {
		this.app = HistoryApps.start(this.fleet.ssm, TestStores.newDatabase());
		await().until(() -> this.app.getBean(StoreSchema.class).ready());
		this.repository = this.app.getBean(HistoryRepository.class);
		HistoryStore store = this.app.getBean(HistoryStore.class);
		short ireland = store.sourceId(new HistoryStore.SourceKey(null, "eu-west-1"));
		short virginia = store.sourceId(new HistoryStore.SourceKey(null, "us-east-1"));
		this.app.getBean(Partitions.class).ensure(NEWEST.minusSeconds(86_400 * 40), NEWEST);
		String[][] statuses = { { "Success", "Success" }, { "Failed", "Failed" }, { "Failed", "AccessDenied" },
				{ "TimedOut", "DeliveryTimedOut" }, { "Cancelled", "Cancelled" }, { "InProgress", "InProgress" } };
		this.app.getBean(TransactionOperations.class).executeWithoutResult((status) -> {
			for (int c = 0; c < 12; c++) {
				Instant requested = NEWEST.minusSeconds(3600L * 24 * 3 * c);
				for (int n = 0; n < 3; n++) {
					String[] state = statuses[(c + n) % statuses.length];
					InvocationRecord invocation = invocation(c, n, requested, state[0], state[1],
							(c % 2 == 0) ? "AWS-RunShellScript" : "AWS-RunPatchBaseline");
					store.upsertInvocations((c % 4 == 3) ? virginia : ireland, List.of(invocation));
					this.all.add(key(invocation));
				}
			}
		});
	}

	@AfterAll
	void stop() {
		this.app.close();
		this.fleet.ssm.close();
	}

	@Test
	void scrollingPageByPageShowsEveryInvocationOnceNewestFirst() {
		List<String> shown = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			HistoryPage page = this.repository.page(query(List.of(), null, null, 5), cursor);
			page.rows().forEach((row) -> shown.add(key(row.invocation())));
			assertThat(page.rows()).hasSizeLessThanOrEqualTo(5);
			cursor = page.cursor();
			pages++;
		}
		while (cursor != null);
		assertThat(pages).isEqualTo(8);
		assertThat(shown).hasSize(36).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(this.all);
		List<Instant> times = this.repository.page(query(List.of(), null, null, 50), null)
			.rows()
			.stream()
			.map((row) -> row.invocation().requestedAt())
			.toList();
		assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
	}

	@Test
	void problemsAreEveryFailingFinalStatusAndAFinerStatusMatchesItsDetails() {
		assertThat(statuses(query(List.of(HistoryQuery.PROBLEMS), null, null, 50))).isNotEmpty()
			.allSatisfy((status) -> assertThat(status).isIn("Failed", "TimedOut", "Cancelled"))
			.contains("Failed", "TimedOut", "Cancelled");
		assertThat(this.repository.page(query(List.of("AccessDenied"), null, null, 50), null).rows()).isNotEmpty()
			.allSatisfy((row) -> assertThat(row.invocation().statusDetails()).isEqualTo("AccessDenied"));
		assertThat(statuses(query(List.of("InProgress", "Success"), null, null, 50))).containsOnly("InProgress",
				"Success");
	}

	@Test
	void everyOtherFilterOfTheInvocationsTableNarrowsTheRows() {
		String command = new UUID(0x4157L, 4).toString();
		assertThat(rows(
				new HistoryQuery(command, null, List.of(), null, null, null, List.of(IRELAND, VIRGINIA), 50, true)))
			.extracting((row) -> row.invocation().commandId())
			.hasSize(3)
			.containsOnly(command);
		assertThat(rows(new HistoryQuery(null, "i-00000000000000001", List.of(), null, null, null,
				List.of(IRELAND, VIRGINIA), 50, true)))
			.hasSize(12)
			.allSatisfy((row) -> assertThat(row.invocation().instanceId()).isEqualTo("i-00000000000000001"));
		assertThat(rows(new HistoryQuery(null, null, List.of(), "AWS-RunPatchBaseline", null, null,
				List.of(IRELAND, VIRGINIA), 50, true)))
			.hasSize(18);
		assertThat(rows(query(List.of(), NEWEST.minusSeconds(3600L * 24 * 7), NEWEST.minusSeconds(3600L * 24 * 3), 50)))
			.hasSize(6);
		assertThat(rows(new HistoryQuery(null, null, List.of(), null, null, null, List.of(VIRGINIA), 50, true)))
			.hasSize(9)
			.allSatisfy((row) -> assertThat(row.region()).isEqualTo("us-east-1"));
	}

	@Test
	void rowsCarryTheirPluginsAndOutputOnlyWhenDetailsAreAsked() {
		HistoryPage detailed = this.repository.page(query(List.of(), null, null, 3), null);
		assertThat(detailed.rows()).allSatisfy((row) -> assertThat(row.invocation().plugins()).singleElement()
			.satisfies((plugin) -> assertThat(plugin.output()).startsWith("output of")));
		HistoryPage bare = this.repository.page(
				new HistoryQuery(null, null, List.of(), null, null, null, List.of(IRELAND, VIRGINIA), 3, false), null);
		assertThat(bare.rows()).allSatisfy((row) -> assertThat(row.invocation().plugins()).isEmpty());
	}

	@Test
	void aCursorPagesOnlyThroughTheViewItWasIssuedFor() {
		String cursor = this.repository.page(query(List.of(), null, null, 5), null).cursor();
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> this.repository.page(query(List.of(HistoryQuery.PROBLEMS), null, null, 5), cursor))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("another view"));
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> this.repository.page(query(List.of(), null, null, 5), "h1.bm90IGEgY3Vyc29y"));
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> this.repository.page(query(List.of(), null, null, 5), "nextToken-of-ssm"));
	}

	@Test
	void howFarTheRecorderHasReadIsTheLeastAdvancedSource() {
		this.app.getBean(TransactionOperations.class).executeWithoutResult((status) -> {
			HistoryStore store = this.app.getBean(HistoryStore.class);
			short ireland = store.sourceId(new HistoryStore.SourceKey(null, "eu-west-1"));
			short virginia = store.sourceId(new HistoryStore.SourceKey(null, "us-east-1"));
			store.saveRecorderState(ireland, new RecorderState(NEWEST, NEWEST, NEWEST, null));
			store.saveRecorderState(virginia,
					new RecorderState(NEWEST, NEWEST.minusSeconds(90), NEWEST, NEWEST.minusSeconds(60)));
		});
		assertThat(this.repository.recordedUntil(List.of(IRELAND, VIRGINIA))).contains(NEWEST.minusSeconds(90));
		assertThat(this.repository.recordedUntil(List.of(IRELAND))).contains(NEWEST);
		assertThat(this.repository.recordedUntil(List.of(new Source("other", "eu-west-1", null)))).isEmpty();
	}

	private List<RecordedInvocation> rows(HistoryQuery query) {
		return this.repository.page(query, null).rows();
	}

	private List<String> statuses(HistoryQuery query) {
		return rows(query).stream().map((row) -> row.invocation().status()).toList();
	}

	private static HistoryQuery query(List<String> statuses, Instant after, Instant before, int pageSize) {
		return new HistoryQuery(null, null, statuses, null, after, before, List.of(IRELAND, VIRGINIA), pageSize, true);
	}

	private static InvocationRecord invocation(int command, int node, Instant requestedAt, String status,
			String details, String document) {
		return new InvocationRecord(new UUID(0x4157L, command).toString(), String.format("i-%017x", node),
				"node-" + node, "history test", document, "1", requestedAt, status, details, null, null, null, null,
				false, null,
				List.of(new InvocationRecord.Plugin("aws:runShellScript", status, details, 0, requestedAt,
						requestedAt.plusSeconds(2), "output of " + command + "/" + node, null, null, null, null, null,
						null)));
	}

	private static String key(InvocationRecord invocation) {
		return invocation.commandId() + "/" + invocation.instanceId();
	}

}
