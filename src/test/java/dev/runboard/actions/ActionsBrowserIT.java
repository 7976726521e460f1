package dev.runboard.actions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.runboard.aws.sandbox.SandboxClientFactory;
import dev.runboard.testing.HeadlessChromium;
import dev.runboard.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.convention.TestBean;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a real browser, in the sandbox as a new user finds it: open the patch run that
 * failed on some nodes, rerun it on those nodes only, confirm, land on the new command
 * and watch it run to the end, without reloading. The sandbox's time moves when the test
 * says, so a run of a minute or two takes no minutes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "runboard.ssm.source=sandbox", "runboard.ui.poll-interval=1s" })
class ActionsBrowserIT {

	static final SettableClock CLOCK = new SettableClock(Instant.parse("2026-11-27T03:00:00Z"));

	static final Duration PATIENCE = Duration.ofSeconds(20);

	@TestBean
	Clock clock;

	static Clock clock() {
		return CLOCK;
	}

	@Autowired
	SandboxClientFactory sandbox;

	@LocalServerPort
	int port;

	HeadlessChromium chromium;

	WebDriver browser;

	@BeforeEach
	void openBrowser() {
		this.chromium = HeadlessChromium.start(1400, 1000);
		this.browser = this.chromium.driver();
	}

	@AfterEach
	void closeBrowser() {
		if (this.chromium != null) {
			this.chromium.close();
		}
	}

	@Test
	void rerunOnTheFailedNodesConfirmLandOnTheNewCommandAndWatchItFinish() {
		List<CommandInvocation> patchRun = this.sandbox.fleets()
			.get(0)
			.invocationsAt(CLOCK.instant())
			.stream()
			.filter((invocation) -> invocation.comment().startsWith("Patch night wave 2"))
			.toList();
		String commandId = patchRun.get(0).commandId();
		Set<String> failed = patchRun.stream()
			.filter((invocation) -> invocation.statusAsString().equals("Failed"))
			.map(CommandInvocation::instanceId)
			.collect(Collectors.toSet());
		assertThat(failed).hasSize(32);

		signIn("/commands/" + commandId);
		await("the summary to count the failed nodes")
			.until((browser) -> text("#failed-nodes-count").equals("32 failed nodes"));
		this.browser.findElement(By.cssSelector("form[data-action=rerun-failed] summary")).click();
		await("the confirmation").until(
				(browser) -> !browser.findElements(By.cssSelector("form[data-action=rerun-failed] [data-confirmation]"))
					.isEmpty());
		assertThat(text("form[data-action=rerun-failed] [data-confirmation]"))
			.startsWith("Send AWS-RunPatchBaseline to 32 nodes in eu-west-1");
		this.browser.findElement(By.cssSelector("form[data-action=rerun-failed] button[type=submit]")).click();

		await("the new command's page").until((browser) -> browser.getCurrentUrl().contains("/commands/")
				&& !browser.getCurrentUrl().contains(commandId)
				&& !browser.findElements(By.cssSelector("[data-status-count]")).isEmpty());
		String rerun = this.browser.getCurrentUrl().replaceAll(".*/commands/", "");
		assertThat(summaryStatus()).isEqualTo("Pending");
		await("its invocations").until((browser) -> rowNodes().size() == 32);
		assertThat(rowNodes()).containsExactlyInAnyOrderElementsOf(failed);
		assertThat(text("h1 small")).isEqualTo("Rerun of " + commandId + " by demo");
		markPage();

		CLOCK.advance(Duration.ofSeconds(20));
		await("the command to run").until((browser) -> "InProgress".equals(summaryStatus()));
		CLOCK.advance(Duration.ofMinutes(3));
		await("the command to end").until((browser) -> "Failed".equals(summaryStatus()));

		int succeeded = Integer.parseInt(statusCount("Success"));
		assertThat(succeeded + Integer.parseInt(statusCount("Failed"))).isEqualTo(32);
		assertThat(succeeded).as("the fix worked on most").isGreaterThan(20);
		assertThat(this.browser.findElements(By.cssSelector("[data-failure-group]"))
			.stream()
			.filter((group) -> group.findElement(By.cssSelector("[data-signature]")).getText().equals("Undeliverable")))
			.as("the nodes that were not there before either")
			.singleElement()
			.satisfies((group) -> assertThat(group.getAttribute("data-count")).isEqualTo("4"));
		assertThat(pageMarked()).as("the page was not reloaded").isTrue();
		assertThat(this.browser.getCurrentUrl()).endsWith("/commands/" + rerun);
		await("the summary to stop polling")
			.until((browser) -> browser.findElements(By.cssSelector("#summary[hx-trigger]")).isEmpty());
	}

	private void signIn(String path) {
		this.browser.get("http://localhost:" + this.port + path);
		await("the login page").until((browser) -> browser.getCurrentUrl().endsWith("/login"));
		this.browser.findElement(By.name("username")).sendKeys("demo");
		this.browser.findElement(By.name("password")).sendKeys("demo");
		this.browser.findElement(By.cssSelector("main.login button[type=submit]")).click();
		await("the page asked for").until((browser) -> browser.getCurrentUrl().endsWith(path));
	}

	private String summaryStatus() {
		return (String) script(
				"const summary = document.getElementById('summary'); return summary && summary.dataset.status;");
	}

	private String statusCount(String status) {
		return (String) script("const count = document.querySelector('[data-status-count=\"" + status
				+ "\"]'); return count && count.dataset.count;");
	}

	@SuppressWarnings("unchecked")
	private List<String> rowNodes() {
		return (List<String>) script(
				"return Array.from(document.querySelectorAll('#invocations tr[data-instance-id]'), (row) => row.dataset.instanceId);");
	}

	private String text(String selector) {
		return (String) script(
				"const element = document.querySelector(arguments[0]); return element ? element.textContent.trim() : '';",
				selector);
	}

	private void markPage() {
		script("window.runboardTestMarker = true;");
	}

	private boolean pageMarked() {
		return Boolean.TRUE.equals(script("return window.runboardTestMarker === true;"));
	}

	private Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) this.browser).executeScript(script, arguments);
	}

	private WebDriverWait await(String what) {
		WebDriverWait wait = new WebDriverWait(this.browser, PATIENCE);
		wait.withMessage(() -> what + "; the browser is at " + this.browser.getCurrentUrl());
		wait.ignoring(StaleElementReferenceException.class);
		return wait;
	}

}
