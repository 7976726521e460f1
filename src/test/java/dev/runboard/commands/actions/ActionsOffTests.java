package dev.runboard.commands.actions;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import dev.runboard.aws.sandbox.SandboxClientFactory;
import dev.runboard.testing.RunboardWebTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * Actions are off unless enabled for the {@code aws} source: then no page offers one,
 * even to an operator, and every action is not found, as if it did not exist.
 */
@RunboardWebTest
@WithMockUser(roles = { "USER", "OUTPUT", "OPERATOR" })
@ExtendWith(OutputCaptureExtension.class)
class ActionsOffTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	SandboxClientFactory sandbox;

	@Autowired
	Clock clock;

	@Test
	void noPageOffersAnActionAndEveryActionIsNotFound(CapturedOutput output) {
		List<CommandInvocation> invocations = this.sandbox.fleets().get(0).invocationsAt(this.clock.instant());
		CommandInvocation running = invocations.stream()
			.filter((invocation) -> invocation.statusAsString().equals("InProgress"))
			.findFirst()
			.orElse(invocations.get(0));
		CommandInvocation failed = invocations.stream()
			.filter((invocation) -> invocation.statusAsString().equals("Failed"))
			.findFirst()
			.orElseThrow();

		assertThat(page("/commands/" + running.commandId()).select("form[data-action]")).isEmpty();
		assertThat(page("/commands/" + failed.commandId()).select("form[data-action]")).isEmpty();
		assertThat(page("/invocations/" + running.commandId() + "/" + running.instanceId()).select("form[data-action]"))
			.isEmpty();
		assertThat(this.mvc.post().uri("/commands/" + failed.commandId() + "/rerun").param("scope", "all").with(csrf()))
			.hasStatus(404);
		assertThat(this.mvc.post().uri("/commands/" + running.commandId() + "/cancel").with(csrf())).hasStatus(404);
		assertThat(this.mvc.get().uri("/commands/" + failed.commandId() + "/failed-nodes")).hasStatus(404);
		assertThat(this.mvc.post().uri("/commands/not-a-command/cancel").param("instanceId", "web-01").with(csrf()))
			.as("refused before the command ID is read")
			.hasStatus(404);
		assertThat(output).as("each refusal audited with the fields of every action")
			.contains("action=rerun-all command=" + failed.commandId())
			.contains("action=cancel command=" + running.commandId())
			.contains("outcome=refused status=404");
	}

	private Document page(String uri) {
		MvcTestResult result = this.mvc.get().uri(uri).exchange();
		assertThat(result).hasStatusOk();
		return Jsoup.parse(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
	}

}
