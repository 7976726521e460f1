package dev.runboard.invocations;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.FakeSsmServer.Call;
import dev.runboard.testing.RunboardTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CloudWatchOutputConfig;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;
import software.amazon.awssdk.services.ssm.model.NotificationConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page of one final invocation, {@code /invocations/{commandId}/{instanceId}}, read
 * through the real SDK from a local SSM endpoint: one {@code ListCommandInvocations} call
 * for the invocation, one {@code GetCommandInvocation} per plugin for the whole output.
 */
@RunboardTest
@WithMockUser(roles = { "USER", "OUTPUT" })
class InvocationDetailTests {

	static final Instant REQUESTED = Instant.parse("2026-11-20T11:58:00Z");

	static final String NODE = "i-0123456789abcdef0";

	/**
	 * Two steps, every output setting on, whole stdout of the second step 20,000
	 * characters.
	 */
	static final String DEPLOY = "3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f";

	/** No S3, no CloudWatch, no service role, no notification. */
	static final String PLAIN = "5a0c7e21-1b3d-4f6a-8e9d-112233445566";

	/** A plugin name and output written to break out of HTML and shell. */
	static final String HOSTILE = "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4";

	/** Output longer than even GetCommandInvocation returns. */
	static final String LONG = "0f1e2d3c-4b5a-4697-8877-665544332211";

	/** Standard error longer than even GetCommandInvocation returns. */
	static final String NOISY = "1d2c3b4a-5968-4778-8695-a4b3c2d1e0f9";

	/** Two steps, one of which SSM has no separate output for yet. */
	static final String PARTIAL = "7c6b5a49-3827-4160-9f8e-7d6c5b4a3928";

	static final String UNKNOWN = "00000000-0000-4000-8000-000000000000";

	static final String HOSTILE_PLUGIN = "x'; rm -rf / #";

	static final String HOSTILE_STDOUT = """
			<h1>Status preview</h1><script>alert('owned')</script>
			<img src=x onerror="alert(1)"> <a href="javascript:alert(2)">click</a>
			\u001B[1;31mFAILED\u001B[0m [[${7*7}]] ${T(java.lang.Runtime).getRuntime().exec('id')} {{7*7}}
			<div hx-get="/logout" hx-trigger="load">htmx attribute in output</div>
			""";

	static final String HOSTILE_STDERR = "</pre><script>alert('stderr')</script>";

	static final String DEPLOY_STDOUT = lines("deploy", 20_000);

	static final String DEPLOY_STDERR = "systemd: acme-api.service: Main process exited, code=exited, status=1/FAILURE";

	static final String LONG_STDOUT = lines("long", 30_000);

	static final String LONG_STDERR = "warning: /var is 91% full";

	static final String NOISY_STDERR = lines("err", 10_000);

	static final List<CommandInvocation> INVOCATIONS = List.of(deploy(), plain(), hostile(), longOutput(), noisy(),
			partial());

	static final Map<String, SandboxData.FullOutput> FULL_OUTPUT = Map.of(DEPLOY + "/deploy",
			new SandboxData.FullOutput(DEPLOY_STDOUT, DEPLOY_STDERR), HOSTILE + "/" + HOSTILE_PLUGIN,
			new SandboxData.FullOutput(HOSTILE_STDOUT, HOSTILE_STDERR), LONG + "/aws:runShellScript",
			new SandboxData.FullOutput(LONG_STDOUT, LONG_STDERR), NOISY + "/aws:runShellScript",
			new SandboxData.FullOutput("done", NOISY_STDERR));

	static final SandboxData DATA = new SandboxData() {

		@Override
		public List<CommandInvocation> invocationsAt(Instant now) {
			return INVOCATIONS;
		}

		@Override
		public Optional<FullOutput> fullOutput(String commandId, String instanceId, String pluginName, Instant now) {
			if (commandId.equals(PARTIAL) && pluginName.equals("verify")) {
				throw InvocationDoesNotExistException.builder().message("Invocation does not exist yet").build();
			}
			return Optional.ofNullable(FULL_OUTPUT.get(commandId + "/" + pluginName));
		}

	};

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer
		.local(new SandboxSsmClient(DATA, Clock.systemUTC(), Region.EU_WEST_1));

	@Autowired
	MockMvcTester mvc;

	@Test
	void finalInvocationCostsOneListCallAndOneGetCommandInvocationPerPlugin() {
		assertThat(this.mvc.get().uri("/invocations/{c}/{i}", DEPLOY, NODE)).hasStatusOk();

		assertThat(ssm.calls()).extracting(Call::operation)
			.containsExactly("ListCommandInvocations", "GetCommandInvocation", "GetCommandInvocation");
		Call list = ssm.calls("ListCommandInvocations").get(0);
		assertThat(list.body().get("CommandId").asString()).isEqualTo(DEPLOY);
		assertThat(list.body().get("InstanceId").asString()).isEqualTo(NODE);
		assertThat(list.body().get("Details").asBoolean()).isTrue();
		assertThat(ssm.calls("GetCommandInvocation")).extracting(Call::body)
			.extracting((body) -> body.get("CommandId").asString() + " " + body.get("InstanceId").asString() + " "
					+ body.get("PluginName").asString())
			.containsExactly(DEPLOY + " " + NODE + " stopService", DEPLOY + " " + NODE + " deploy");
	}

	@Test
	void wholeOutputReplacesTheTruncatedListOutputWithStdoutAndStderrApart() {
		Element deploy = plugin(page(DEPLOY), "deploy");

		assertThat(listedOutput(DEPLOY, "deploy")).hasSizeLessThanOrEqualTo(2_500).endsWith(DEPLOY_STDERR);
		assertThat(deploy.select("pre.stdout")).singleElement()
			.satisfies((pre) -> assertThat(pre.wholeText()).hasSize(20_000).isEqualTo(DEPLOY_STDOUT));
		assertThat(deploy.select("pre.stderr")).singleElement()
			.satisfies((pre) -> assertThat(pre.wholeText()).isEqualTo(DEPLOY_STDERR));
		assertThat(deploy.select("[data-truncated]")).as("20,000 characters is all of it").isEmpty();
	}

	@Test
	void pageShowsWhatSsmSaysAboutTheInvocation() {
		Document page = page(DEPLOY);
		Map<String, String> facts = facts(page.selectFirst("section#live > dl.facts"));

		assertThat(facts).containsEntry("Status", "TimedOut ExecutionTimedOut")
			.containsEntry("Document", "Acme-DeployRelease version 7")
			.containsEntry("Comment", "Release 2026.11.3")
			.containsEntry("Node", NODE + " web-01.acme.internal")
			.containsEntry("Command", DEPLOY)
			.containsEntry("Region", "eu-west-1")
			.containsEntry("Service role", "arn:aws:iam::123456789012:role/RunCommandNotify")
			.containsEntry("Notifications",
					"arn:aws:sns:eu-west-1:123456789012:runcommand on TimedOut, Failed (per Invocation)")
			.containsEntry("CloudWatch output", "/aws/ssm/Acme-DeployRelease")
			.containsEntry("S3 output", "s3://acme-ssm-output/runcommand");
		assertThat(facts.get("Requested")).startsWith("2026-11-20 11:58:00 UTC");
		assertThat(page.select("section#live time[datetime=2026-11-20T11:58:00Z]")).hasSize(1);
		assertThat(page.selectFirst("section#live").attr("data-status")).isEqualTo("TimedOut");
	}

	@Test
	void eachPluginShowsItsStatusResponseCodeAndTimings() {
		Document page = page(DEPLOY);

		assertThat(page.select("article[data-plugin]")).extracting((article) -> article.attr("data-plugin"))
			.containsExactly("stopService", "deploy");
		Element deploy = plugin(page, "deploy");
		assertThat(deploy.selectFirst("h2").text()).isEqualTo("deploy TimedOut");
		assertThat(facts(deploy.selectFirst("dl.facts"))).containsExactly(Map.entry("Response code", "143"),
				Map.entry("Started", "2026-11-20 11:58:05 UTC"), Map.entry("Finished", "2026-11-20 11:59:47 UTC"),
				Map.entry("Duration", "1 min 42 s"));
		assertThat(facts(plugin(page, "stopService").selectFirst("dl.facts"))).containsEntry("Response code", "0")
			.containsEntry("Duration", "850 ms");
	}

	@Test
	void s3OutputLinksOpenTheObjectsInTheS3Console() {
		Element deploy = plugin(page(DEPLOY), "deploy");
		String key = "runcommand/" + DEPLOY + "/" + NODE + "/awsrunShellScript/deploy/";

		assertThat(deploy.select("a[data-link=s3-stdout]")).singleElement()
			.satisfies((link) -> assertThat(link.attr("href"))
				.isEqualTo("https://s3.console.aws.amazon.com/s3/object/acme-ssm-output?region=eu-west-1&prefix=" + key
						+ "stdout"));
		assertThat(deploy.select("a[data-link=s3-stderr]")).singleElement()
			.satisfies((link) -> assertThat(link.attr("href"))
				.isEqualTo("https://s3.console.aws.amazon.com/s3/object/acme-ssm-output?region=eu-west-1&prefix=" + key
						+ "stderr"));
	}

	@Test
	void cloudWatchLinksOpenTheStepsLogStreamsInSsmsDefaultGroup() {
		Element deploy = plugin(page(DEPLOY), "deploy");
		String group = "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1"
				+ "#logsV2:log-groups/log-group/$252Faws$252Fssm$252FAcme-DeployRelease/log-events/";

		assertThat(deploy.select("a[data-link=cloudwatch]")).singleElement()
			.satisfies((link) -> assertThat(link.attr("href"))
				.isEqualTo(group + DEPLOY + "$252F" + NODE + "$252Fdeploy$252Fstdout"));
		assertThat(deploy.select("a[data-link=cloudwatch-stderr]")).singleElement()
			.satisfies((link) -> assertThat(link.attr("href"))
				.isEqualTo(group + DEPLOY + "$252F" + NODE + "$252Fdeploy$252Fstderr"));
	}

	@Test
	void cloudWatchLinkUsesTheConfiguredLogGroupAndEncodesTheStepName() {
		Element plugin = plugin(page(HOSTILE), HOSTILE_PLUGIN);

		assertThat(plugin.select("a[data-link=cloudwatch]")).singleElement()
			.satisfies((link) -> assertThat(link.attr("href"))
				.isEqualTo("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1"
						+ "#logsV2:log-groups/log-group/$252Facme$252Fruncommand/log-events/" + HOSTILE + "$252F" + NODE
						+ "$252Fx$2527$253B$2520rm$2520-rf$2520$252F$2520$2523$252Fstdout"));
	}

	@Test
	void withoutOutputSettingsThereAreNoOutputLinks() {
		Document page = page(PLAIN);

		assertThat(page.select("a[data-link]")).isEmpty();
		assertThat(facts(page.selectFirst("section#live > dl.facts"))).containsEntry("Service role", "none")
			.containsEntry("Notifications", "none")
			.containsEntry("CloudWatch output", "off")
			.containsEntry("S3 output", "none");
	}

	@Test
	void outputUrlsThatAreNotHttpsNeverBecomeLinks() {
		Document page = page(HOSTILE);

		assertThat(page.select("a[data-link^=s3]")).isEmpty();
		assertThat(page.select("a[href^=\"javascript\"], a[href^=\"http:\"]")).isEmpty();
	}

	@Test
	void stdoutReachingGetCommandInvocationsLimitSaysItIsTruncated() {
		Element plugin = plugin(page(LONG), "aws:runShellScript");

		assertThat(plugin.selectFirst("pre.stdout").wholeText()).isEqualTo(LONG_STDOUT.substring(0, 24_000));
		assertThat(plugin.selectFirst("pre.stderr").wholeText()).isEqualTo(LONG_STDERR);
		assertThat(plugin.select("[data-truncated]")).singleElement()
			.satisfies((note) -> assertThat(note.text()).contains("24,000 characters")
				.contains("wrote no S3 or CloudWatch output"));
	}

	@Test
	void stderrReachingGetCommandInvocationsLimitSaysItIsTruncated() {
		Element plugin = plugin(page(NOISY), "aws:runShellScript");

		assertThat(plugin.selectFirst("pre.stdout").wholeText()).isEqualTo("done");
		assertThat(plugin.selectFirst("pre.stderr").wholeText()).isEqualTo(NOISY_STDERR.substring(0, 8_000));
		assertThat(plugin.select("[data-truncated]")).hasSize(1);
	}

	@Test
	void hostileOutputIsShownAsText() {
		MvcTestResult result = get("/invocations/" + HOSTILE + "/" + NODE);
		String html = text(result);
		Document page = Jsoup.parse(html);
		Element plugin = plugin(page, HOSTILE_PLUGIN);

		assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x");
		assertThat(page.select("script")).allSatisfy((script) -> assertThat(script.hasAttr("src")).isTrue());
		assertThat(page.select("img, [onerror], [hx-get=\"/logout\"]")).isEmpty();
		assertThat(plugin.selectFirst("pre.stdout").wholeText())
			.isEqualTo(HOSTILE_STDOUT.replace("\u001B[1;31m", "").replace("\u001B[0m", ""));
		assertThat(plugin.selectFirst("pre.stderr").wholeText()).isEqualTo(HOSTILE_STDERR);
		assertThat(plugin.selectFirst("h2").text()).startsWith(HOSTILE_PLUGIN);
		assertThat(ssm.calls("GetCommandInvocation")).singleElement()
			.satisfies((call) -> assertThat(call.body().get("PluginName").asString()).isEqualTo(HOSTILE_PLUGIN));
	}

	@Test
	void copyableCliCommandsShellQuoteWhatCameFromTheFleet() {
		Document page = page(HOSTILE);
		Element plugin = plugin(page, HOSTILE_PLUGIN);

		Element cli = plugin.selectFirst("div.cli pre");
		assertThat(cli.wholeText()).isEqualTo("aws ssm get-command-invocation --region eu-west-1 --command-id "
				+ HOSTILE + " --instance-id " + NODE + " --plugin-name 'x'\\''; rm -rf / #'");
		assertThat(plugin.selectFirst("div.cli button[data-copy]").attr("data-copy")).isEqualTo("#" + cli.id());
		assertThat(page.selectFirst("pre#cli-list").wholeText())
			.isEqualTo("aws ssm list-command-invocations --region eu-west-1 --command-id " + HOSTILE + " --instance-id "
					+ NODE + " --details");
	}

	@Test
	void cliCommandLeavesPlainPluginNamesUnquoted() {
		assertThat(plugin(page(LONG), "aws:runShellScript").selectFirst("div.cli pre").wholeText())
			.isEqualTo("aws ssm get-command-invocation --region eu-west-1 --command-id " + LONG + " --instance-id "
					+ NODE + " --plugin-name aws:runShellScript");
	}

	@Test
	void pluginWithoutSeparateOutputKeepsTheListOutputAndThePageSaysWhy() {
		Document page = page(PARTIAL);

		assertThat(ssm.calls("GetCommandInvocation")).hasSize(2);
		assertThat(page.select("section#live > p.notice")).singleElement()
			.satisfies((notice) -> assertThat(notice.text())
				.isEqualTo("SSM has no separate output yet. Showing what the list returned for verify."));
		assertThat(plugin(page, "verify").selectFirst("pre.stdout").wholeText()).isEqualTo("listed output of verify");
		assertThat(plugin(page, "install").selectFirst("pre.stdout").wholeText()).isEqualTo("listed output of install");
	}

	@Test
	void unknownCommandIsNotFoundAndNamesIt() {
		MvcTestResult result = get("/invocations/" + UNKNOWN + "/" + NODE);

		assertThat(result).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(document(result).selectFirst("p.message").text())
			.isEqualTo("SSM lists no invocation of command " + UNKNOWN + " on node " + NODE + " in eu-west-1.");
		assertThat(ssm.calls()).extracting(Call::operation).containsExactly("ListCommandInvocations");
	}

	@Test
	void unknownNodeOfAKnownCommandIsNotFoundAndNamesIt() {
		String otherNode = "i-0fffffffffffffff0";
		MvcTestResult result = get("/invocations/" + DEPLOY + "/" + otherNode);

		assertThat(result).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(document(result).selectFirst("p.message").text()).contains(DEPLOY).contains(otherNode);
		assertThat(ssm.calls("GetCommandInvocation")).isEmpty();
	}

	@Test
	void nodeSsmRejectsIsNotFoundRatherThanAnError() {
		ssm.failNext(1, 400, "InvalidInstanceId", "Instances [[" + NODE + "]] not in a valid state for account");
		MvcTestResult result = get("/invocations/" + DEPLOY + "/" + NODE);

		assertThat(result).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(document(result).selectFirst("p.message").text()).contains("managed node")
			.doesNotContain("Exception");
	}

	@Test
	void commandSsmRejectsIsNotFoundRatherThanAnError() {
		ssm.failNext(1, 400, "InvalidCommandId", "Invalid command id");
		MvcTestResult result = get("/invocations/" + DEPLOY + "/" + NODE);

		assertThat(result).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(document(result).selectFirst("p.message").text()).contains("no command").doesNotContain("Exception");
	}

	@Test
	void malformedCommandIdIsRejectedWithoutCallingAws() {
		MvcTestResult result = get("/invocations/not-a-command-id/" + NODE);

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		Document page = document(result);
		assertThat(page.selectFirst("p.parameter code").text()).isEqualTo("commandId");
		assertThat(page.selectFirst("p.message").text()).startsWith("commandId:").contains("36 characters");
		assertThat(ssm.calls()).isEmpty();
	}

	@Test
	void malformedInstanceIdIsRejectedWithoutCallingAws() {
		MvcTestResult result = get("/invocations/" + DEPLOY + "/i-123");

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		Document page = document(result);
		assertThat(page.selectFirst("p.parameter code").text()).isEqualTo("instanceId");
		assertThat(page.selectFirst("p.message").text()).startsWith("instanceId:");
		assertThat(ssm.calls()).isEmpty();
	}

	@Test
	void malformedIdsInAPollOrRowRequestAreRejectedWithoutCallingAws() {
		assertThat(this.mvc.get().uri("/invocations/{c}/{i}", DEPLOY, "mi-123").header("HX-Request", "true"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyText()
			.contains("instanceId")
			.doesNotContain("<html");
		assertThat(this.mvc.get().uri("/invocations/{c}/{i}/row", "short", NODE)).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyText()
			.contains("commandId");
		assertThat(ssm.calls()).isEmpty();
	}

	private MvcTestResult get(String uri) {
		return this.mvc.get().uri(uri).exchange();
	}

	private static String text(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

	private static Document document(MvcTestResult result) {
		return Jsoup.parse(text(result));
	}

	private Document page(String commandId) {
		MvcTestResult result = get("/invocations/" + commandId + "/" + NODE);
		assertThat(result).hasStatusOk();
		return document(result);
	}

	private static Element plugin(Element page, String name) {
		return page.select("article.plugin-detail")
			.stream()
			.filter((article) -> article.attr("data-plugin").equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No plugin " + name + " in:\n" + page));
	}

	/**
	 * The {@code
	 *
	<dt>} → {@code
	 *
	<dd>} pairs of a definition list, as a reader sees them.
	 */
	private static Map<String, String> facts(Element list) {
		Map<String, String> facts = new LinkedHashMap<>();
		for (Element term : list.select("> dt")) {
			facts.put(term.text(), term.nextElementSibling().text());
		}
		return facts;
	}

	private static String listedOutput(String commandId, String plugin) {
		return INVOCATIONS.stream()
			.filter((invocation) -> invocation.commandId().equals(commandId))
			.flatMap((invocation) -> invocation.commandPlugins().stream())
			.filter((candidate) -> candidate.name().equals(plugin))
			.findFirst()
			.orElseThrow()
			.output();
	}

	/** Numbered lines of exactly {@code length} characters. */
	private static String lines(String name, int length) {
		StringBuilder text = new StringBuilder();
		for (int i = 1; text.length() < length; i++) {
			text.append(String.format("%s line %05d: the quick brown fox jumps over the lazy dog%n", name, i));
		}
		return text.substring(0, length);
	}

	/** What the list returns of long output: 2,500 characters at most, stdout first. */
	private static String listed(String stdout, String stderr) {
		String separator = "\n----------ERROR-------\n";
		if (stderr.isEmpty()) {
			return cut(stdout, 2_500, "\n---Output truncated---");
		}
		String out = cut(stdout, 1_250, "\n---Output truncated---");
		return out + separator + cut(stderr, 2_500 - out.length() - separator.length(), "\n---Error truncated----");
	}

	private static String cut(String text, int limit, String marker) {
		return (text.length() <= limit) ? text : text.substring(0, limit - marker.length()) + marker;
	}

	private static CommandInvocation.Builder invocation(String commandId, String document, String status,
			String statusDetails) {
		return CommandInvocation.builder()
			.commandId(commandId)
			.instanceId(NODE)
			.instanceName("web-01.acme.internal")
			.comment("Release 2026.11.3")
			.documentName(document)
			.documentVersion("7")
			.requestedDateTime(REQUESTED)
			.status(status)
			.statusDetails(statusDetails)
			.serviceRole("")
			.notificationConfig(NotificationConfig.builder().notificationArn("").notificationType("").build())
			.cloudWatchOutputConfig(CloudWatchOutputConfig.builder().cloudWatchOutputEnabled(false).build())
			.standardOutputUrl("")
			.standardErrorUrl("");
	}

	private static CommandPlugin.Builder plugin(String name, String status, int responseCode, String output) {
		return CommandPlugin.builder()
			.name(name)
			.status(status)
			.statusDetails(status)
			.responseCode(responseCode)
			.responseStartDateTime(REQUESTED.plusSeconds(2))
			.responseFinishDateTime(REQUESTED.plusSeconds(4))
			.output(output)
			.standardOutputUrl("")
			.standardErrorUrl("")
			.outputS3Region("")
			.outputS3BucketName("")
			.outputS3KeyPrefix("");
	}

	private static CommandInvocation deploy() {
		String url = "https://s3.eu-west-1.amazonaws.com/acme-ssm-output/runcommand/" + DEPLOY + "/" + NODE
				+ "/awsrunShellScript/";
		return invocation(DEPLOY, "Acme-DeployRelease", "TimedOut", "ExecutionTimedOut")
			.serviceRole("arn:aws:iam::123456789012:role/RunCommandNotify")
			.notificationConfig(NotificationConfig.builder()
				.notificationArn("arn:aws:sns:eu-west-1:123456789012:runcommand")
				.notificationEventsWithStrings("TimedOut", "Failed")
				.notificationType("Invocation")
				.build())
			.cloudWatchOutputConfig(
					CloudWatchOutputConfig.builder().cloudWatchOutputEnabled(true).cloudWatchLogGroupName("").build())
			.commandPlugins(
					plugin("stopService", "Success", 0, "Stopped acme-api.service (pid 4121)")
						.responseStartDateTime(REQUESTED.plusSeconds(2))
						.responseFinishDateTime(REQUESTED.plusMillis(2_850))
						.standardOutputUrl(url + "stopService/stdout")
						.standardErrorUrl(url + "stopService/stderr")
						.outputS3Region("eu-west-1")
						.outputS3BucketName("acme-ssm-output")
						.outputS3KeyPrefix("runcommand")
						.build(),
					plugin("deploy", "TimedOut", 143, listed(DEPLOY_STDOUT, DEPLOY_STDERR))
						.statusDetails("ExecutionTimedOut")
						.responseStartDateTime(REQUESTED.plusSeconds(5))
						.responseFinishDateTime(REQUESTED.plusSeconds(107))
						.standardOutputUrl(url + "deploy/stdout")
						.standardErrorUrl(url + "deploy/stderr")
						.outputS3Region("eu-west-1")
						.outputS3BucketName("acme-ssm-output")
						.outputS3KeyPrefix("runcommand")
						.build())
			.build();
	}

	private static CommandInvocation plain() {
		return invocation(PLAIN, "AWS-RunShellScript", "Success", "Success")
			.commandPlugins(plugin("aws:runShellScript", "Success", 0, "disk usage 41%").build())
			.build();
	}

	private static CommandInvocation hostile() {
		return invocation(HOSTILE, "AWS-RunShellScript", "Failed", "Failed")
			.cloudWatchOutputConfig(CloudWatchOutputConfig.builder()
				.cloudWatchOutputEnabled(true)
				.cloudWatchLogGroupName("/acme/runcommand")
				.build())
			.commandPlugins(plugin(HOSTILE_PLUGIN, "Failed", 1, listed(HOSTILE_STDOUT, HOSTILE_STDERR))
				.standardOutputUrl("javascript:alert(document.cookie)")
				.standardErrorUrl("http://s3.eu-west-1.amazonaws.com/acme-ssm-output/stderr")
				.build())
			.build();
	}

	private static CommandInvocation longOutput() {
		return invocation(LONG, "AWS-RunShellScript", "Success", "Success")
			.commandPlugins(plugin("aws:runShellScript", "Success", 0, listed(LONG_STDOUT, LONG_STDERR)).build())
			.build();
	}

	private static CommandInvocation noisy() {
		return invocation(NOISY, "AWS-RunShellScript", "Failed", "Failed")
			.commandPlugins(plugin("aws:runShellScript", "Failed", 1, listed("done", NOISY_STDERR)).build())
			.build();
	}

	private static CommandInvocation partial() {
		return invocation(PARTIAL, "Acme-DeployRelease", "Success", "Success")
			.commandPlugins(plugin("install", "Success", 0, "listed output of install").build(),
					plugin("verify", "Success", 0, "listed output of verify").build())
			.build();
	}

}
