package dev.runboard.invocations;

import java.net.URI;
import java.util.List;

import dev.runboard.testing.InvocationsHtml;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /invocations/{commandId}/{instanceId}/output.txt}: one plugin's stream as a text
 * file.
 */
class InvocationDownloadTests extends AwsSourceTestSupport {

	static final String COMMAND_ID = "d0d0d0d0-0000-4000-8000-000000000001";

	static final String INSTANCE_ID = "i-0000000000000d0d0";

	static final String PATH = "/invocations/" + COMMAND_ID + "/" + INSTANCE_ID + "/output.txt";

	@Test
	void finalInvocationDownloadsItsWholeStreamAsAnAttachment() {
		fleet(List.of(invocation("Success", "line one\n\u001B[31mred\u001B[0m\n----------ERROR-------\nwarned")));

		MvcTestResult stdout = this.mvc.get().uri(PATH + "?plugin=aws:runShellScript&stream=stdout").exchange();
		MvcTestResult stderr = this.mvc.get().uri(PATH + "?plugin=aws:runShellScript&stream=stderr").exchange();

		assertThat(stdout).hasStatusOk();
		assertThat(stdout.getResponse().getContentType()).startsWith("text/plain");
		assertThat(stdout.getResponse().getHeader("Content-Disposition")).startsWith("attachment;")
			.contains(INSTANCE_ID + "-aws-runShellScript-stdout.txt");
		assertThat(body(stdout)).isEqualTo("line one\nred");
		assertThat(body(stderr)).isEqualTo("warned");
		assertThat(ssm.calls("GetCommandInvocation")).hasSize(2)
			.allSatisfy((call) -> assertThat(call.body().get("PluginName").asString()).isEqualTo("aws:runShellScript"));
	}

	@Test
	void runningInvocationDownloadsWhatSsmListedWithoutAskingForTheWholeOutput() {
		fleet(List.of(invocation("InProgress", "so far")));

		assertThat(body(this.mvc.get().uri(PATH + "?plugin=aws:runShellScript&stream=stdout").exchange()))
			.isEqualTo("so far");
		assertThat(ssm.calls("GetCommandInvocation")).isEmpty();
	}

	@Test
	void unknownPluginOrStreamIsRefusedNamingTheParameter() {
		fleet(List.of(invocation("Success", "x")));

		assertThat(this.mvc.get().uri(PATH + "?plugin=nope&stream=stdout")).hasStatus(400)
			.bodyText()
			.contains("plugin", "aws:runShellScript");
		assertThat(this.mvc.get().uri(PATH + "?plugin=aws:runShellScript&stream=both")).hasStatus(400)
			.bodyText()
			.contains("stream");
		assertThat(this.mvc.get().uri(PATH + "?plugin=aws:runShellScript")).hasStatus(400);
		assertThat(ssm.calls("GetCommandInvocation")).isEmpty();
	}

	@Test
	void pluginWhoseNameStartsOrEndsWithSpacesDownloadsFromItsDetailPageLink() {
		CommandInvocation invocation = invocation("Success", "spaced out");
		fleet(List.of(invocation.toBuilder()
			.commandPlugins(invocation.commandPlugins().get(0).toBuilder().name(" build step ").build())
			.build()));
		String detail = body(this.mvc.get().uri("/invocations/" + COMMAND_ID + "/" + INSTANCE_ID).exchange());
		String link = InvocationsHtml.page(detail).selectFirst("a[data-download=stdout]").attr("href");

		MvcTestResult download = this.mvc.get().uri(URI.create(link)).exchange();

		assertThat(download).hasStatusOk();
		assertThat(body(download)).isEqualTo("spaced out");
		assertThat(ssm.calls("GetCommandInvocation")).last()
			.satisfies((call) -> assertThat(call.body().get("PluginName").asString()).isEqualTo(" build step "));
	}

	@Test
	void refusedDownloadIsAnHtmlPageNotAText() {
		fleet(List.of(invocation("Success", "x")));

		MvcTestResult refused = this.mvc.get().uri(PATH + "?plugin=nope&stream=stdout").exchange();

		assertThat(refused).hasStatus(400);
		assertThat(refused.getResponse().getContentType()).startsWith("text/html");
		assertThat(refused.getResponse().getHeader("Content-Disposition")).isNull();
	}

	private static CommandInvocation invocation(String status, String output) {
		return TestInvocations.invocation(COMMAND_ID, INSTANCE_ID, "AWS-RunShellScript", NEWEST, status, output);
	}

}
