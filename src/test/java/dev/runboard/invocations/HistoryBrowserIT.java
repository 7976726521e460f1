package dev.runboard.invocations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.runboard.RunboardApplication;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.aws.sandbox.SandboxClientFactory;
import dev.runboard.history.HistoryQuery;
import dev.runboard.history.HistoryRepository;
import dev.runboard.history.RecordedInvocation;
import dev.runboard.testing.HeadlessChromium;
import dev.runboard.testing.PageChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.Target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * History as a new user meets it, in a real browser: the sandbox started as
 * {@code ./mvnw spring-boot:run} starts it (its own PostgreSQL, 90 days of history
 * written by the recorder's first run), signed in as {@code demo}, History in the
 * navigation, the failed invocations of three months scrolled back to the oldest, one of
 * two months ago that SSM no longer holds opened from the store, and its node's history;
 * and, on the page of a command still running, "Tell me when it finishes" asked of the
 * store's {@code watched} rule.
 * <p>
 * The sandbox runs with its demo notification rules ({@code notifications-demo}), as
 * {@code docs/notifications.md} starts it.
 * <p>
 * Runboard is started here rather than in the {@code SANDBOX} test setup: that setup
 * keeps the recorder off (nothing calls SSM in the background of a test context, and its
 * clock stands still), and this test is about what the recorder writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryBrowserIT {

	@RegisterExtension
	final HeadlessChromium chromium = HeadlessChromium.eachTest(1400, 900);

	private ConfigurableApplicationContext app;

	private int port;

	@BeforeAll
	void startTheSandboxWithItsHistory() {
		// Command-line arguments outrank the test JVM's runboard.history.enabled=false.
		this.app = new SpringApplicationBuilder(RunboardApplication.class).run("--server.port=0",
				"--spring.main.banner-mode=off", "--spring.jmx.enabled=false", "--runboard.ssm.source=sandbox",
				"--runboard.ssm.region=eu-west-1", "--runboard.history.enabled=true",
				"--runboard.warm-up.enabled=false", "--logging.level.dev.runboard.history=WARN",
				// Its demo rules, so the notifications page shows rules and deliveries.
				"--spring.profiles.active=notifications-demo");
		this.port = ((WebServerApplicationContext) this.app).getWebServer().getPort();
		HistoryRepository history = this.app.getBean(HistoryRepository.class);
		Instant twoMonthsAgo = Instant.now().minus(Duration.ofDays(60));
		HistoryQuery older = new HistoryQuery(null, null, List.of(), null, null, twoMonthsAgo,
				List.of(new Source(null, "eu-west-1", null)), 1, false);
		List<Source> sources = this.app.getBean(Sources.class).all();
		await("the recorder's first run writes the sandbox's past").atMost(Duration.ofMinutes(3))
			.ignoreExceptions()
			.until(() -> !history.page(older, null).rows().isEmpty() && history.recordedUntil(sources).isPresent());
	}

	@AfterAll
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
	}

	@Test
	void aNewUserScrollsBackThroughThreeMonthsAndOpensWhatSsmForgot() {
		this.chromium.signIn(url("/invocations"), "demo", "demo", (at) -> at.startsWith(url("/invocations")));
		this.chromium.driver().findElement(By.cssSelector("a[data-nav=history]")).click();
		this.chromium.await("history after following the navigation")
			.until((browser) -> browser.getCurrentUrl().equals(url("/history"))
					&& !browser.findElements(By.cssSelector("#history tr[data-command-id]")).isEmpty());
		this.chromium.awaitHtmxIdle();
		assertThat(this.chromium.driver()
			.findElement(By.cssSelector("[data-recorded-until]"))
			.getAttribute("data-recorded-until")).isNotBlank();

		new Select(this.chromium.driver().findElement(By.cssSelector("#filters select[name=status]")))
			.selectByValue("problems");
		this.chromium.await("the filter's link pushed")
			.until((browser) -> browser.getCurrentUrl().equals(url("/history?status=problems")));
		this.chromium.awaitHtmxIdle();
		this.chromium.await("the oldest recorded problem, scrolling")
			.pollingEvery(Duration.ofMillis(100))
			.until((browser) -> {
				this.chromium.script("window.scrollTo(0, document.documentElement.scrollHeight);");
				return !browser.findElements(By.cssSelector("#history [data-end]")).isEmpty();
			});
		List<WebElement> rows = this.chromium.driver().findElements(By.cssSelector("#history tr[data-command-id]"));
		assertThat(rows).as("more than one page of rows").hasSizeGreaterThan(50);
		Set<String> seen = new HashSet<>();
		Instant previous = Instant.MAX;
		for (WebElement row : rows) {
			assertThat(seen.add(row.getAttribute("data-command-id") + "/" + row.getAttribute("data-instance-id")))
				.as("each row once")
				.isTrue();
			assertThat(row.getAttribute("data-status")).isIn("Failed", "TimedOut", "Cancelled");
			Instant requested = requested(row);
			assertThat(requested).as("newest first").isBeforeOrEqualTo(previous);
			previous = requested;
		}
		assertThat(previous).as("the oldest row").isBefore(Instant.now().minus(Duration.ofDays(75)));

		WebElement twoMonthsOld = rows.stream()
			.filter((row) -> requested(row).isBefore(Instant.now().minus(Duration.ofDays(60))))
			.findFirst()
			.orElseThrow();
		String instanceId = twoMonthsOld.getAttribute("data-instance-id");
		this.chromium.script("arguments[0].scrollIntoView();", twoMonthsOld);
		twoMonthsOld.findElement(By.cssSelector("a[data-detail]")).click();
		this.chromium.await("the invocation of two months ago, from the store")
			.until((browser) -> !browser.findElements(By.cssSelector("main[data-from-history] #live")).isEmpty());
		assertThat(this.chromium.driver().findElements(By.cssSelector("form[data-action]"))).isEmpty();
		assertThat(this.chromium.driver().findElement(By.cssSelector("#live")).getAttribute("hx-get")).isNull();

		this.chromium.driver().findElement(By.cssSelector("a[data-node-history]")).click();
		this.chromium.await("the node's history")
			.until((browser) -> browser.getCurrentUrl().equals(url("/history?instanceId=" + instanceId))
					&& !browser.findElements(By.cssSelector("#history tr[data-command-id]")).isEmpty());
		assertThat(this.chromium.driver().findElements(By.cssSelector("#history tr[data-command-id]")))
			.allSatisfy((row) -> assertThat(row.getAttribute("data-instance-id")).isEqualTo(instanceId));
	}

	@Test
	void aNewUserSearchesEveryNodeThatRanOutOfDiskOverThreeMonths() {
		this.chromium.signIn(url("/history"), "demo", "demo", (at) -> at.startsWith(url("/history")));
		WebElement search = this.chromium.driver().findElement(By.cssSelector("#filters input[name=q]"));
		search.sendKeys("\"No space left on device\"", Keys.ENTER);
		this.chromium.await("the search's link pushed")
			.until((browser) -> browser.getCurrentUrl().startsWith(url("/history?q=")));
		this.chromium.awaitHtmxIdle();
		List<WebElement> rows = this.chromium.driver().findElements(By.cssSelector("#history tr[data-command-id]"));
		assertThat(rows).isNotEmpty()
			.allSatisfy((row) -> assertThat(row.findElements(By.cssSelector("[data-match] mark")))
				.extracting(WebElement::getText)
				.contains("No space left on device"));
		assertThat(rows).as("some older than SSM keeps")
			.anySatisfy((row) -> assertThat(requested(row)).isBefore(Instant.now().minus(Duration.ofDays(30))));
		assertThat(this.chromium.driver().getTitle()).startsWith("History: “");
	}

	/**
	 * The pages only a Runboard with a store has (history, the activity log, the
	 * notifications, and a command and an invocation SSM no longer holds, served from the
	 * store) fit a phone and a desktop in both themes, with no link or control smaller
	 * than 24 × 24 px, Sign out in reach and no serious axe violation, as the pages
	 * without a store do ({@code web/PhonesAndNightBrowserIT}).
	 */
	@Test
	void everyPageOfTheStoreFitsPhoneAndDesktopInBothThemesWithTargetsOf24Px() {
		RecordedInvocation old = this.app.getBean(HistoryRepository.class)
			.page(new HistoryQuery(null, null, List.of(), null, null, Instant.now().minus(Duration.ofDays(60)),
					List.of(new Source(null, "eu-west-1", null)), 1, false), null)
			.rows()
			.get(0);
		String commandId = old.invocation().commandId();
		String instanceId = old.invocation().instanceId();
		this.chromium.signIn(url("/invocations?status=Failed"), "demo", "demo",
				(at) -> at.startsWith(url("/invocations")));
		this.chromium.awaitHtmxIdle();
		leaveAnActionInTheActivityLog();

		List<String> problems = new ArrayList<>();
		open("/history?status=problems", "#history tr[data-command-id]");
		problems.addAll(PageChecks.everyWidthAndTheme(this.chromium, "history", this::signOutInReach));
		open("/activity", "#activity tr[data-activity]");
		problems.addAll(PageChecks.everyWidthAndTheme(this.chromium, "activity", this::signOutInReach));
		// A test message leaves a delivery in the log below the rules.
		open("/notifications", "[data-notifications] tr[data-rule]");
		this.chromium.driver()
			.findElement(By.cssSelector("form[data-action=notification-test][data-rule=demo] button"))
			.click();
		this.chromium.await("the test message's delivery")
			.until((browser) -> !browser.findElements(By.cssSelector("[data-test-notice]")).isEmpty()
					&& !browser.findElements(By.cssSelector("#deliveries tr[data-delivery]")).isEmpty());
		this.chromium.awaitHtmxIdle();
		problems.addAll(PageChecks.everyWidthAndTheme(this.chromium, "notifications", this::signOutInReach));
		open("/commands/" + commandId, "main[data-from-history] #invocations tr[data-status]");
		// The timeline's nodes, a link each, count as targets too.
		this.chromium.driver().findElement(By.cssSelector("[data-timeline-nodes] > summary")).click();
		problems.addAll(PageChecks.everyWidthAndTheme(this.chromium, "a command from history", this::signOutInReach));
		open("/invocations/" + commandId + "/" + instanceId, "main[data-from-history] #live");
		problems
			.addAll(PageChecks.everyWidthAndTheme(this.chromium, "an invocation from history", this::signOutInReach));
		assertThat(problems).isEmpty();
	}

	/** Reruns a failed command on its failed nodes, as an operator would. */
	private void leaveAnActionInTheActivityLog() {
		this.chromium.driver().get(url("/commands?status=Failed"));
		this.chromium.await("the failed commands")
			.until((browser) -> !browser.findElements(By.cssSelector("#commands tr[data-status] a[data-link=command]"))
				.isEmpty());
		this.chromium.driver()
			.get(this.chromium.driver()
				.findElement(By.cssSelector("#commands tr[data-status] a[data-link=command]"))
				.getAttribute("href"));
		this.chromium.await("its rerun")
			.until((browser) -> !browser.findElements(By.cssSelector("form[data-action=rerun-failed] summary"))
				.isEmpty());
		this.chromium.driver().findElement(By.cssSelector("form[data-action=rerun-failed] summary")).click();
		this.chromium.await("the confirmation")
			.until((browser) -> !browser
				.findElements(By.cssSelector("form[data-action=rerun-failed] button[type=submit]"))
				.isEmpty());
		this.chromium.driver()
			.findElement(By.cssSelector("form[data-action=rerun-failed] button[type=submit]"))
			.click();
		this.chromium.await("the rerun's page")
			.until((browser) -> !browser.findElements(By.cssSelector("a[data-rerun-of]")).isEmpty());
	}

	private List<String> signOutInReach(String where) {
		String signOut = PageChecks.signOutReach(this.chromium);
		return signOut.equals("reachable") ? List.of() : List.of(where + ": Sign out is " + signOut);
	}

	private void open(String path, String shown) {
		this.chromium.driver().get(url(path));
		this.chromium.await(path).until((browser) -> !browser.findElements(By.cssSelector(shown)).isEmpty());
		this.chromium.awaitHtmxIdle();
	}

	@Test
	void aSignedInUserAsksToBeToldWhenARunningCommandFinishes() {
		Command sent = this.app.getBean(SandboxClientFactory.class)
			.fleets()
			.get(0)
			.send(SendCommandRequest.builder()
				.documentName("AWS-RunShellScript")
				.parameters(Map.of("commands", List.of("uptime")))
				.targets(Target.builder().key("tag:Role").values("web").build())
				.comment("uptime, watched")
				.build(), Instant.now());
		String path = "/commands/" + sent.commandId();
		this.chromium.signIn(url(path), "demo", "demo", (at) -> at.startsWith(url(path)));
		WebElement ask = this.chromium.driver()
			.findElement(By.cssSelector("section[data-watch] [data-watch-rule=tell-me] button[type=submit]"));
		assertThat(ask.getText()).isEqualTo("Tell tell-me (webhook) when it finishes");
		ask.click();
		this.chromium.await("the command's page again, saying who asked")
			.until((browser) -> !browser.findElements(By.cssSelector("[data-watch-rule=tell-me] [data-watched]"))
				.isEmpty());
		assertThat(this.chromium.driver().getCurrentUrl()).contains(path);
		assertThat(this.chromium.driver().findElement(By.cssSelector("[data-watched]")).getText())
			.isEqualTo("tell-me (webhook) will be told when it finishes: demo asked.");
		assertThat(this.chromium.driver().findElements(By.cssSelector("[data-watch-rule=tell-me] button"))).isEmpty();
	}

	private static Instant requested(WebElement row) {
		return Instant.parse(row.findElement(By.cssSelector("td.when time")).getAttribute("datetime"));
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
