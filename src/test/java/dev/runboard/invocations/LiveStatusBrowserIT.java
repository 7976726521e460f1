package dev.runboard.invocations;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.HeadlessChromium;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import org.springframework.boot.test.web.server.LocalServerPort;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running invocation in a real browser: its detail page and its table row turn final
 * without a reload, and polling stops once they are final. Meanwhile the title says what
 * runs, and turning final is announced once, politely, to screen readers.
 */
@RunboardTest
class LiveStatusBrowserIT {

	static final Instant REQUESTED = Instant.parse("2026-11-20T12:00:00Z");

	static final String COMMAND_ID = "5eed0000-0000-4000-8000-00000000c0de";

	static final String INSTANCE_ID = "i-0123456789abcdef0";

	static final AtomicBoolean finished = new AtomicBoolean();

	/** A command to three nodes, two of which are done. */
	static final String PATCH_ID = "5eed0000-0000-4000-8000-0000000fa7c4";

	static final List<CommandInvocation> RUNNING = List.of(
			TestInvocations.invocation(COMMAND_ID, INSTANCE_ID, "AWS-RunShellScript", REQUESTED, "InProgress", ""),
			patched(1, "Success", "patched 3 packages"), patched(2, "Success", "patched 5 packages"),
			patched(3, "InProgress", ""));

	static final List<CommandInvocation> FINISHED = List.of(
			TestInvocations.invocation(COMMAND_ID, INSTANCE_ID, "AWS-RunShellScript", REQUESTED, "Success",
					"patched 12 packages"),
			patched(1, "Success", "patched 3 packages"), patched(2, "Success", "patched 5 packages"),
			patched(3, "Failed", "Loaded plugins\n----------ERROR-------\nError: yum lock held by pid 4121"));

	static CommandInvocation patched(int node, String status, String output) {
		return TestInvocations.invocation(PATCH_ID, String.format("i-%017d", node), "AWS-RunPatchBaseline",
				REQUESTED.minusSeconds(60), status, output);
	}

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer
		.local(new SandboxSsmClient((now) -> finished.get() ? FINISHED : RUNNING, Clock.systemUTC(), Region.EU_WEST_1));

	@LocalServerPort
	int port;

	@RegisterExtension
	final HeadlessChromium chromium = HeadlessChromium.eachTest(1400, 900);

	@BeforeEach
	void openBrowser() {
		finished.set(false);
	}

	@Test
	void runningDetailPageTurnsFinalWithoutReloadingAndStopsPolling() throws InterruptedException {
		signIn("/invocations/" + COMMAND_ID + "/" + INSTANCE_ID);
		assertThat(liveStatus()).isEqualTo("InProgress");
		this.chromium.await("the title to say it runs")
			.until((browser) -> browser.getTitle()
				.equals("(running) Command 5eed0000… on i-0123456789abcdef0 · Runboard"));
		this.chromium.markPage();
		int before = listCalls();
		this.chromium.await("the page to poll SSM").until((browser) -> listCalls() >= before + 2);
		assertThat(ssm.calls("GetCommandInvocation")).as("no whole-output fetch while running").isEmpty();

		finished.set(true);

		this.chromium.await("the status to turn final on screen").until((browser) -> "Success".equals(liveStatus()));
		assertThat(this.chromium.pageMarked()).as("the page was not reloaded").isTrue();
		this.chromium.await("the title to drop what ran")
			.until((browser) -> browser.getTitle().equals("Command 5eed0000… on i-0123456789abcdef0 · Runboard"));
		assertThat(this.chromium.driver().findElement(By.cssSelector("#live pre.stdout")).getText())
			.isEqualTo("patched 12 packages");
		assertPollingStopped();
	}

	@Test
	void runningRowTurnsFinalWithoutReloadingAndStopsPolling() throws InterruptedException {
		signIn("/invocations?commandId=" + COMMAND_ID);
		assertThat(rowStatus()).isEqualTo("InProgress");
		this.chromium.await("the title to count the running row")
			.until((browser) -> browser.getTitle()
				.equals("(1 running) Invocations of command 5eed0000… · eu-west-1 · Runboard"));
		this.chromium.markPage();
		recordAnnouncements();
		int before = listCalls();
		this.chromium.await("the row to poll SSM").until((browser) -> listCalls() >= before + 2);
		assertThat(announcements()).as("polls that change nothing say nothing").isEmpty();

		finished.set(true);

		this.chromium.await("the row to turn final on screen").until((browser) -> "Success".equals(rowStatus()));
		assertThat(this.chromium.pageMarked()).as("the page was not reloaded").isTrue();
		this.chromium.await("the title to count no running row")
			.until((browser) -> browser.getTitle().equals("Invocations of command 5eed0000… · eu-west-1 · Runboard"));
		assertPollingStopped();
		assertThat(announcements()).as("announced once")
			.containsExactly("Finished: node-def0, AWS-RunShellScript: Success.");
	}

	@Test
	void runningCommandsSummaryFollowsItToTheEndWithoutReloadingAndStopsPolling() throws InterruptedException {
		signIn("/commands/" + PATCH_ID);
		this.chromium.await("the summary of the running command")
			.until((browser) -> "InProgress"
				.equals(this.chromium.script("return document.getElementById('summary').dataset.status;")));
		assertThat(statusCount("Success")).isEqualTo("2");
		assertThat(statusCount("InProgress")).isEqualTo("1");
		this.chromium.markPage();
		recordAnnouncements();
		int before = listCalls();
		this.chromium.await("the summary to poll SSM").until((browser) -> listCalls() >= before + 2);

		finished.set(true);

		this.chromium.await("the summary to show the command final")
			.until((browser) -> "Failed"
				.equals(this.chromium.script("return document.getElementById('summary').dataset.status;")));
		assertThat(statusCount("Failed")).isEqualTo("1");
		assertThat(
				this.chromium.driver().findElement(By.cssSelector("[data-failure-group] [data-signature]")).getText())
			.isEqualTo("exit 1 · Error: yum lock held by pid <n>");
		assertThat(this.chromium.pageMarked()).as("the page was not reloaded").isTrue();
		assertPollingStopped();
		// The summary and the node's row below it poll apart: each says it once.
		assertThat(announcements()).doesNotHaveDuplicates()
			.allMatch((text) -> text.startsWith("Finished: "))
			.anyMatch((text) -> text.contains("node-0003, AWS-RunPatchBaseline: Failed"));
	}

	/** Keeps every text the page's live region is given, from now on. */
	private void recordAnnouncements() {
		this.chromium.script("""
				window.runboardAnnouncements = [];
				const region = document.querySelector('[role=status][aria-live=polite]');
				new MutationObserver(() => window.runboardAnnouncements.push(region.textContent))
					.observe(region, { childList: true, characterData: true, subtree: true });
				""");
	}

	@SuppressWarnings("unchecked")
	private List<String> announcements() {
		return (List<String>) this.chromium.script("return window.runboardAnnouncements;");
	}

	private String statusCount(String status) {
		return (String) this.chromium.script("const count = document.querySelector('[data-status-count=\"" + status
				+ "\"]'); return count && count.dataset.count;");
	}

	/**
	 * Once final, the page carries no polling trigger, and no request reaches SSM over
	 * several poll intervals.
	 */
	private void assertPollingStopped() throws InterruptedException {
		assertThat(this.chromium.driver().findElements(By.cssSelector("[hx-trigger^=every]"))).isEmpty();
		int settled = ssm.calls().size();
		// Absence can only be observed over time: four poll intervals.
		Thread.sleep(4_000);
		assertThat(ssm.calls()).as("SSM calls after the invocation turned final").hasSize(settled);
	}

	private void signIn(String path) {
		this.chromium.signIn("http://localhost:" + this.port + path, "ops", "ops-secret",
				(address) -> address.endsWith(path));
	}

	private String liveStatus() {
		return (String) this.chromium
			.script("const live = document.getElementById('live'); return live && live.dataset.status;");
	}

	private String rowStatus() {
		return (String) this.chromium.script(
				"const row = document.querySelector('#invocations tr[data-command-id]'); return row && row.dataset.status;");
	}

	private int listCalls() {
		return ssm.calls("ListCommandInvocations").size();
	}

}
