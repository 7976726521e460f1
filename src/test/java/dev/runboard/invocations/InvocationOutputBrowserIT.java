package dev.runboard.invocations;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import dev.runboard.aws.sandbox.SandboxClientFactory;
import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.testing.HeadlessChromium;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.RunboardTest.Setup;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole output in a real browser, in the default run: a button reads the first chunk
 * below the plugin, each "Load more" appends the next one in place, and the text on the
 * page is the whole output, in order.
 */
@RunboardTest(Setup.SANDBOX)
class InvocationOutputBrowserIT {

	@LocalServerPort
	int port;

	@Autowired
	SandboxClientFactory sandbox;

	@Autowired
	Clock clock;

	@RegisterExtension
	final HeadlessChromium chromium = HeadlessChromium.eachTest(1400, 900);

	@ParameterizedTest
	@ValueSource(strings = { "s3", "cloudwatch" })
	void loadingMoreAppendsEachChunkInPlaceUntilTheWholeOutputIsShown(String source) {
		SandboxData data = this.sandbox.fleets().get(0);
		Instant now = this.clock.instant();
		CommandInvocation largest = data.invocationsAt(now)
			.stream()
			.max((a, b) -> Integer.compare(stdout(data, a, now).length(), stdout(data, b, now).length()))
			.orElseThrow();
		String stdout = stdout(data, largest, now);
		assertThat(stdout.getBytes(StandardCharsets.UTF_8).length).as("larger than one read").isGreaterThan(256 * 1024);
		String path = "/invocations/" + largest.commandId() + "/" + largest.instanceId();
		this.chromium.signIn("http://localhost:" + this.port + "/runboard" + path, "demo", "demo",
				(address) -> address.endsWith(path));
		this.chromium.markPage();

		this.chromium.driver().findElement(By.cssSelector("[data-read-output=" + source + "-stdout]")).click();
		this.chromium.await("the first chunk").until((browser) -> chunks() == 1);
		int clicks = 0;
		while (!this.chromium.driver().findElements(By.cssSelector(".whole-output [data-load-more]")).isEmpty()) {
			assertThat(clicks++).isLessThan(20);
			int shown = chunks();
			WebElement more = this.chromium.driver().findElement(By.cssSelector(".whole-output [data-load-more]"));
			this.chromium.script("arguments[0].scrollIntoView()", more);
			more.click();
			this.chromium.await("chunk " + (shown + 1)).until((browser) -> chunks() == shown + 1);
		}

		assertThat(clicks).isPositive();
		assertThat(this.chromium.driver().findElements(By.cssSelector(".whole-output [data-output-end]"))).hasSize(1);
		assertThat(this.chromium.script("return Array.from(document.querySelectorAll('.whole-output pre.output-chunk'))"
				+ ".map((pre) => pre.textContent).join('');"))
			.isEqualTo(stdout);
		assertThat(this.chromium.pageMarked()).as("the page was not reloaded").isTrue();
	}

	private static String stdout(SandboxData data, CommandInvocation invocation, Instant now) {
		return data
			.fullOutput(invocation.commandId(), invocation.instanceId(), invocation.commandPlugins().get(0).name(), now)
			.map(SandboxData.FullOutput::stdout)
			.orElse("");
	}

	private int chunks() {
		return ((Number) this.chromium
			.script("return document.querySelectorAll('.whole-output pre.output-chunk').length;")).intValue();
	}

}
