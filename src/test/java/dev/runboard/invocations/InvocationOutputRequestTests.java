package dev.runboard.invocations;

import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static dev.runboard.invocations.OutputFixtures.LOG_GROUP;
import static dev.runboard.invocations.OutputFixtures.LONG_STDERR;
import static dev.runboard.invocations.OutputFixtures.LONG_STDOUT;
import static dev.runboard.invocations.OutputFixtures.PLUGIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may read whole output and what a request for it may name: parameters Runboard
 * cannot use are refused before any call to AWS, users without the output role get none,
 * and the detail page offers a read for each place SSM says the output went.
 */
class InvocationOutputRequestTests extends OutputTestSupport {

	static final CommandInvocation BOTH = OutputFixtures.invocation("i-0000000000000d001",
			OutputFixtures.listed(LONG_STDOUT) + "\n----------ERROR-------\n" + LONG_STDERR.substring(0, 200),
			LOG_GROUP);

	static final CommandInvocation SSM_ONLY = OutputFixtures.ssmOnly("i-0000000000000d002");

	static final String BASE = "/invocations/" + OutputFixtures.COMMAND + "/i-0000000000000d001/output";

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', value = {
			"/invocations/not-a-command/i-0000000000000d001/output?plugin=p&stream=stdout&source=s3 | commandId",
			"/invocations/" + OutputFixtures.COMMAND + "/web-01/output?plugin=p&stream=stdout&source=s3 | instanceId",
			BASE + "?stream=stdout&source=s3 | plugin", BASE + "?plugin=%07bell&stream=stdout&source=s3 | plugin",
			BASE + "?plugin=p&source=s3 | stream", BASE + "?plugin=p&stream=stdin&source=s3 | stream",
			BASE + "?plugin=p&stream=stdout&stream=stderr&source=s3 | stream",
			BASE + "?plugin=p&stream=stdout | source", BASE + "?plugin=p&stream=stdout&source=https | source",
			BASE + "?plugin=p&stream=stdout&source=s3&offset=-1 | offset",
			BASE + "?plugin=p&stream=stdout&source=s3&offset=1e3 | offset",
			BASE + "?plugin=p&stream=stdout&source=s3&offset=99999999999999999999 | offset",
			BASE + "?plugin=p&stream=stdout&source=cloudwatch&offset=10 | offset",
			BASE + "?plugin=p&stream=stdout&source=cloudwatch&token=f%2F1%20s | token",
			BASE + "?plugin=p&stream=stdout&source=cloudwatch&token=f%2F%C3%A9 | token",
			BASE + "?plugin=p&stream=stdout&source=s3&token=f%2F1%2Fs | token" })
	void aParameterRunboardCannotUseIsABadRequestNamingItWithoutCallingAws(String uri, String parameter) {
		fleet(BOTH);

		MvcTestResult result = htmx(uri);

		assertThat(result.getResponse().getStatus()).isEqualTo(400);
		Document panel = Jsoup.parseBodyFragment(body(result));
		assertThat(panel.selectFirst(".parameter code").text()).isEqualTo(parameter);
		assertThat(body(result)).doesNotContain("Exception");
		assertNoCalls();
	}

	@Test
	void aTokenLongerThanAnyTheServiceIssuesIsRefused() {
		MvcTestResult result = htmx(BASE + "?plugin=p&stream=stdout&source=cloudwatch&token=" + "f".repeat(4097));

		assertThat(result.getResponse().getStatus()).isEqualTo(400);
		assertThat(body(result)).contains("token");
		assertNoCalls();
	}

	@Test
	@WithMockUser(roles = "USER")
	void withoutTheOutputRoleNoOutputIsReadAndNoneIsSent() {
		fleet(BOTH);
		output(BOTH, PLUGIN, LONG_STDOUT, LONG_STDERR);

		for (String source : List.of("s3", "cloudwatch")) {
			MvcTestResult result = htmx(outputUri(BOTH, PLUGIN, "stdout", source));

			assertThat(result.getResponse().getStatus()).isEqualTo(403);
			assertThat(Jsoup.parseBodyFragment(body(result)).selectFirst(".error-panel .message").text())
				.contains("OUTPUT");
			assertThat(body(result)).doesNotContain(LONG_STDOUT.substring(0, 40));
		}
		assertNoCalls();
	}

	@Test
	@WithMockUser(roles = "USER")
	void withoutTheOutputRoleTheDetailPageOffersNoRead() {
		fleet(BOTH);

		Document page = Jsoup.parse(body(this.mvc.get().uri(pageUri(BOTH)).exchange()));

		assertThat(page.select("[data-read-output], .whole-output")).isEmpty();
	}

	@Test
	void theDetailPageOffersAReadForEachPlaceTheOutputWentToBelowThePlugin() {
		fleet(BOTH);
		output(BOTH, PLUGIN, LONG_STDOUT, LONG_STDERR);

		Document page = Jsoup.parse(body(this.mvc.get().uri(pageUri(BOTH)).exchange()));

		Element plugin = page.selectFirst("article[data-plugin=\"" + PLUGIN + "\"]");
		assertThat(plugin.select("[data-read-output]")).extracting((button) -> button.attr("data-read-output"))
			.containsExactly("s3-stdout", "s3-stderr", "cloudwatch-stdout", "cloudwatch-stderr");
		for (Element button : plugin.select("[data-read-output]")) {
			assertThat(button.attr("hx-target")).isEqualTo("next .whole-output");
			String[] kind = button.attr("data-read-output").split("-");
			assertThat(button.attr("hx-get")).isEqualTo(outputUri(BOTH, PLUGIN, kind[1], kind[0]));
		}
		assertThat(plugin.select(".whole-output")).hasSize(1);
		assertThat(plugin.select("a[data-link]")).as("the console links stay").isNotEmpty();
		assertThat(s3.calls()).as("nothing is read until asked").isEmpty();
		assertThat(logs.calls()).isEmpty();
	}

	@Test
	void theButtonsReadTheOutputTheyName() {
		fleet(BOTH);
		output(BOTH, PLUGIN, "out\n", "err\n");

		Document page = Jsoup.parse(body(this.mvc.get().uri(pageUri(BOTH)).exchange()));

		for (Element button : page.select("[data-read-output]")) {
			Document chunk = chunk(button.attr("hx-get"));
			String expected = button.attr("data-read-output").endsWith("stderr") ? "err\n" : "out\n";
			assertThat(chunk.selectFirst("pre.output-chunk").wholeText()).as(button.attr("data-read-output"))
				.isEqualTo(expected);
		}
	}

	@Test
	void anInvocationWhoseOutputStayedInSsmOffersNoRead() {
		fleet(SSM_ONLY);

		Document page = Jsoup.parse(body(this.mvc.get().uri(pageUri(SSM_ONLY)).exchange()));

		assertThat(page.select("[data-read-output], .whole-output")).isEmpty();
	}

	@Test
	void aRunningInvocationOffersNoReadUntilItIsFinal() {
		fleet(BOTH.toBuilder().status("InProgress").statusDetails("InProgress").build());

		Document page = Jsoup.parse(body(this.mvc.get().uri(pageUri(BOTH)).exchange()));

		assertThat(page.select("[data-live]")).as("the page polls").hasSize(1);
		assertThat(page.select("[data-read-output], .whole-output")).isEmpty();
	}

	private static String pageUri(CommandInvocation invocation) {
		return "/invocations/" + invocation.commandId() + "/" + invocation.instanceId();
	}

	private static void assertNoCalls() {
		assertThat(ssm.calls()).as("SSM calls").isEmpty();
		assertThat(s3.calls()).as("S3 calls").isEmpty();
		assertThat(logs.calls()).as("CloudWatch Logs calls").isEmpty();
	}

}
