package dev.runboard.replicas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.runboard.aws.sandbox.SandboxData;
import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.HeadlessChromium;
import dev.runboard.testing.LocalUsers;
import dev.runboard.testing.RoundRobinProxy;
import dev.runboard.testing.TestInvocations;
import dev.runboard.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import org.springframework.context.ConfigurableApplicationContext;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a real browser, through a load balancer without affinity in front of two replicas on
 * one store: rerun a command, land on the new command with a notice and a link back to
 * the original, follow it, and find the rerun listed there with the action that sent it.
 * The local SSM endpoint lists the new command without the comment the rerun carried (as
 * a command whose comment someone cannot read, or that SSM cut), so what links the two is
 * the activity log, not the comment convention.
 */
class RerunLinksBrowserIT {

	static final Instant REQUESTED = Instant.now().minus(Duration.ofHours(1));

	static final String ORIGINAL = "0b9a4d7e-2c55-4a3e-9d61-00000000e001";

	static final List<SendCommandRequest> sent = new CopyOnWriteArrayList<>();

	static final SandboxData DATA = new SandboxData() {

		@Override
		public List<CommandInvocation> invocationsAt(Instant now) {
			List<CommandInvocation> invocations = new ArrayList<>();
			for (int node = 0; node < 3; node++) {
				invocations.add(TestInvocations.invocation(ORIGINAL, String.format("i-%017x", node),
						"AWS-RunShellScript", REQUESTED, (node == 1) ? "Failed" : "Success", "output"));
			}
			for (int command = 1; command <= sent.size(); command++) {
				invocations.add(TestInvocations.invocation(sentId(command), "i-00000000000000000", "AWS-RunShellScript",
						now, "InProgress", ""));
			}
			return invocations;
		}

		@Override
		public Optional<Command> sentCommand(String commandId, Instant now) {
			return Optional.of(TestInvocations.patchCommand(commandId, commandId.equals(ORIGINAL) ? REQUESTED : now));
		}

		@Override
		public Command send(SendCommandRequest request, Instant now) {
			sent.add(request);
			return TestInvocations.pending(sentId(sent.size()), request, now);
		}

	};

	@RegisterExtension
	static final FakeSsmServer ssm = new FakeSsmServer(new SandboxSsmClient(DATA, Clock.systemUTC(), Region.EU_WEST_1));

	@RegisterExtension
	final HeadlessChromium chromium = HeadlessChromium.eachTest(1400, 1000);

	static ConfigurableApplicationContext a;

	static ConfigurableApplicationContext b;

	static RoundRobinProxy proxy;

	@BeforeAll
	static void startTwoReplicas() {
		String database = TestPostgres.freshDatabase();
		a = Replicas.start(ssm, database);
		b = Replicas.start(ssm, database);
		proxy = new RoundRobinProxy(Replicas.uri(a), Replicas.uri(b));
	}

	@AfterAll
	static void stop() {
		proxy.close();
		b.close();
		a.close();
	}

	static String sentId(int number) {
		return new UUID(0xbeefL, number).toString();
	}

	@Test
	void aRerunsPageLinksBackToItsOriginalWhichListsItFromTheActivityLog() {
		String path = "/commands/" + ORIGINAL;
		this.chromium.signIn(proxy.uri() + path, LocalUsers.OPS, LocalUsers.password(LocalUsers.OPS),
				(address) -> address.endsWith(path));
		this.chromium.driver().findElement(By.cssSelector("form[data-action=rerun-all] summary")).click();
		this.chromium.driver().findElement(By.cssSelector("form[data-action=rerun-all] button[type=submit]")).click();

		this.chromium.await("the new command's page")
			.until((browser) -> browser.getCurrentUrl().contains("/commands/" + sentId(1)));
		assertThat(sent).hasSize(1);
		assertThat(sent.get(0).comment()).matches("Rerun of " + ORIGINAL + " by ops #[a-z0-9]{4}");
		assertThat(this.chromium.driver().findElements(By.cssSelector("h1 small")))
			.as("SSM lists the new command without its comment")
			.isEmpty();
		assertThat(text("[role=status][data-action-notice]")).startsWith("Rerun sent: command " + sentId(1));
		assertThat(this.chromium.driver().findElement(By.cssSelector("a[data-rerun-of]")).getAttribute("href"))
			.endsWith(path);

		this.chromium.driver().findElement(By.cssSelector("a[data-rerun-of]")).click();
		this.chromium.await("the original, listing its rerun and the action that sent it")
			.until((browser) -> browser.getCurrentUrl().endsWith(path)
					&& !browser.findElements(By.cssSelector("a[data-rerun=\"" + sentId(1) + "\"]")).isEmpty()
					&& !browser.findElements(By.cssSelector("li[data-command-action]")).isEmpty());
		assertThat(text("li[data-command-action][data-action=rerun-all][data-outcome=done]")).contains("by ops")
			.contains(sentId(1));
		assertThat(this.chromium.driver().findElements(By.cssSelector("[data-action-notice]")))
			.as("the notice was for the page the rerun landed on")
			.isEmpty();
		assertThat(proxy.routed()).as("pages served by both replicas").contains(0, 1);
	}

	private String text(String selector) {
		return (String) this.chromium.script(
				"const element = document.querySelector(arguments[0]); return element ? element.textContent.trim() : '';",
				selector);
	}

}
