package dev.runboard.commands.actions;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.runboard.aws.sandbox.SandboxClientFactory;
import dev.runboard.testing.HeadlessChromium;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.RunboardTest.Setup;
import dev.runboard.testing.SettableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a real browser, in the sandbox as a new user finds it: open the patch run that
 * failed on some nodes, rerun it on those nodes only, confirm, land on the new command
 * with a notice saying so and a link back, watch it run to the end without reloading, and
 * find it listed on the original; cancel a running command and see Cancel go. The
 * sandbox's time moves when the test says, so a run of a minute or two takes no minutes.
 */
@RunboardTest(Setup.SANDBOX)
class ActionsBrowserIT {

	/** The application's clock, which stands still until the test moves it. */
	@Autowired
	SettableClock clock;

	@Autowired
	SandboxClientFactory sandbox;

	@LocalServerPort
	int port;

	@RegisterExtension
	final HeadlessChromium chromium = HeadlessChromium.eachTest(1400, 1000);

	@Test
	void rerunOnTheFailedNodesConfirmLandOnTheNewCommandAndWatchItFinish() {
		List<CommandInvocation> patchRun = this.sandbox.fleets()
			.get(0)
			.invocationsAt(this.clock.instant())
			.stream()
			.filter((invocation) -> invocation.comment().startsWith("Patch night wave 2"))
			.toList();
		String commandId = patchRun.get(0).commandId();
		// The nodes that failed, and those the run never reached once more than a fifth
		// of its nodes had failed (its MaxErrors): cancelled.
		Set<String> failed = patchRun.stream()
			.filter((invocation) -> List.of("Failed", "Cancelled").contains(invocation.statusAsString()))
			.map(CommandInvocation::instanceId)
			.collect(Collectors.toSet());
		Set<String> undelivered = patchRun.stream()
			.filter((invocation) -> "Undeliverable".equals(invocation.statusDetails()))
			.map(CommandInvocation::instanceId)
			.collect(Collectors.toSet());
		int nodes = failed.size();
		long cancelled = patchRun.stream()
			.filter((invocation) -> "Cancelled".equals(invocation.statusAsString()))
			.count();
		String nodesText = (nodes - cancelled) + " failed and " + cancelled + " cancelled nodes";
		// A rerun sends at most 50 nodes a command; the page lands on the first.
		int first = Math.min(nodes, 50);
		assertThat(nodes).isGreaterThan(25);

		String path = "/commands/" + commandId;
		this.chromium.signIn("http://localhost:" + this.port + "/runboard" + path, "demo", "demo",
				(address) -> address.endsWith(path));
		this.chromium.await("the summary to count the failed nodes")
			.until((browser) -> text("#failed-nodes-count").equals(nodesText));
		this.chromium.driver().findElement(By.cssSelector("form[data-action=rerun-failed] summary")).click();
		this.chromium.await("the confirmation")
			.until((browser) -> !browser
				.findElements(By.cssSelector("form[data-action=rerun-failed] [data-confirmation]"))
				.isEmpty());
		assertThat(text("form[data-action=rerun-failed] [data-confirmation]"))
			.startsWith("Send AWS-RunPatchBaseline to " + nodesText + " in eu-west-1");
		this.chromium.driver()
			.findElement(By.cssSelector("form[data-action=rerun-failed] button[type=submit]"))
			.click();

		this.chromium.await("the new command's page")
			.until((browser) -> browser.getCurrentUrl().contains("/commands/")
					&& !browser.getCurrentUrl().contains(commandId)
					&& !browser.findElements(By.cssSelector("[data-status-count]")).isEmpty());
		String rerunPath = this.chromium.driver().getCurrentUrl().replaceAll(".*/commands/", "");
		String rerun = rerunPath.replaceAll("\\?.*", "");
		assertThat(summaryStatus()).isEqualTo("Pending");
		this.chromium.await("its invocations").until((browser) -> rowNodes().size() == first);
		assertThat(failed).containsAll(rowNodes());
		assertThat(text("h1 small")).matches("Rerun of " + commandId + " by demo #[a-z0-9]{4}");
		// More than 50 nodes go as several commands, and the page lands on the first.
		assertThat(text("[role=status][data-action-notice]"))
			.startsWith((nodes > first) ? "Rerun sent: " + ((nodes + 49) / 50) + " commands (" + rerun + ", "
					: "Rerun sent: command " + rerun + " to " + nodes + " nodes")
			.contains(" to " + nodes + " nodes at ");
		assertThat(this.chromium.driver().findElement(By.cssSelector("a[data-rerun-of]")).getAttribute("href"))
			.contains("/runboard/commands/" + commandId);
		this.chromium.markPage();

		this.clock.advance(Duration.ofSeconds(20));
		this.chromium.await("the command to run").until((browser) -> "InProgress".equals(summaryStatus()));
		// Ten percent of its nodes at a time, as the patch run it reruns.
		this.clock.advance(Duration.ofMinutes(30));
		this.chromium.await("the command to end").until((browser) -> "Failed".equals(summaryStatus()));

		int succeeded = statusCount("Success");
		assertThat(succeeded + statusCount("Failed") + statusCount("Cancelled")).isEqualTo(first);
		assertThat(succeeded).as("the fix worked on most").isGreaterThan(first / 2);
		List<String> undeliveredAgain = this.chromium.driver()
			.findElements(By.cssSelector("[data-failure-group]"))
			.stream()
			.filter((group) -> group.findElement(By.cssSelector("[data-signature]")).getText().equals("Undeliverable"))
			.flatMap((group) -> group.findElements(By.cssSelector(".nodes a")).stream())
			.map((node) -> node.getAttribute("title"))
			.toList();
		assertThat(undeliveredAgain).as("the nodes that were not there before either")
			.containsAll(rowNodes().stream().filter(undelivered::contains).toList());
		assertThat(failed).containsAll(undeliveredAgain);
		assertThat(this.chromium.pageMarked()).as("the page was not reloaded").isTrue();
		assertThat(this.chromium.driver().getCurrentUrl()).endsWith("/commands/" + rerunPath);
		this.chromium.await("the summary to stop polling")
			.until((browser) -> browser.findElements(By.cssSelector("#summary[hx-trigger]")).isEmpty());

		this.chromium.driver().findElement(By.cssSelector("a[data-rerun-of]")).click();
		this.chromium.await("the original, listing its rerun")
			.until((browser) -> browser.getCurrentUrl().contains("/commands/" + commandId)
					&& !browser.findElements(By.cssSelector("a[data-rerun=\"" + rerun + "\"]")).isEmpty());
		assertThat(this.chromium.driver().findElements(By.cssSelector("[data-action-notice]")))
			.as("the notice was for the page the rerun landed on")
			.isEmpty();
	}

	@Test
	void cancelARunningCommandSeeItAcknowledgedAndCancelGo() {
		CommandInvocation running = this.sandbox.fleets()
			.get(0)
			.invocationsAt(this.clock.instant())
			.stream()
			.filter((invocation) -> invocation.statusAsString().equals("InProgress"))
			.findFirst()
			.orElseThrow();
		String path = "/commands/" + running.commandId();
		this.chromium.signIn("http://localhost:" + this.port + "/runboard" + path, "demo", "demo",
				(address) -> address.endsWith(path));
		this.chromium.driver().findElement(By.cssSelector("form[data-action=cancel] summary")).click();
		this.chromium.driver().findElement(By.cssSelector("form[data-action=cancel] button[type=submit]")).click();

		this.chromium.await("the acknowledgement")
			.until((browser) -> !browser.findElements(By.cssSelector("[role=status][data-action-notice]")).isEmpty());
		assertThat(text("[role=status][data-action-notice]")).startsWith("Cancel sent to every node still running at ")
			.contains(" by demo.");
		assertThat(this.chromium.driver().getCurrentUrl()).contains(path);
		assertThat(this.chromium.driver().findElements(By.cssSelector("form[data-action=cancel]"))).isEmpty();
	}

	private String summaryStatus() {
		return (String) this.chromium
			.script("const summary = document.getElementById('summary'); return summary && summary.dataset.status;");
	}

	private int statusCount(String status) {
		String count = (String) this.chromium.script("const count = document.querySelector('[data-status-count=\""
				+ status + "\"]'); return count && count.dataset.count;");
		return (count != null) ? Integer.parseInt(count) : 0;
	}

	@SuppressWarnings("unchecked")
	private List<String> rowNodes() {
		return (List<String>) this.chromium.script(
				"return Array.from(document.querySelectorAll('#invocations tr[data-instance-id]'), (row) => row.dataset.instanceId);");
	}

	private String text(String selector) {
		return (String) this.chromium.script(
				"const element = document.querySelector(arguments[0]); return element ? element.textContent.trim() : '';",
				selector);
	}

}
