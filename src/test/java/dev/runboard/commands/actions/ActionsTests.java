package dev.runboard.commands.actions;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

/**
 * Cancel and rerun through the real SDK against a local SSM endpoint: the exact
 * {@code SendCommand} and {@code CancelCommand} requests, the guards (enabled, the
 * operator role, CSRF) that stop anything reaching AWS, one command for a double
 * submission, errors a person can act on, and an audit line per action.
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
			assertThat(body.get("Comment").asString()).isEqualTo("Rerun of " + PATCH + " by ops");
		});
	}

	@Test
	void rerunOfACommandSentToNodeIdsSendsThemAtMostFiftyACommand() {
		MvcTestResult result = post("/commands/" + WIDE + "/rerun", "scope", "all");

		assertThat(result).hasStatus(303).hasRedirectedUrl("/commands/" + new UUID(0xfeed, 1));
		assertThat(ssm.calls("SendCommand")).extracting((call) -> call.body().get("InstanceIds").size())
			.containsExactly(50, 50, 20);
		assertThat(ssm.calls("SendCommand")).allSatisfy((call) -> assertThat(call.body().has("Targets")).isFalse());
	}

	@Test
	void rerunOnTheFailedNodesSendsToThoseWhoseStatusIsFailedTimedOutOrCancelled() {
		MvcTestResult result = post("/commands/" + patch(1) + "/rerun", "scope", "failed");

		assertThat(result).hasStatus(303).hasRedirectedUrl("/commands/" + new UUID(0xfeed, 1));
		assertThat(ssm.calls("SendCommand")).singleElement().satisfies((call) -> {
			assertThat(nodes(call.body())).containsExactlyInAnyOrder(node(4), node(5), node(6));
			assertThat(call.body().has("Targets")).isFalse();
			assertThat(call.body().get("Comment").asString()).isEqualTo("Rerun of " + patch(1) + " by ops");
			assertThat(call.body().get("DocumentName").asString()).isEqualTo("AWS-RunPatchBaseline");
		});
	}

	@Test
	void rerunOnSixtyFailedNodesIsTwoCommandsAndLandsOnTheFirst() {
		MvcTestResult result = post("/commands/" + WIDE + "/rerun", "scope", "failed");

		assertThat(result).hasStatus(303).hasRedirectedUrl("/commands/" + new UUID(0xfeed, 1));
		List<List<String>> batches = ssm.calls("SendCommand").stream().map((call) -> nodes(call.body())).toList();
		assertThat(batches).extracting(List::size).containsExactly(50, 10);
		assertThat(batches.stream().flatMap(List::stream))
			.containsExactlyInAnyOrderElementsOf(IntStream.range(0, 60).mapToObj((i) -> node(1000 + 2 * i)).toList());
	}

	@Test
	void cancelAsksSsmToCancelTheCommandOrOnlySomeNodes() {
		assertThat(post("/commands/" + RUNNING + "/cancel")).hasStatus(303).hasRedirectedUrl("/commands/" + RUNNING);
		assertThat(post("/commands/" + RUNNING + "/cancel", "instanceId", node(300), "instanceId", node(301)))
			.hasStatus(303);

		assertThat(ssm.calls("CancelCommand")).extracting((call) -> call.body().toString())
			.containsExactly("{\"CommandId\":\"" + RUNNING + "\"}", "{\"CommandId\":\"" + RUNNING
					+ "\",\"InstanceIds\":[\"" + node(300) + "\",\"" + node(301) + "\"]}");
	}

	@Test
	void aCommandThatIsFinalCannotBeCancelledAndSsmIsNotAsked() {
		MvcTestResult result = post("/commands/" + PATCH + "/cancel");

		assertThat(result).hasStatus(409);
		assertThat(body(result)).contains("nothing left to cancel");
		assertThat(ssm.calls("CancelCommand")).isEmpty();
	}

	@Test
	@WithMockUser(username = "viewer", roles = "USER")
	void withoutTheOperatorRoleEveryActionIsForbiddenAndAwsIsNotAsked() {
		assertThat(post("/commands/" + PATCH + "/rerun", "scope", "all")).hasStatus(403);
		assertThat(post("/commands/" + PATCH + "/rerun", "scope", "failed")).hasStatus(403);
		assertThat(post("/commands/" + RUNNING + "/cancel")).hasStatus(403);
		assertThat(this.mvc.get().uri("/commands/" + PATCH + "/failed-nodes")).hasStatus(403);
		assertThat(post("/commands/not-a-command/rerun", "scope", "everything")).as("refused before it is read")
			.hasStatus(403);
		assertThat(ssm.calls()).isEmpty();
	}

	@Test
	void withoutTheCsrfTokenNothingIsSent() {
		assertThat(this.mvc.post().uri("/commands/" + PATCH + "/rerun").param("scope", "all")).hasStatus(403);
		assertThat(this.mvc.post().uri("/commands/" + RUNNING + "/cancel")).hasStatus(403);
		assertThat(ssm.calls()).isEmpty();
	}

	@Test
	void anUnknownScopeOrAMalformedCommandIdIsRefusedBeforeAnyCall() {
		assertThat(post("/commands/" + PATCH + "/rerun", "scope", "everything")).hasStatus(400);
		assertThat(post("/commands/" + PATCH + "/rerun")).hasStatus(400);
		assertThat(post("/commands/not-a-command/rerun", "scope", "all")).hasStatus(400);
		assertThat(post("/commands/" + RUNNING + "/cancel", "instanceId", "web-01")).hasStatus(400);
		assertThat(ssm.calls()).isEmpty();
	}

	@Test
	void aDoubleSubmittedFormSendsOneCommand() {
		MvcTestResult first = post("/commands/" + patch(2) + "/rerun", "scope", "all");
		MvcTestResult second = post("/commands/" + patch(2) + "/rerun", "scope", "all");

		assertThat(ssm.calls("SendCommand")).hasSize(1);
		assertThat(second).hasStatus(303).hasRedirectedUrl(first.getResponse().getRedirectedUrl());
	}

	@Test
	void twoSubmissionsAtOnceSendOneCommand() throws Exception {
		CountDownLatch gate = ssm.hold();
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			List<Future<MvcTestResult>> results = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				results.add(threads.submit(() -> this.mvc.post()
					.uri("/commands/" + patch(7) + "/rerun")
					.param("scope", "failed")
					.with(csrf())
					.with(user("ops").roles("USER", "OPERATOR"))
					.exchange()));
			}
			// Both have asked, or are waiting for the first: let SSM answer.
			Thread.sleep(500);
			gate.countDown();
			for (Future<MvcTestResult> result : results) {
				assertThat(result.get()).hasStatus(303);
			}
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
	void aRerunOnFailedNodesThatChangedSinceTheConfirmationSendsNothing() {
		MvcTestResult result = post("/commands/" + patch(9) + "/rerun", "scope", "failed", "confirmed",
				"000000000000000000000000");

		assertThat(result).hasStatus(409);
		assertThat(body(result)).contains("changed since you confirmed").contains("Nothing was sent");
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
		assertThat(post("/commands/" + HUGE + "/rerun", "scope", "failed")).hasStatus(409);
		assertThat(ssm.calls("SendCommand")).isEmpty();
	}

	@Test
	void aSecondSubmissionOfAnActionThatFailedFailsTooAndIsAudited(CapturedOutput output) throws Exception {
		CountDownLatch gate = ssm.hold((body) -> body.has("DocumentName"));
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			List<Future<MvcTestResult>> results = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				results.add(threads.submit(() -> this.mvc.post()
					.uri("/commands/" + patch(10) + "/rerun")
					.param("scope", "all")
					.with(csrf())
					.with(user("ops").roles("USER", "OPERATOR"))
					.exchange()));
			}
			// The first waits for SSM, the second for the first.
			Thread.sleep(500);
			ssm.failNext("SendCommand", 1, 400, "AccessDeniedException", "not authorized");
			gate.countDown();
			for (Future<MvcTestResult> result : results) {
				assertThat(result.get()).hasStatus(502);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(ssm.calls("SendCommand")).hasSize(1);
		assertThat(output.getOut()).contains("action=rerun-all command=" + patch(10))
			.contains("outcome=error error=")
			.contains("outcome=duplicate-error error=");
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

	@Test
	void aSendWhoseFateIsUnknownIsNotRetried() {
		ssm.failNext("SendCommand", 1, 500, "InternalServerError", "An internal error occurred");
		assertThat(post("/commands/" + patch(4) + "/rerun", "scope", "all")).hasStatus(502);
		assertThat(ssm.calls("SendCommand")).as("attempts").hasSize(1);
	}

	@Test
	void aSentCommandWhoseIdIsNotACommandIdIsNotLinkedTo() {
		sentCommandId = "../../actuator/env/xxxxxxxxxxxxxxxxxxxxxxx";
		MvcTestResult result = post("/commands/" + patch(7) + "/rerun", "scope", "all");
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
	}

	@Test
	@WithMockUser(username = "a-very-long-name-from-the-identity-provider@operations.example.com", roles = "OPERATOR")
	void theCommentIsCutToSsmsHundredCharacters() {
		post("/commands/" + patch(5) + "/rerun", "scope", "all");

		assertThat(ssm.calls("SendCommand")).singleElement()
			.satisfies((call) -> assertThat(call.body().get("Comment").asString()).hasSize(100)
				.startsWith("Rerun of " + patch(5) + " by a-very-long-name"));
	}

	@Test
	void everyActionLeavesAnAuditLine(CapturedOutput output) {
		post("/commands/" + patch(6) + "/rerun", "scope", "failed");
		post("/commands/" + RUNNING + "/cancel", "instanceId", node(302));

		assertThat(output.getOut())
			.contains("action user=ops action=rerun-failed command=" + patch(6) + " source=eu-west-1 nodes="
					+ String.join(",", node(4), node(5), node(6)) + " new=" + new UUID(0xfeed, 1) + " outcome=success");
		assertThat(output.getOut()).contains("action user=ops action=cancel command=" + RUNNING
				+ " source=eu-west-1 nodes=" + node(302) + " new=- outcome=success");

		ssm.failNext("CancelCommand", 1, 400, "AccessDeniedException", "not authorized");
		post("/commands/" + RUNNING + "/cancel", "instanceId", node(303));
		assertThat(output.getOut())
			.contains("action user=ops action=cancel command=" + RUNNING + " source=eu-west-1 nodes=" + node(303)
					+ " new=- outcome=error error=\"AWS denied Runboard's request: its IAM role needs the"
					+ " ssm:CancelCommand permission in eu-west-1.\"\n");
	}

	@Test
	void operatorsSeeTheFormsEachWithItsTokenAndAConfirmation() {
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
			.contains("Send AWS-RunPatchBaseline again to tag:Patch Group = production in eu-west-1");
		assertThat(running.select("form[data-action=cancel] input[name=_csrf]")).hasSize(1);
	}

	@Test
	void theConfirmationOfARerunOnTheFailedNodesSaysExactlyWhatWillHappen() {
		Document confirmation = Jsoup.parseBodyFragment(body(
				this.mvc.get().uri("/commands/" + WIDE + "/failed-nodes").header("HX-Request", "true").exchange()));

		assertThat(confirmation.selectFirst("[data-confirmation]").text())
			.startsWith("Send AWS-RunShellScript to 60 nodes in eu-west-1, as 2 commands of at most 50 nodes");
		assertThat(confirmation.select(".nodes li")).hasSize(60);
		assertThat(confirmation.selectFirst("button[type=submit]").text()).isEqualTo("Send to 60 failed nodes");
		assertThat(ssm.calls("SendCommand")).isEmpty();
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
		for (int command = 0; command < 11; command++) {
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
		invocations.add(TestInvocations.invocation(RUNNING, node(300), "AWS-RunShellScript", NOW.minusSeconds(60),
				"InProgress", ""));
		invocations.add(TestInvocations.invocation(RUNNING, node(301), "AWS-RunShellScript", NOW.minusSeconds(60),
				"InProgress", ""));
		invocations.sort((a, b) -> b.requestedDateTime().compareTo(a.requestedDateTime()));
		return List.copyOf(invocations);
	}

}
