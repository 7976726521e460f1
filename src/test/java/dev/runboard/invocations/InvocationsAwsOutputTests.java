package dev.runboard.invocations;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.runboard.testing.InvocationsHtml;
import dev.runboard.testing.TestInvocations;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.services.ssm.model.CloudWatchOutputConfig;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plugin output and output locations as SSM returns them, shown through the real SDK:
 * output is untrusted text, only {@code https:} URLs become links, and links lead to the
 * S3 and CloudWatch consoles.
 */
class InvocationsAwsOutputTests extends AwsSourceTestSupport {

	static final String COMMAND = "7d4c9a1e-3b2f-4e8a-9c6d-1f0e2b3a4c5d";

	static final Instant REQUESTED = Instant.parse("2026-11-20T02:00:00Z");

	static final String HOSTILE_STDOUT = "<b>bold</b><script>alert('stdout')</script>\u001B[1;31mred\u001B[0m "
			+ "${T(java.lang.Runtime).getRuntime().exec('id')} [[${7*7}]] [(${7*7})] *{name} #{home.welcome} "
			+ "<div hx-get=\"/evil\" hx-trigger=\"load\" hx-swap=\"outerHTML\">htmx</div> "
			+ "<img src=x onerror=\"alert(1)\"> &amp; &lt;";

	static final String HOSTILE_STDERR = "</pre></details></td></tr><tr data-command-id=\"injected\"><td>"
			+ "<a href=\"javascript:alert(2)\">click</a>";

	static final CommandInvocation HOSTILE = invocation("i-0000000000000a001",
			HOSTILE_STDOUT + "\n----------ERROR-------\n" + HOSTILE_STDERR)
		.toBuilder()
		.comment("<img src=x onerror=alert('comment')>[[${7*7}]]")
		.build();

	static final CommandInvocation SPLIT = invocation("i-0000000000000a002",
			"compiled 3 files\n----------ERROR-------\nwarning: flag --legacy is deprecated");

	static final String LONG_STDOUT = "applying patch 1234567\n".repeat(107);

	static final CommandInvocation TRUNCATED = invocation("i-0000000000000a003",
			LONG_STDOUT + "\n---Output truncated---");

	static final CommandInvocation ERROR_TRUNCATED = invocation("i-0000000000000a004",
			"done\n----------ERROR-------\n" + "E: lock held\n".repeat(150) + "\n---Error truncated----");

	static final String S3_KEY = "patching/" + COMMAND + "/i-0000000000000a005/awsrunShellScript/0.awsrunShellScript/";

	static final CommandInvocation S3 = withPlugin(
			invocation("i-0000000000000a005", "ok").toBuilder()
				.standardOutputUrl("https://s3.eu-central-1.amazonaws.com/runboard-output/" + S3_KEY + "stdout")
				.standardErrorUrl("https://s3.eu-central-1.amazonaws.com/runboard-output/" + S3_KEY + "stderr")
				.build(),
			(plugin) -> plugin
				.standardOutputUrl("https://s3.eu-central-1.amazonaws.com/runboard-output/" + S3_KEY + "stdout")
				.standardErrorUrl("https://s3.eu-central-1.amazonaws.com/runboard-output/" + S3_KEY + "stderr"));

	static final CommandInvocation NOT_HTTPS = withPlugin(
			invocation("i-0000000000000a006", "ok").toBuilder()
				.standardOutputUrl("javascript:alert(document.cookie)")
				.standardErrorUrl("data:text/html,<script>alert(1)</script>")
				.build(),
			(plugin) -> plugin.standardOutputUrl(" JaVaScRiPt:alert(document.domain)")
				.standardErrorUrl("http://s3.eu-west-1.amazonaws.com/runboard-output/key/stderr"));

	static final CommandInvocation CLOUDWATCH_DEFAULT_GROUP = cloudWatch("i-0000000000000a007", true, "");

	static final CommandInvocation CLOUDWATCH_OWN_GROUP = cloudWatch("i-0000000000000a008", true, "ops/run-command");

	static final CommandInvocation CLOUDWATCH_OFF = cloudWatch("i-0000000000000a009", false, "ops/run-command");

	static final String CLOUDWATCH_CONSOLE = "https://eu-west-1.console.aws.amazon.com/cloudwatch/home"
			+ "?region=eu-west-1";

	@BeforeEach
	void fleetWithOutput() {
		fleet(List.of(HOSTILE, SPLIT, TRUNCATED, ERROR_TRUNCATED, S3, NOT_HTTPS, CLOUDWATCH_DEFAULT_GROUP,
				CLOUDWATCH_OWN_GROUP, CLOUDWATCH_OFF));
	}

	@Test
	void outputAndCommentsFromTheFleetAreShownAsTextNeverAsMarkup() {
		MvcTestResult result = this.mvc.get().uri("/invocations").exchange();
		Document page = InvocationsHtml.page(body(result));
		Element row = row(page, HOSTILE);

		assertThat(row.selectFirst("pre.stdout").wholeText())
			.isEqualTo(HOSTILE_STDOUT.replace("\u001B[1;31m", "").replace("\u001B[0m", ""));
		assertThat(row.selectFirst("pre.stderr").wholeText()).isEqualTo(HOSTILE_STDERR);
		assertThat(row.text()).contains("<img src=x onerror=alert('comment')>[[${7*7}]]").doesNotContain("49");
		assertThat(row.select("pre *")).isEmpty();
		assertThat(row.select("script, b, img, [onerror], [hx-trigger=load], a[href^=javascript]")).isEmpty();
		assertThat(page.select("[hx-get=/evil], [data-command-id=injected]")).isEmpty();
		assertThat(InvocationsHtml.invocations(page)).hasSize(9);
		assertThat(body(result)).contains("&lt;script&gt;alert(").doesNotContain("\u001B");
	}

	@Test
	void stdoutAndStderrAreShownApart() {
		Element row = row(page("/invocations"), SPLIT);

		assertThat(row.select("pre.stdout")).singleElement()
			.satisfies((pre) -> assertThat(pre.wholeText()).isEqualTo("compiled 3 files"));
		assertThat(row.select("pre.stderr")).singleElement()
			.satisfies((pre) -> assertThat(pre.wholeText()).isEqualTo("warning: flag --legacy is deprecated"));
		assertThat(row.text()).doesNotContain("----------ERROR-------");
	}

	@Test
	void outputSsmCutShortSaysSo() {
		Document page = page("/invocations");

		Element truncated = row(page, TRUNCATED);
		assertThat(truncated.select("[data-truncated]")).hasSize(1);
		assertThat(truncated.selectFirst("pre.stdout").wholeText()).isEqualTo(LONG_STDOUT)
			.doesNotContain("---Output truncated---");
		Element errorTruncated = row(page, ERROR_TRUNCATED);
		assertThat(errorTruncated.select("[data-truncated]")).hasSize(1);
		assertThat(errorTruncated.selectFirst("pre.stderr").wholeText()).doesNotContain("---Error truncated----");
		assertThat(row(page, SPLIT).select("[data-truncated]")).isEmpty();
	}

	@Test
	void onlyHttpsUrlsBecomeLinks() {
		for (String uri : List.of("/invocations", "/invocations?details=false")) {
			Document page = page(uri);

			assertThat(row(page, NOT_HTTPS).select("a[data-link]")).as(uri).isEmpty();
			assertThat(page.select("a[href~=(?i)^\\s*(javascript|data|http):]")).as(uri).isEmpty();
		}
	}

	@Test
	void anS3OutputUrlLinksToTheObjectInTheS3ConsoleOfItsBucketsRegion() {
		String console = "https://s3.console.aws.amazon.com/s3/object/runboard-output?region=eu-central-1&prefix=";
		for (String uri : List.of("/invocations", "/invocations?details=false")) {
			Element row = row(page(uri), S3);

			assertThat(row.select("a[data-link=s3-stdout]")).as(uri)
				.singleElement()
				.satisfies((link) -> assertThat(link.attr("href")).isEqualTo(console + S3_KEY + "stdout"));
			assertThat(row.select("a[data-link=s3-stderr]")).as(uri)
				.singleElement()
				.satisfies((link) -> assertThat(link.attr("href")).isEqualTo(console + S3_KEY + "stderr"));
		}
	}

	@Test
	void cloudWatchLinkOpensThePluginsStreamInTheDocumentsDefaultGroup() {
		Element row = row(page("/invocations"), CLOUDWATCH_DEFAULT_GROUP);

		assertThat(row.select("a[data-link=cloudwatch]")).singleElement()
			.satisfies((link) -> assertThat(link.attr("href")).isEqualTo(CLOUDWATCH_CONSOLE
					+ "#logsV2:log-groups/log-group/$252Faws$252Fssm$252FAWS-RunShellScript/log-events/" + COMMAND
					+ "$252Fi-0000000000000a007$252Faws-runShellScript$252Fstdout"));
	}

	@Test
	void cloudWatchLinkUsesTheLogGroupTheCommandNamed() {
		Element row = row(page("/invocations"), CLOUDWATCH_OWN_GROUP);

		assertThat(row.select("a[data-link=cloudwatch]")).singleElement()
			.satisfies((link) -> assertThat(link.attr("href"))
				.isEqualTo(CLOUDWATCH_CONSOLE + "#logsV2:log-groups/log-group/ops$252Frun-command/log-events/" + COMMAND
						+ "$252Fi-0000000000000a008$252Faws-runShellScript$252Fstdout"));
	}

	@Test
	void withoutDetailsTheCloudWatchLinkListsTheStreamsOfTheInvocation() {
		Element row = row(page("/invocations?details=false"), CLOUDWATCH_DEFAULT_GROUP);

		assertThat(row.select("a[data-link=cloudwatch]")).singleElement()
			.satisfies((link) -> assertThat(link.attr("href"))
				.isEqualTo(CLOUDWATCH_CONSOLE + "#logsV2:log-groups/log-group/$252Faws$252Fssm$252FAWS-RunShellScript"
						+ "$3FlogStreamNameFilter$3D" + COMMAND + "$252Fi-0000000000000a007"));
	}

	@Test
	void noCloudWatchLinkUnlessCloudWatchOutputIsEnabled() {
		for (String uri : List.of("/invocations", "/invocations?details=false")) {
			Document page = page(uri);

			assertThat(row(page, CLOUDWATCH_OFF).select("a[data-link^=cloudwatch]")).as(uri).isEmpty();
			assertThat(page.select("a[data-link^=cloudwatch]")).as(uri)
				.map((link) -> InvocationsHtml.key(link.closest("tr[data-command-id]")))
				.containsOnly(key(CLOUDWATCH_DEFAULT_GROUP), key(CLOUDWATCH_OWN_GROUP));
		}
	}

	private Document page(String uri) {
		MvcTestResult result = this.mvc.get().uri(uri).exchange();
		assertThat(result).hasStatusOk();
		return InvocationsHtml.page(body(result));
	}

	private static Element row(Element page, CommandInvocation invocation) {
		return InvocationsHtml.row(page, invocation.commandId(), invocation.instanceId());
	}

	private static CommandInvocation invocation(String instanceId, String output) {
		return TestInvocations.invocation(COMMAND, instanceId, "AWS-RunShellScript", REQUESTED, "Failed", output);
	}

	private static CommandInvocation cloudWatch(String instanceId, boolean enabled, String group) {
		return invocation(instanceId, "ok").toBuilder()
			.cloudWatchOutputConfig(CloudWatchOutputConfig.builder()
				.cloudWatchOutputEnabled(enabled)
				.cloudWatchLogGroupName(group)
				.build())
			.build();
	}

	private static CommandInvocation withPlugin(CommandInvocation invocation,
			UnaryOperator<CommandPlugin.Builder> change) {
		return invocation.toBuilder()
			.commandPlugins(change.apply(invocation.commandPlugins().get(0).toBuilder()).build())
			.build();
	}

}
