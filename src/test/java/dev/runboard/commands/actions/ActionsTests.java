package dev.runboard.commands.actions;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.SettableClock;
import dev.runboard.testing.TestInvocations;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.Alarm;
import software.amazon.awssdk.services.ssm.model.AlarmConfiguration;
import software.amazon.awssdk.services.ssm.model.CancelCommandRequest;
import software.amazon.awssdk.services.ssm.model.CloudWatchOutputConfig;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.NotificationConfig;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.Target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

/**
 * Cancel and rerun through the real SDK against a local SSM endpoint: the exact
 * {@code SendCommand} and {@code CancelCommand} requests, the guards (enabled, the
 * operator role, CSRF) that stop anything reaching AWS, one command for a double
 * submission or a second engineer, an unknown outcome that is never sent again without
 * someone saying they checked, confirmations bound to what they list, errors a person can
 * act on, notices of what happened, and an audit line per request, refusal and outcome.
 */
@RunboardTest
@WithMockUser(username = "ops", roles = { "USER", "OPERATOR" })
@ExtendWith(OutputCaptureExtension.class)
class ActionsTests {

	static final Instant NOW = Instant.parse("2026-11-27T04:00:00Z");

	/**
	 * Sent to tag targets with every setting SSM keeps; three of its seven nodes failed.
	 * Each test that reruns sends a command of its own like it: an action done once is
	 * answered with its outcome for a while, whoever submits it again.
	 */
	static final String PATCH = patch(0);

	static String patch(int n) {
		return String.format("0b9a4d7e-2c55-4a3e-9d61-%012d", n);
	}

	/** Sent to 120 node IDs; 60 failed. */
	static final String WIDE = "1c2d3e4f-0000-4000-8000-000000000120";

	/** Still running. */
	static final String RUNNING = "2d3e4f50-0000-4000-8000-0000000000aa";

	/** A rerun of {@code patch(20)}, as its comment says. */
	static final String RERUN_OF_20 = "4f506172-0000-4000-8000-000000000020";

	/** Another command of the same document, after {@code patch(20)}: not a rerun. */
	static final String NOT_A_RERUN = "4f506172-0000-4000-8000-000000000099";

	/** Sent to 1,001 node IDs, and failed on every one. */
	static final String HUGE = "3e4f5061-0000-4000-8000-000000001001";

	static final List<CommandInvocation> INVOCATIONS = invocations();

	/** Every command the endpoint was asked to send, as it was asked. */
	static final List<SendCommandRequest> sent = new CopyOnWriteArrayList<>();

	static final List<CancelCommandRequest> cancelled = new CopyOnWriteArrayList<>();

	/** The command ID the endpoint answers a send with, if not a fresh UUID. */
	static volatile String sentCommandId;

	static final SandboxData DATA = new SandboxData() {

		@Override
		public List<CommandInvocation> invocationsAt(Instant now) {
			return INVOCATIONS;
		}

		@Override
		public Optional<Command> sentCommand(String commandId, Instant now) {
			return commandId.startsWith("0b9a4d7e-") ? Optional.of(sentAs(commandId)) : Optional.empty();
		}

		@Override
		public Command send(SendCommandRequest request, Instant now) {
			sent.add(request);
			return Command.builder()
				.commandId((sentCommandId != null) ? sentCommandId : new UUID(0xfeed, sent.size()).toString())
				.documentName(request.documentName())
				.status("Pending")
				.build();
		}

		@Override
		public void cancel(CancelCommandRequest request, Instant now) {
			cancelled.add(request);
		}

	};

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer
		.local(new SandboxSsmClient(DATA, Clock.fixed(NOW, ZoneOffset.UTC), Region.EU_WEST_1));

	@Autowired
	MockMvcTester mvc;

	@Autowired
	SettableClock clock;

	@BeforeEach
	void reset() {
		sent.clear();
		cancelled.clear();
		sentCommandId = null;
	}

	@Test
	void rerunSendsTheCommandAsItWasSentWithACommentNamingTheOriginalAndTheUser() {
		MvcTestResult result = post("/commands/" + PATCH + "/rerun", "scope", "all");

		assertThat(result).hasStatus(303).hasRedirectedUrl("/commands/" + new UUID(0xfeed, 1));
		assertThat(ssm.calls("SendCommand")).singleElement().satisfies((call) -> {
			JsonNode body = call.body();
			assertThat(body.get("DocumentName").asString()).isEqualTo("AWS-RunPatchBaseline");
			assertThat(body.get("DocumentVersion").asString()).isEqualTo("3");
			assertThat(body.get("Parameters").get("Operation").get(0).asString()).isEqualTo("Install");
			assertThat(body.get("Parameters").get("commands").size()).isEqualTo(2);
			assertThat(body.get("Targets").get(0).get("Key").asString()).isEqualTo("tag:Patch Group");
			assertThat(body.get("Targets").get(0).get("Values").get(0).asString()).isEqualTo("production");
			assertThat(body.has("InstanceIds")).isFalse();
			assertThat(body.get("MaxConcurrency").asString()).isEqualTo("10%");
			assertThat(body.get("MaxErrors").asString()).isEqualTo("2");
			assertThat(body.get("TimeoutSeconds").asInt()).isEqualTo(600);
			assertThat(body.get("OutputS3Region").asString()).isEqualTo("eu-west-1");
			assertThat(body.get("OutputS3BucketName").asString()).isEqualTo("acme-output");
			assertThat(body.get("OutputS3KeyPrefix").asString()).isEqualTo("patch");
			assertThat(body.get("CloudWatchOutputConfig").get("CloudWatchOutputEnabled").asBoolean()).isTrue();
			assertThat(body.get("CloudWatchOutputConfig").get("CloudWatchLogGroupName").asString())
				.isEqualTo("/acme/patch");
			assertThat(body.get("ServiceRoleArn").asString()).isEqualTo("arn:aws:iam::123456789012:role/notify");
			assertThat(body.get("NotificationConfig").get("NotificationArn").asString())
				.isEqualTo("arn:aws:sns:eu-west-1:123456789012:patch");
			assertThat(body.get("NotificationConfig").get("NotificationEvents").get(0).asString()).isEqualTo("Failed");
			assertThat(body.get("NotificationConfig").get("NotificationType").asString()).isEqualTo("Command");
			assertThat(body.get("AlarmConfiguration").get("Alarms").get(0).get("Name").asString())
				.isEqualTo("patch-errors");
			assertThat(body.get("AlarmConfiguration").get("IgnorePollAlarmFailure").asBoolean()).isTrue();
			assertThat(body.get("Comment").asString()).matches("Rerun of " + PATCH + " by ops #[a-z0-9]{4}");
		});
	}

	@Test
	void rerunOfACommandSentToNodeIdsSendsThemAtMostFiftyACommand() {
		MvcTestResult result = post("/commands/" + WIDE + "/rerun", "scope", "all");

		assertThat(result).hasStatus(303).hasRedirectedUrl("/commands/" + new UUID(0xfeed, 1));
		assertThat(ssm.calls("SendCommand")).extracting((call) -> call.body().get("InstanceIds").size())
			.containsExactly(50, 50, 20);
		assertThat(ssm.calls("SendCommand")).allSatisfy((call) -> assertThat(call.body().has("Targets")).isFalse());
		assertThat(ssm.calls("SendCommand")).extracting((call) -> call.body().get("Comment").asString())
			.as("one action, one nonce")
			.containsOnly(ssm.calls("SendCommand").get(0).body().get("Comment").asString());
	}

	@Test
	void rerunOnTheFailedNodesSendsToThoseWhoseStatusIsFailedTimedOutOrCancelled() {
		MvcTestResult result = rerunFailed(patch(1));

		assertThat(result).hasStatus(303).hasRedirectedUrl("/commands/" + new UUID(0xfeed, 1));
		assertThat(ssm.calls("SendCommand")).singleElement().satisfies((call) -> {
			assertThat(nodes(call.body())).containsExactlyInAnyOrder(node(4), node(5), node(6));
			assertThat(call.body().has("Targets")).isFalse();
			assertThat(call.body().get("Comment").asString()).matches("Rerun of " + patch(1) + " by ops #[a-z0-9]{4}");
			assertThat(call.body().get("DocumentName").asString()).isEqualTo("AWS-RunPatchBaseline");
		});
	}

	@Test
	void statusesLeaveTheCancelledNodesOut() {
		Document confirmation = page("/commands/" + patch(11) + "/failed-nodes?statuses=Failed&statuses=TimedOut");
		assertThat(confirmation.select("ul.nodes code")).extracting(Element::text).containsExactly(node(4), node(5));
		assertThat(confirmation.selectFirst("[data-confirmation]").text())
			.startsWith("Send AWS-RunPatchBaseline to 1 failed and 1 timed-out nodes in eu-west-1");
		assertThat(confirmation.select("input[name=statuses][checked]")).extracting((input) -> input.val())
			.containsExactly("Failed", "TimedOut");

		assertThat(post("/commands/" + patch(11) + "/rerun", "scope", "failed", "statuses", "Failed", "statuses",
				"TimedOut", "confirmed", confirmation.selectFirst("input[name=confirmed]").val()))
			.hasStatus(303);
		assertThat(ssm.calls("SendCommand")).singleElement()
			.satisfies((call) -> assertThat(nodes(call.body())).containsExactlyInAnyOrder(node(4), node(5)));
	}

	@Test
	void theRerunOnTheFailedNodesNamesWhatItReruns() {
		Document summary = Jsoup.parseBodyFragment(
				body(this.mvc.get().uri("/commands/" + PATCH + "/summary").header("HX-Request", "true").exchange()));

		assertThat(summary.selectFirst("#failed-nodes-count").text())
			.isEqualTo("1 failed, 1 timed-out and 1 cancelled nodes");
		assertThat(page("/commands/" + patch(12) + "/failed-nodes").selectFirst("button[type=submit]").text())
			.isEqualTo("Send to 1 failed, 1 timed-out and 1 cancelled nodes");
	}

	/**
	 * The summary polls while the command runs; once it is final (or being cancelled) it
	 * takes the Cancel form off the page, out of band.
	 */
	@Test
	void theSummaryTakesCancelAwayOnceTheCommandIsFinal() {
		Document finished = Jsoup.parseBodyFragment(
				body(this.mvc.get().uri("/commands/" + PATCH + "/summary").header("HX-Request", "true").exchange()));
		Document running = Jsoup.parseBodyFragment(
				body(this.mvc.get().uri("/commands/" + RUNNING + "/summary").header("HX-Request", "true").exchange()));

		assertThat(finished.select("#cancel-form[hx-swap-oob=delete]")).hasSize(1);
		assertThat(running.select("#cancel-form")).isEmpty();
		// Past the window of any cancel of the command another test sent.
		this.clock.advance(Duration.ofMinutes(3));
		assertThat(page("/commands/" + RUNNING).select("form#cancel-form[data-action=cancel]")).hasSize(1);
	}

	@Test
	void aCommandWithNoInvocationFinishedYetSaysSo() {
		Document summary = Jsoup.parseBodyFragment(
				body(this.mvc.get().uri("/commands/" + RUNNING + "/summary").header("HX-Request", "true").exchange()));

		assertThat(summary.selectFirst("[data-no-failures]").text()).isEqualTo("No invocation has finished yet.");
	}

	@Test
	void rerunOnSixtyFailedNodesIsTwoCommandsAndLandsOnTheFirst() {
		MvcTestResult result = rerunFailed(WIDE);

		assertThat(result).hasStatus(303).hasRedirectedUrl("/commands/" + new UUID(0xfeed, 1));
		List<List<String>> batches = ssm.calls("SendCommand").stream().map((call) -> nodes(call.body())).toList();
		assertThat(batches).extracting(List::size).containsExactly(50, 10);
		assertThat(batches.stream().flatMap(List::stream))
			.containsExactlyInAnyOrderElementsOf(IntStream.range(0, 60).mapToObj((i) -> node(1000 + 2 * i)).toList());
	}

	@Test
	void cancelAsksSsmToCancelTheCommandOrOnlySomeNodes() {
		// Past the window of any cancel of the command another test sent.
		this.clock.advance(Duration.ofMinutes(3));
		assertThat(post("/commands/" + RUNNING + "/cancel", "instanceId", node(301), "instanceId", node(300)))
			.hasStatus(303)
			.hasRedirectedUrl("/commands/" + RUNNING);
		assertThat(post("/commands/" + RUNNING + "/cancel")).hasStatus(303).hasRedirectedUrl("/commands/" + RUNNING);

		assertThat(ssm.calls("CancelCommand")).extracting((call) -> call.body().toString())
			.containsExactly(
					"{\"CommandId\":\"" + RUNNING + "\",\"InstanceIds\":[\"" + node(300) + "\",\"" + node(301) + "\"]}",
					"{\"CommandId\":\"" + RUNNING + "\"}");
	}

	/**
	 * After a cancel the page says so and offers Cancel no more, although SSM may still
	 * list the command as running for a moment; a second cancel sends nothing and says it
	 * was sent already.
	 */
	@Test
	void afterACancelThePageSaysSoAndOffersCancelNoMore() {
		this.clock.advance(Duration.ofMinutes(3));
		MvcTestResult cancel = post("/commands/" + RUNNING + "/cancel");
		assertThat(cancel).hasStatus(303);

		Document landing = landing(cancel);
		assertThat(landing.selectFirst("[role=status][data-action-notice]").text())
			.startsWith("Cancel sent to every node still running at ")
			.contains(" by ops.");
		assertThat(landing.select("form[data-action=cancel]")).isEmpty();
		assertThat(landing.select("[data-action-recent]")).singleElement()
			.satisfies((line) -> assertThat(line.text()).startsWith("Cancel sent at ").contains("by ops"));

		MvcTestResult again = post("/commands/" + RUNNING + "/cancel");
		assertThat(again).hasStatus(303).hasRedirectedUrl("/commands/" + RUNNING);
		assertThat(landing(again).selectFirst("[data-action-notice]").text()).startsWith("Already sent 0 s ago by ops")
			.contains("It was not sent again.");
		assertThat(ssm.calls("CancelCommand")).hasSize(1);
	}

	@Test
	void aCommandThatIsFinalCannotBeCancelledAndSsmIsNotAskedAndTheErrorLeadsBack(CapturedOutput output) {
		MvcTestResult result = post("/commands/" + PATCH + "/cancel");

		assertThat(result).hasStatus(409);
		assertThat(body(result)).contains("nothing left to cancel");
		assertThat(Jsoup.parse(body(result)).selectFirst("a[data-back]").attr("href")).isEqualTo("/commands/" + PATCH);
		assertThat(ssm.calls("CancelCommand")).isEmpty();
		assertThat(output.getOut()).contains("action user=ops action=cancel command=" + PATCH
				+ " source=eu-west-1 nodes=all new=- outcome=refused status=409 error=");
	}

	@Test
	@WithMockUser(username = "viewer", roles = "USER")
	void withoutTheOperatorRoleEveryActionIsForbiddenAndAwsIsNotAskedAndTheRefusalIsAudited(CapturedOutput output) {
		assertThat(post("/commands/" + PATCH + "/rerun", "scope", "all")).hasStatus(403);
		assertThat(post("/commands/" + PATCH + "/rerun", "scope", "failed")).hasStatus(403);
		assertThat(post("/commands/" + RUNNING + "/cancel")).hasStatus(403);
		assertThat(this.mvc.get().uri("/commands/" + PATCH + "/failed-nodes")).hasStatus(403);
		assertThat(post("/commands/not-a-command/rerun", "scope", "everything")).as("refused before it is read")
			.hasStatus(403);
		assertThat(ssm.calls()).isEmpty();
		assertThat(output.getOut())
			.contains("action user=viewer action=rerun-all command=" + PATCH
					+ " source=- nodes=all new=- outcome=refused status=403 error=")
			.contains("action user=viewer action=rerun-failed command=" + PATCH
					+ " source=- nodes=failed:all new=- outcome=refused status=403")
			.contains("action user=viewer action=cancel command=" + RUNNING
					+ " source=- nodes=all new=- outcome=refused" + " status=403");
	}

	@Test
	void withoutTheCsrfTokenNothingIsSentAndTheRefusalIsAudited(CapturedOutput output) {
		assertThat(this.mvc.post().uri("/commands/" + PATCH + "/rerun").param("scope", "all")).hasStatus(403);
		assertThat(this.mvc.post().uri("/commands/" + RUNNING + "/cancel").param("instanceId", node(300)))
			.hasStatus(403);
		assertThat(ssm.calls()).isEmpty();
		assertThat(output.getOut())
			.contains("action user=ops action=rerun-all command=" + PATCH
					+ " source=- nodes=all new=- outcome=refused status=403 error=\"no valid CSRF token\"")
			.contains("action user=ops action=cancel command=" + RUNNING + " source=- nodes=" + node(300)
					+ " new=- outcome=refused status=403 error=\"no valid CSRF token\"");
	}

	@Test
	void anUnknownScopeOrAMalformedCommandIdIsRefusedBeforeAnyCall() {
		assertThat(post("/commands/" + PATCH + "/rerun", "scope", "everything")).hasStatus(400);
		assertThat(post("/commands/" + PATCH + "/rerun")).hasStatus(400);
		assertThat(post("/commands/not-a-command/rerun", "scope", "all")).hasStatus(400);
		assertThat(post("/commands/" + RUNNING + "/cancel", "instanceId", "web-01")).hasStatus(400);
		assertThat(post("/commands/" + PATCH + "/rerun", "scope", "failed", "confirmed", "x", "statuses", "Success"))
			.hasStatus(400);
		assertThat(post("/commands/" + PATCH + "/rerun", "scope", "all", "checked", "../x")).hasStatus(400);
		assertThat(ssm.calls()).isEmpty();
	}

	@Test
	void aDoubleSubmittedFormSendsOneCommandAndTheSecondIsToldItWasSentAlready() {
		MvcTestResult first = post("/commands/" + patch(2) + "/rerun", "scope", "all");
		MvcTestResult second = post("/commands/" + patch(2) + "/rerun", "scope", "all");

		assertThat(ssm.calls("SendCommand")).hasSize(1);
		assertThat(second).hasStatus(303).hasRedirectedUrl(first.getResponse().getRedirectedUrl());
		assertThat(notice(first).text())
			.startsWith("Rerun sent: command " + new UUID(0xfeed, 1) + " to tag:Patch Group = production at ")
			.endsWith(" by ops.");
		assertThat(notice(second).text())
			.isEqualTo("Already sent 0 s ago by ops: command " + new UUID(0xfeed, 1) + ". It was not sent again.");
	}

	/**
	 * The same button pressed by two on-call engineers is one action: the second is told
	 * who sent it, and nothing is sent twice.
	 */
	@Test
	void twoEngineersPressingTheSameButtonSendOnce() {
		assertThat(post("/commands/" + patch(13) + "/rerun", "scope", "all")).hasStatus(303);
		MvcTestResult second = this.mvc.post()
			.uri("/commands/" + patch(13) + "/rerun")
			.param("scope", "all")
			.with(csrf())
			.with(user("bob").roles("USER", "OPERATOR"))
			.exchange();

		assertThat(second).hasStatus(303).hasRedirectedUrl("/commands/" + new UUID(0xfeed, 1));
		assertThat(notice(second).text()).contains("by ops");
		assertThat(ssm.calls("SendCommand")).hasSize(1);
	}

	/**
	 * An operator signed in through the identity provider acts with the roles it gave at
	 * sign-in: once that is older than {@code reauthenticate-after} (1 h), the action is
	 * refused with a page that says to sign in again, and nothing reaches SSM; signed in
	 * lately, the same operator acts.
	 */
	@Test
	void anOidcOperatorWhoseSignInIsOlderThanReauthenticateAfterIsAskedToSignInAgain(CapturedOutput output)
			throws Exception {
		Instant now = this.clock.instant();
		MvcTestResult stale = this.mvc.post()
			.uri("/commands/" + patch(30) + "/rerun")
			.param("scope", "all")
			.with(csrf())
			.with(oidcLogin().idToken((token) -> token.subject("erin").issuedAt(now.minus(Duration.ofMinutes(61))))
				.authorities(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_OPERATOR")))
			.exchange();

		assertThat(stale).hasStatus(403);
		assertThat(stale.getResponse().getContentAsString()).contains("sign out and in again");
		assertThat(ssm.calls("SendCommand")).isEmpty();
		assertThat(output).contains("action=rerun-all command=" + patch(30)).contains("outcome=refused");

		MvcTestResult fresh = this.mvc.post()
			.uri("/commands/" + patch(30) + "/rerun")
			.param("scope", "all")
			.with(csrf())
			.with(oidcLogin().idToken((token) -> token.subject("erin").issuedAt(now.minus(Duration.ofMinutes(59))))
				.authorities(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_OPERATOR")))
			.exchange();

		assertThat(fresh).hasStatus(303);
		assertThat(ssm.calls("SendCommand")).hasSize(1);
	}

	/**
	 * The duplicate window counts from when the action finished: within it the same
	 * action is answered with its outcome, after it the action is done again.
	 */
	@Test
	void theWindowCountsFromWhenTheActionFinished() {
		assertThat(post("/commands/" + patch(14) + "/rerun", "scope", "all")).hasStatus(303);
		this.clock.advance(Duration.ofMinutes(2).minusSeconds(1));
		assertThat(post("/commands/" + patch(14) + "/rerun", "scope", "all")).hasStatus(303);
		assertThat(ssm.calls("SendCommand")).hasSize(1);

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(post("/commands/" + patch(14) + "/rerun", "scope", "all")).hasStatus(303)
			.hasRedirectedUrl("/commands/" + new UUID(0xfeed, 2));
		assertThat(ssm.calls("SendCommand")).hasSize(2);
	}

	/**
	 * Two submissions at once, the first still waiting for SSM, however long: the second
	 * sends nothing and lands on the command, which shows every operator who is sending.
	 */
	@Test
	void anActionInFlightIsNotSentAgainHoweverLongItTakesAndShowsOnTheCommandPage() throws Exception {
		CountDownLatch gate = ssm.hold((body) -> body.has("DocumentName"));
		ExecutorService threads = Executors.newFixedThreadPool(1);
		try {
			Future<MvcTestResult> first = threads.submit(() -> this.mvc.post()
				.uri("/commands/" + patch(7) + "/rerun")
				.param("scope", "all")
				.with(csrf())
				.with(user("ops").roles("USER", "OPERATOR"))
				.exchange());
			awaitSendCommand();
			this.clock.advance(Duration.ofMinutes(10));

			MvcTestResult second = post("/commands/" + patch(7) + "/rerun", "scope", "all");
			assertThat(second).hasStatus(303).hasRedirectedUrl("/commands/" + patch(7));
			assertThat(landing(second).selectFirst("[data-action-notice]").text())
				.startsWith("This rerun is being sent by ops since ");
			Document page = Jsoup.parse(body(this.mvc.get()
				.uri("/commands/" + patch(7))
				.with(user("bob").roles("USER", "OPERATOR"))
				.exchange()));
			assertThat(page.select("[data-action-in-flight]")).singleElement()
				.satisfies((line) -> assertThat(line.text()).startsWith("rerun being sent by ops since "));

			gate.countDown();
			assertThat(first.get()).hasStatus(303);
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(ssm.calls("SendCommand")).hasSize(1);
		assertThat(sent).hasSize(1);
	}

	@Test
	void theConfirmationCarriesTheNodesItListsAndTheRerunSendsToThose() {
		Document confirmation = page("/commands/" + patch(8) + "/failed-nodes");
		String confirmed = confirmation.selectFirst("input[name=confirmed]").val();

		assertThat(confirmation.select("ul.nodes code")).extracting(Element::text)
			.containsExactly(node(4), node(5), node(6));
		assertThat(post("/commands/" + patch(8) + "/rerun", "scope", "failed", "confirmed", confirmed)).hasStatus(303);
		assertThat(ssm.calls("SendCommand")).singleElement()
			.satisfies((call) -> assertThat(nodes(call.body())).containsExactlyInAnyOrder(node(4), node(5), node(6)));
	}

	@Test
	void aRerunOnTheFailedNodesWithoutItsConfirmationIsRefused() {
		assertThat(post("/commands/" + patch(9) + "/rerun", "scope", "failed")).hasStatus(400);
		assertThat(post("/commands/" + patch(9) + "/rerun", "scope", "failed", "confirmed", " ")).hasStatus(400);
		MvcTestResult forged = post("/commands/" + patch(9) + "/rerun", "scope", "failed", "confirmed",
				"000000000000000000000000");
		assertThat(forged).hasStatus(409);
		assertThat(body(forged)).contains("changed since you confirmed").contains("Nothing was sent");
		assertThat(ssm.calls("SendCommand")).isEmpty();
	}

	/**
	 * Two commands with the same failed nodes: the confirmation of one does not send the
	 * other; nor does another user's, nor one shown too long ago.
	 */
	@Test
	void aConfirmationIsBoundToItsCommandItsUserAndItsTime() {
		String ofAnother = page("/commands/" + patch(15) + "/failed-nodes").selectFirst("input[name=confirmed]").val();
		assertThat(post("/commands/" + patch(16) + "/rerun", "scope", "failed", "confirmed", ofAnother)).hasStatus(409);

		String ofBob = Jsoup
			.parse(body(this.mvc.get()
				.uri("/commands/" + patch(16) + "/failed-nodes")
				.with(user("bob").roles("USER", "OPERATOR"))
				.exchange()))
			.selectFirst("input[name=confirmed]")
			.val();
		assertThat(post("/commands/" + patch(16) + "/rerun", "scope", "failed", "confirmed", ofBob)).hasStatus(409);

		String mine = page("/commands/" + patch(16) + "/failed-nodes").selectFirst("input[name=confirmed]").val();
		this.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
		MvcTestResult late = post("/commands/" + patch(16) + "/rerun", "scope", "failed", "confirmed", mine);
		assertThat(late).hasStatus(409);
		assertThat(body(late)).contains("more than 15 minutes ago");
		assertThat(ssm.calls("SendCommand")).isEmpty();
	}

	@Test
	void moreThanAThousandFailedNodesAreNotRerunFromRunboardAndFindingThemIsBounded() {
		Document confirmation = page("/commands/" + HUGE + "/failed-nodes");
		assertThat(confirmation.select("[data-too-many-failed-nodes]")).singleElement()
			.satisfies((note) -> assertThat(note.text()).contains("More than 1000 nodes"));
		assertThat(confirmation.select("button, input[name=confirmed]")).isEmpty();
		assertThat(ssm.calls("ListCommandInvocations")).hasSizeLessThanOrEqualTo(21);

		ssm.reset();
		assertThat(post("/commands/" + HUGE + "/rerun", "scope", "failed", "confirmed", "1.x")).hasStatus(409);
		assertThat(ssm.calls("SendCommand")).isEmpty();
	}

	/**
	 * AWS refused the action, so nothing was done: the next submission tries again.
	 */
	@Test
	void anActionAwsRefusedIsTriedAgainByTheNextSubmission(CapturedOutput output) {
		ssm.failNext("SendCommand", 1, 400, "AccessDeniedException", "not authorized");
		assertThat(post("/commands/" + patch(10) + "/rerun", "scope", "all")).hasStatus(502);
		assertThat(post("/commands/" + patch(10) + "/rerun", "scope", "all")).hasStatus(303);

		assertThat(ssm.calls("SendCommand")).hasSize(2);
		assertThat(sent).hasSize(1);
		assertThat(output.getOut()).contains("action=rerun-all command=" + patch(10))
			.contains("outcome=error error=")
			.contains("outcome=success");
	}

	@Test
	void accessDeniedNamesThePermissionAndThrottlingIsRetried() {
		ssm.failNext("SendCommand", 1, 400, "AccessDeniedException", "not authorized to perform: ssm:SendCommand");
		MvcTestResult denied = post("/commands/" + patch(3) + "/rerun", "scope", "all");
		assertThat(denied).hasStatus(502);
		assertThat(body(denied)).contains("ssm:SendCommand")
			.as("no link that would ask a POST address again")
			.doesNotContain("Try again");
		assertThat(sent).isEmpty();

		ssm.reset();
		ssm.failNext("SendCommand", 2, 400, "ThrottlingException", "Rate exceeded");
		assertThat(post("/commands/" + patch(3) + "/rerun", "scope", "all")).hasStatus(303);
		assertThat(ssm.calls("SendCommand")).as("attempts").hasSize(3);
		assertThat(sent).hasSize(1);
	}

	/**
	 * SSM answered with a server error: it may have sent the command. The SDK does not
	 * retry, the same action is refused with what to check until an operator says they
	 * checked, and that is audited.
	 */
	@Test
	void aSendWhoseOutcomeIsUnknownIsNotSentAgainUntilSomeoneChecked(CapturedOutput output) {
		ssm.failNext("SendCommand", 1, 500, "InternalServerError", "An internal error occurred");
		MvcTestResult first = post("/commands/" + patch(4) + "/rerun", "scope", "all");
		assertThat(first).hasStatus(502);
		assertThat(body(first)).contains("SSM may have run this rerun")
			.contains("Check the commands list for a command with comment")
			.contains("Rerun of " + patch(4) + " by ops #");
		assertThat(ssm.calls("SendCommand")).as("attempts").hasSize(1);

		this.clock.advance(Duration.ofHours(3));
		MvcTestResult second = this.mvc.post()
			.uri("/commands/" + patch(4) + "/rerun")
			.param("scope", "all")
			.with(csrf())
			.with(user("bob").roles("USER", "OPERATOR"))
			.exchange();
		assertThat(second).hasStatus(409);
		assertThat(body(second)).contains("SSM may have run this rerun").contains("before sending it again");
		assertThat(ssm.calls("SendCommand")).hasSize(1);

		Document page = page("/commands/" + patch(4));
		assertThat(page.select("[data-action-unknown]")).singleElement()
			.satisfies((unknown) -> assertThat(unknown.text()).contains("SSM may have run this rerun"));
		String nonce = page.selectFirst("form[data-action=rerun-all] input[name=checked]").val();
		assertThat(ssm.calls("SendCommand").get(0).body().get("Comment").asString()).endsWith(" #" + nonce);

		assertThat(post("/commands/" + patch(4) + "/rerun", "scope", "all", "checked", nonce)).hasStatus(303);
		assertThat(ssm.calls("SendCommand")).hasSize(2);
		assertThat(output.getOut())
			.contains("action user=ops action=rerun-all command=" + patch(4)
					+ " source=eu-west-1 nodes=all new=- outcome=unknown error=")
			.contains("action user=bob action=rerun-all command=" + patch(4)
					+ " source=eu-west-1 nodes=all new=- outcome=refused status=409")
			.contains("action user=ops action=rerun-all command=" + patch(4)
					+ " source=eu-west-1 nodes=all new=- outcome=acknowledged error=\"checked #" + nonce);
	}

	/**
	 * The connection dropped after {@code SendCommand} went out: SSM may have the
	 * command. Nothing is retried, and the next submission sends nothing.
	 */
	@Test
	void aConnectionLostAfterTheRequestWentIsAnUnknownOutcomeToo() {
		ssm.hangUpOn("SendCommand");
		MvcTestResult result = post("/commands/" + patch(17) + "/rerun", "scope", "all");
		assertThat(result).hasStatus(502);
		assertThat(body(result)).contains("SSM may have run this rerun");
		assertThat(post("/commands/" + patch(17) + "/rerun", "scope", "all")).hasStatus(409);
		assertThat(ssm.calls("SendCommand")).as("requests received").hasSize(1);
	}

	@Test
	void aSentCommandWhoseIdIsNotACommandIdIsNotLinkedTo() {
		sentCommandId = "../../actuator/env/xxxxxxxxxxxxxxxxxxxxxxx";
		MvcTestResult result = post("/commands/" + patch(18) + "/rerun", "scope", "all");
		assertThat(result).hasStatus(502).doesNotContainHeader("Location");
		assertThat(body(result)).contains("a command ID").doesNotContain("href=\"../../actuator");
		assertThat(sent).hasSize(1);
	}

	@Test
	void aCancelThatSsmDeniesNamesThePermission() {
		ssm.failNext("CancelCommand", 1, 400, "AccessDeniedException", "not authorized to perform: ssm:CancelCommand");
		MvcTestResult result = post("/commands/" + RUNNING + "/cancel", "instanceId", node(301));
		assertThat(result).hasStatus(502);
		assertThat(body(result)).contains("ssm:CancelCommand");
		assertThat(Jsoup.parse(body(result)).selectFirst("a[data-back]").attr("href"))
			.isEqualTo("/commands/" + RUNNING);
	}

	@Test
	@WithMockUser(username = "a-very-long-name-from-the-identity-provider@operations.example.com", roles = "OPERATOR")
	void theCommentIsCutToSsmsHundredCharactersKeepingTheNonce() {
		post("/commands/" + patch(5) + "/rerun", "scope", "all");

		assertThat(ssm.calls("SendCommand")).singleElement()
			.satisfies((call) -> assertThat(call.body().get("Comment").asString()).hasSize(100)
				.startsWith("Rerun of " + patch(5) + " by a-very-long-name")
				.matches(".* #[a-z0-9]{4}"));
	}

	@Test
	void everyActionLeavesAnAuditLineWhenRequestedBeforeAwsIsAskedAndWhenItEnds(CapturedOutput output) {
		rerunFailed(patch(6));
		post("/commands/" + RUNNING + "/cancel", "instanceId", node(302));

		String requested = "action user=ops action=rerun-failed command=" + patch(6)
				+ " source=eu-west-1 nodes=failed:Failed,TimedOut,Cancelled new=- outcome=requested";
		String success = "action user=ops action=rerun-failed command=" + patch(6) + " source=eu-west-1 nodes="
				+ String.join(",", node(4), node(5), node(6)) + " new=" + new UUID(0xfeed, 1) + " outcome=success";
		assertThat(output.getOut()).contains(requested).contains(success);
		assertThat(output.getOut().indexOf(requested)).isLessThan(output.getOut().indexOf(success));
		assertThat(output.getOut()).contains("action user=ops action=cancel command=" + RUNNING
				+ " source=eu-west-1 nodes=" + node(302) + " new=- outcome=success");

		ssm.failNext("CancelCommand", 1, 400, "AccessDeniedException", "not authorized");
		post("/commands/" + RUNNING + "/cancel", "instanceId", node(303));
		assertThat(output.getOut())
			.contains("action user=ops action=cancel command=" + RUNNING + " source=eu-west-1 nodes=" + node(303)
					+ " new=- outcome=error error=\"AWS denied Runboard's request: its IAM role needs the"
					+ " ssm:CancelCommand permission in eu-west-1.\"\n");
	}

	/** An attempt that dies before AWS answers anything still left its line. */
	@Test
	void anAttemptThatDiesMidCallStillLeftItsRequestedLine(CapturedOutput output) {
		ssm.failNext("ListCommands", 1, 400, "AccessDeniedException", "not authorized");
		assertThat(post("/commands/" + patch(19) + "/rerun", "scope", "all")).hasStatus(502);

		assertThat(output.getOut())
			.contains("action user=ops action=rerun-all command=" + patch(19)
					+ " source=eu-west-1 nodes=all new=- outcome=requested")
			.contains("action user=ops action=rerun-all command=" + patch(19)
					+ " source=eu-west-1 nodes=all new=- outcome=error error=");
	}

	@Test
	void operatorsSeeTheFormsEachWithItsTokenAndAConfirmationNamingTheDocumentVersion() {
		Document patch = page("/commands/" + PATCH);
		Document running = page("/commands/" + RUNNING);

		assertThat(patch.select("form[data-action=rerun-all], form[data-action=rerun-failed]")).hasSize(2)
			.allSatisfy((form) -> {
				assertThat(form.attr("method")).isEqualTo("post");
				assertThat(form.attr("action")).isEqualTo("/commands/" + PATCH + "/rerun");
				assertThat(form.select("input[name=_csrf]")).hasSize(1);
				assertThat(form.select("details > summary")).hasSize(1);
			});
		assertThat(patch.select("form[data-action=cancel]")).as("nothing to cancel in a final command").isEmpty();
		assertThat(patch.selectFirst("form[data-action=rerun-all] details p").text())
			.contains("Send AWS-RunPatchBaseline again to tag:Patch Group = production in eu-west-1")
			.contains("version 3 of the document, as this command did");
		assertThat(running.select("form[data-action=cancel] input[name=_csrf]")).hasSize(1);
		assertThat(page("/commands/" + WIDE).selectFirst("form[data-action=rerun-all] details p").text())
			.as("the invocations say version 1")
			.contains("version 1 of the document");
	}

	@Test
	void theConfirmationOfARerunOnTheFailedNodesSaysExactlyWhatWillHappen() {
		Document confirmation = Jsoup.parseBodyFragment(body(
				this.mvc.get().uri("/commands/" + WIDE + "/failed-nodes").header("HX-Request", "true").exchange()));

		assertThat(confirmation.selectFirst("[data-confirmation]").text())
			.startsWith("Send AWS-RunShellScript to 60 failed nodes in eu-west-1, as 2 commands of at most 50 nodes");
		assertThat(confirmation.select(".nodes li")).hasSize(60);
		assertThat(confirmation.selectFirst("button[type=submit]").text()).isEqualTo("Send to 60 failed nodes");
		assertThat(ssm.calls("SendCommand")).isEmpty();
	}

	/**
	 * A rerun's page links to its original from its comment; the original lists its
	 * reruns, found by their comments, and only those.
	 */
	@Test
	void aRerunLinksToItsOriginalAndTheOriginalListsItsReruns() {
		Document rerun = page("/commands/" + RERUN_OF_20);
		assertThat(rerun.select("a[data-rerun-of]")).singleElement().satisfies((link) -> {
			assertThat(link.attr("data-rerun-of")).isEqualTo(patch(20));
			assertThat(link.attr("href")).isEqualTo("/commands/" + patch(20));
		});
		assertThat(page("/commands/" + patch(20)).select("[hx-get=\"/commands/" + patch(20) + "/reruns\"]")).hasSize(1);

		Document reruns = Jsoup.parseBodyFragment(
				body(this.mvc.get().uri("/commands/" + patch(20) + "/reruns").header("HX-Request", "true").exchange()));
		assertThat(reruns.select("a[data-rerun]")).extracting((link) -> link.attr("data-rerun"))
			.containsExactly(RERUN_OF_20);
		assertThat(reruns.selectFirst("a[data-rerun]").attr("href")).isEqualTo("/commands/" + RERUN_OF_20);
		assertThat(page("/commands/" + PATCH).select("a[data-rerun-of]")).isEmpty();
	}

	@Test
	void aRerunSentFromHereIsListedOnItsOriginalAtOnce() {
		assertThat(post("/commands/" + patch(21) + "/rerun", "scope", "all")).hasStatus(303);

		Document reruns = Jsoup.parseBodyFragment(
				body(this.mvc.get().uri("/commands/" + patch(21) + "/reruns").header("HX-Request", "true").exchange()));
		assertThat(reruns.select("a[data-rerun]")).extracting((link) -> link.attr("data-rerun"))
			.containsExactly(new UUID(0xfeed, 1).toString());
	}

	@Test
	@WithMockUser(username = "viewer", roles = "USER")
	void usersWithoutTheRoleSeeNoForms() {
		assertThat(page("/commands/" + PATCH).select("form[data-action]")).isEmpty();
		assertThat(page("/commands/" + RUNNING).select("form[data-action]")).isEmpty();
	}

	MvcTestResult post(String uri, String... namesAndValues) {
		var request = this.mvc.post().uri(uri).with(csrf());
		for (int i = 0; i < namesAndValues.length; i += 2) {
			request = request.param(namesAndValues[i], namesAndValues[i + 1]);
		}
		return request.exchange();
	}

	/** A rerun on the failed nodes as its confirmation sends it. */
	MvcTestResult rerunFailed(String commandId) {
		String confirmed = page("/commands/" + commandId + "/failed-nodes").selectFirst("input[name=confirmed]").val();
		return post("/commands/" + commandId + "/rerun", "scope", "failed", "confirmed", confirmed);
	}

	/** What the page a form's 303 leads to will say happened. */
	static ActionNotice notice(MvcTestResult result) {
		return (ActionNotice) result.getMvcResult().getFlashMap().get(ActionNotice.ATTRIBUTE);
	}

	/** The page a form's 303 leads to, as the browser asks for it, notice included. */
	Document landing(MvcTestResult result) {
		MvcTestResult page = this.mvc.get()
			.uri(result.getResponse().getRedirectedUrl())
			.flashAttrs(result.getMvcResult().getFlashMap())
			.exchange();
		assertThat(page).hasStatusOk();
		return Jsoup.parse(body(page));
	}

	/** Waits until the endpoint has received a {@code SendCommand}. */
	static void awaitSendCommand() throws InterruptedException {
		for (int i = 0; i < 600 && ssm.calls("SendCommand").isEmpty(); i++) {
			Thread.sleep(50);
		}
		assertThat(ssm.calls("SendCommand")).isNotEmpty();
	}

	Document page(String uri) {
		MvcTestResult result = this.mvc.get().uri(uri).exchange();
		assertThat(result).hasStatusOk();
		return Jsoup.parse(body(result));
	}

	static String body(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

	static List<String> nodes(JsonNode body) {
		List<String> nodes = new ArrayList<>();
		body.get("InstanceIds").forEach((node) -> nodes.add(node.asString()));
		return nodes;
	}

	static String node(int n) {
		return String.format("i-%017d", n);
	}

	static Command sentAs(String commandId) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		parameters.put("Operation", List.of("Install"));
		parameters.put("commands", List.of("yum clean all", "yum -y update"));
		return Command.builder()
			.commandId(commandId)
			.documentName("AWS-RunPatchBaseline")
			.documentVersion("3")
			.comment("Patch night")
			.requestedDateTime(NOW.minusSeconds(3600))
			.parameters(parameters)
			.targets(Target.builder().key("tag:Patch Group").values("production").build())
			.maxConcurrency("10%")
			.maxErrors("2")
			.timeoutSeconds(600)
			.outputS3Region("eu-west-1")
			.outputS3BucketName("acme-output")
			.outputS3KeyPrefix("patch")
			.cloudWatchOutputConfig(CloudWatchOutputConfig.builder()
				.cloudWatchOutputEnabled(true)
				.cloudWatchLogGroupName("/acme/patch")
				.build())
			.serviceRole("arn:aws:iam::123456789012:role/notify")
			.notificationConfig(NotificationConfig.builder()
				.notificationArn("arn:aws:sns:eu-west-1:123456789012:patch")
				.notificationEventsWithStrings("Failed", "TimedOut")
				.notificationType("Command")
				.build())
			.alarmConfiguration(AlarmConfiguration.builder()
				.ignorePollAlarmFailure(true)
				.alarms(Alarm.builder().name("patch-errors").build())
				.build())
			.build();
	}

	static List<CommandInvocation> invocations() {
		List<CommandInvocation> invocations = new ArrayList<>();
		Instant requested = NOW.minusSeconds(3600);
		String[] statuses = { "Success", "Success", "Success", "Failed", "TimedOut", "Cancelled", "Success" };
		for (int command = 0; command < 40; command++) {
			for (int i = 0; i < statuses.length; i++) {
				invocations.add(TestInvocations.invocation(patch(command), node(i + 1), "AWS-RunPatchBaseline",
						requested.minusSeconds(command), statuses[i], "output"));
			}
		}
		for (int i = 0; i < 120; i++) {
			invocations.add(TestInvocations.invocation(WIDE, node(1000 + i), "AWS-RunShellScript",
					requested.minusSeconds(600), (i % 2 == 0) ? "Failed" : "Success", "output"));
		}
		for (int i = 0; i < 1001; i++) {
			invocations.add(TestInvocations.invocation(HUGE, node(2000 + i), "AWS-RunShellScript",
					requested.minusSeconds(900), "Failed", "output"));
		}
		invocations.add(TestInvocations
			.invocation(RERUN_OF_20, node(1), "AWS-RunPatchBaseline", NOW.minusSeconds(120), "InProgress", "")
			.toBuilder()
			.comment("Rerun of " + patch(20) + " by alice #ab12")
			.build());
		invocations.add(TestInvocations.invocation(NOT_A_RERUN, node(1), "AWS-RunPatchBaseline", NOW.minusSeconds(100),
				"Pending", ""));
		invocations.add(TestInvocations.invocation(RUNNING, node(300), "AWS-RunShellScript", NOW.minusSeconds(60),
				"InProgress", ""));
		invocations.add(TestInvocations.invocation(RUNNING, node(301), "AWS-RunShellScript", NOW.minusSeconds(60),
				"InProgress", ""));
		invocations.sort((a, b) -> b.requestedDateTime().compareTo(a.requestedDateTime()));
		return List.copyOf(invocations);
	}

}
