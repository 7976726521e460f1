package dev.runboard.invocations;

import java.time.Duration;
import java.time.Instant;
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
import dev.runboard.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
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
				// A rule users may ask to tell them when a command finishes.
				"--runboard.notifications.rules[0].name=tell-me", "--runboard.notifications.rules[0].when=watched",
				"--runboard.notifications.rules[0].target.type=webhook",
				"--runboard.notifications.rules[0].target.url=http://localhost:9/hook",
				"--runboard.notifications.rules[0].target.secret=history-browser-key-0123456789");
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
