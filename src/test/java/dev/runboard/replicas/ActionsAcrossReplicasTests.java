package dev.runboard.replicas;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.commands.actions.ActionLedger;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.LocalUsers;
import dev.runboard.testing.TestInvocations;
import dev.runboard.testing.TestPostgres;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rerun double-submitted across two replicas on one store is sent once: each POST
 * reaches another replica at the same moment, {@code SendCommand} is held at the local
 * SSM endpoint until both have begun, and both answers lead to the one new command, which
 * the activity log shows once. The page the answer that did not send lands on says it was
 * already sent, when and by whom.
 */
class ActionsAcrossReplicasTests {

	static final Instant REQUESTED = Instant.now().minus(Duration.ofHours(1));

	static final String PATCH = "0b9a4d7e-2c55-4a3e-9d61-00000000d001";

	static final String ABANDONED = "0b9a4d7e-2c55-4a3e-9d61-00000000d002";

	static final String LINKED = "0b9a4d7e-2c55-4a3e-9d61-00000000d003";

	static final List<SendCommandRequest> sent = new CopyOnWriteArrayList<>();

	static final SandboxData DATA = new SandboxData() {

		@Override
		public List<CommandInvocation> invocationsAt(Instant now) {
			List<CommandInvocation> invocations = new ArrayList<>();
			for (String command : List.of(PATCH, ABANDONED, LINKED)) {
				for (int node = 0; node < 3; node++) {
					invocations.add(TestInvocations.invocation(command, String.format("i-%017x", node),
							"AWS-RunShellScript", REQUESTED, (node == 1) ? "Failed" : "Success", "output"));
				}
			}
			// Each command sent runs on one node; SSM lists it with the comment
			// sentCommand gives: none.
			for (int command = 1; command <= sent.size(); command++) {
				invocations.add(TestInvocations.invocation(new UUID(0xfeedL, command).toString(), "i-00000000000000000",
						"AWS-RunShellScript", REQUESTED.plusSeconds(command), "InProgress", ""));
			}
			return invocations;
		}

		@Override
		public Optional<Command> sentCommand(String commandId, Instant now) {
			return Optional.of(TestInvocations.patchCommand(commandId, REQUESTED));
		}

		@Override
		public Command send(SendCommandRequest request, Instant now) {
			sent.add(request);
			return TestInvocations.pending(new UUID(0xfeedL, sent.size()).toString(), request, now);
		}

	};

	@RegisterExtension
	static final FakeSsmServer ssm = new FakeSsmServer(new SandboxSsmClient(DATA, Clock.systemUTC(), Region.EU_WEST_1));

	static ConfigurableApplicationContext a;

	static ConfigurableApplicationContext b;

	static JdbcClient store;

	@BeforeAll
	static void startTwoReplicas() {
		String database = TestPostgres.freshDatabase();
		a = Replicas.start(ssm, database);
		b = Replicas.start(ssm, database);
		store = JdbcClient.create(TestPostgres.dataSource(database));
	}

	@AfterAll
	static void stop() {
		b.close();
		a.close();
	}

	@Test
	void aRerunSubmittedToBothReplicasAtOnceIsSentOnceAndBothAnswersNameTheNewCommand() throws Exception {
		// Two browsers of the operators, each signed in on its replica: the notice of
		// each
		// answer waits in its own session for the page it lands on.
		Browser onA = new Browser(Replicas.uri(a));
		onA.signIn(LocalUsers.OPS, LocalUsers.password(LocalUsers.OPS));
		String pageOnA = onA.get("/commands/" + PATCH).body();
		Browser onB = new Browser(Replicas.uri(b));
		onB.signIn(LocalUsers.OPS, LocalUsers.password(LocalUsers.OPS));
		String pageOnB = onB.get("/commands/" + PATCH).body();
		long actionsBefore = actionsBegun();
		int sendsBefore = ssm.calls("SendCommand").size();
		int sentBefore = sent.size();
		String newCommand = new UUID(0xfeedL, sentBefore + 1).toString();
		CountDownLatch gate = ssm.hold((body) -> body.has("DocumentName"));
		ExecutorService clicks = Executors.newFixedThreadPool(2);
		try {
			Future<HttpResponse<String>> postedToA = clicks
				.submit(() -> onA.post("/commands/" + PATCH + "/rerun", pageOnA, Map.of("scope", "all")));
			Future<HttpResponse<String>> postedToB = clicks
				.submit(() -> onB.post("/commands/" + PATCH + "/rerun", pageOnB, Map.of("scope", "all")));

			// One SendCommand waits at SSM, and both replicas have begun the action: the
			// second POST meets the first in flight, not finished.
			await().atMost(Duration.ofSeconds(30)).until(() -> ssm.calls("SendCommand").size() == sendsBefore + 1);
			await().atMost(Duration.ofSeconds(30)).until(() -> actionsBegun() >= actionsBefore + 2);
			assertThat(postedToA.isDone() && postedToB.isDone()).as("both answered before SSM did").isFalse();
			gate.countDown();

			HttpResponse<String> fromA = postedToA.get(1, TimeUnit.MINUTES);
			HttpResponse<String> fromB = postedToB.get(1, TimeUnit.MINUTES);
			assertThat(ssm.calls("SendCommand")).hasSize(sendsBefore + 1);
			assertThat(sent).hasSize(sentBefore + 1);
			assertThat(List.of(fromA, fromB)).allSatisfy((answer) -> {
				assertThat(answer.statusCode()).isEqualTo(303);
				assertThat(Browser.location(answer)).startsWith("/commands/" + newCommand);
			});

			// The page each answer leads to says what happened: one sent it, the other
			// was told it had been sent, by whom, and which command it was.
			List<String> notices = List.of(notice(onA, fromA), notice(onB, fromB));
			assertThat(notices).filteredOn((notice) -> notice.startsWith("Rerun sent: "))
				.singleElement()
				.satisfies((notice) -> assertThat(notice).contains("command " + newCommand)
					.contains(" by " + LocalUsers.OPS));
			assertThat(notices).filteredOn((notice) -> notice.startsWith("Already sent "))
				.singleElement()
				.satisfies((notice) -> assertThat(notice).matches("Already sent \\d+ s ago by " + LocalUsers.OPS
						+ ": command " + newCommand + "\\. It was not sent again\\."));
		}
		finally {
			gate.countDown();
			clicks.shutdownNow();
		}
		List<Element> logged = Jsoup.parse(onB.get("/activity?commandId=" + PATCH).body())
			.select("tr[data-activity][data-command-id=" + PATCH + "]");
		assertThat(logged).singleElement().satisfies((row) -> {
			assertThat(row.attr("data-action")).isEqualTo("rerun-all");
			assertThat(row.attr("data-outcome")).isEqualTo("done");
			assertThat(row.text()).contains(newCommand);
		});
	}

	/**
	 * A replica began a rerun and stopped before it wrote the outcome: SSM may have run
	 * it, so another replica never sends it again silently.
	 */
	@Test
	void anActionLeftInFlightByAReplicaThatStoppedIsNotSentAgainByAnother() {
		a.getBean(ActionLedger.class)
			.begin(new ActionLedger.Key("rerun-all", "eu-west-1", ABANDONED, List.of()), LocalUsers.OPS, Instant.now());
		int sends = ssm.calls("SendCommand").size();
		Browser ops = new Browser(Replicas.uri(b));
		ops.signIn(LocalUsers.OPS, LocalUsers.password(LocalUsers.OPS));
		String page = ops.get("/commands/" + ABANDONED).body();

		HttpResponse<String> answer = ops.post("/commands/" + ABANDONED + "/rerun", page, Map.of("scope", "all"));

		assertThat(ssm.calls("SendCommand")).hasSize(sends);
		assertThat(answer.statusCode()).isBetween(300, 499);
	}

	/**
	 * A rerun sent through one replica, read on the other: the new command's page names
	 * its original, the original lists it, and the original's page shows the action with
	 * its outcome, all from the activity log. The local endpoint answers the new command
	 * without the comment the rerun carried, so the comment convention cannot be what
	 * links them.
	 */
	@Test
	void eachCommandPageShowsItsOwnActionsAndTheLinksBetweenARerunAndItsOriginalComeFromTheLog() {
		Browser ops = new Browser(Replicas.uri(a));
		ops.signIn(LocalUsers.OPS, LocalUsers.password(LocalUsers.OPS));
		String page = ops.get("/commands/" + LINKED).body();
		HttpResponse<String> answer = ops.post("/commands/" + LINKED + "/rerun", page, Map.of("scope", "all"));
		assertThat(answer.statusCode()).isEqualTo(303);
		String rerun = Browser.location(answer).replaceAll("^/commands/", "").replaceAll("\\?.*", "");
		assertThat(rerun).isNotEqualTo(LINKED);

		Browser reader = new Browser(Replicas.uri(b));
		reader.signIn(LocalUsers.READER, LocalUsers.password(LocalUsers.READER));
		org.jsoup.nodes.Document rerunPage = Jsoup.parse(reader.get("/commands/" + rerun).body());
		assertThat(rerunPage.select("h1 small")).as("SSM gave the new command no comment").isEmpty();
		assertThat(rerunPage.select("a[data-rerun-of]")).singleElement().satisfies((link) -> {
			assertThat(link.attr("data-rerun-of")).isEqualTo(LINKED);
			assertThat(link.attr("href")).isEqualTo("/commands/" + LINKED);
		});

		org.jsoup.nodes.Document original = Jsoup
			.parse("<body>" + reader.get("/commands/" + LINKED + "/reruns").body() + "</body>");
		assertThat(original.select("a[data-rerun]")).extracting((link) -> link.attr("data-rerun"))
			.containsExactly(rerun);
		assertThat(original.select("li[data-command-action]")).singleElement().satisfies((action) -> {
			assertThat(action.attr("data-action")).isEqualTo("rerun-all");
			assertThat(action.attr("data-outcome")).isEqualTo("done");
			assertThat(action.text()).contains("by " + LocalUsers.OPS);
			assertThat(action.select("a[data-sent]").attr("href")).isEqualTo("/commands/" + rerun);
		});
		assertThat(original.select("a[data-activity-link]").attr("href")).isEqualTo("/activity?commandId=" + LINKED);
		org.jsoup.nodes.Document ofRerun = Jsoup
			.parse("<body>" + reader.get("/commands/" + rerun + "/reruns").body() + "</body>");
		assertThat(ofRerun.select("li[data-command-action]")).as("nothing was done to the rerun itself").isEmpty();
	}

	/**
	 * The action notice of the page an action's answer redirects to, read in its session.
	 */
	private static String notice(Browser browser, HttpResponse<String> answer) {
		HttpResponse<String> landed = browser.get(Browser.location(answer));
		assertThat(landed.statusCode()).isEqualTo(200);
		Element notice = Jsoup.parse(landed.body()).selectFirst("[role=status][data-action-notice]");
		assertThat(notice).as("the notice on " + Browser.location(answer)).isNotNull();
		return notice.text();
	}

	private static long actionsBegun() {
		return store.sql("SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('action', 'id')::regclass), 0)")
			.query(Long.class)
			.single();
	}

}
