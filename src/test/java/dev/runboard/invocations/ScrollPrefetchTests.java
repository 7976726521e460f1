package dev.runboard.invocations;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.FakeSsmServer.Call;
import dev.runboard.testing.InvocationsHtml;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.RunboardTest.Setup;
import dev.runboard.testing.SignedInClient;
import dev.runboard.testing.TestInvocations;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.web.server.LocalServerPort;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Scrolling without waiting ({@code runboard.ssm.prefetch}, on by default): once a user
 * has scrolled a view, the page after the one served is read in the background and the
 * next scroll is answered from memory; views nobody scrolls cost no call they do not
 * show. The answer cache is off (as in every test), so each SSM call is visible.
 */
@RunboardTest(Setup.READING_AHEAD)
class ScrollPrefetchTests {

	static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(120, NOW);

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.listing(INVOCATIONS);

	static final String LIST = "ListCommandInvocations";

	@LocalServerPort
	int port;

	SignedInClient ops;

	@BeforeEach
	void signIn() {
		this.ops = SignedInClient.signIn(URI.create("http://127.0.0.1:" + this.port), "ops", "ops-secret");
	}

	/**
	 * A scroll page reads the next one in the background; that read must land before the
	 * next test resets the endpoint's calls, or it would count there.
	 */
	@AfterEach
	void letReadsAheadFinish() throws InterruptedException {
		int seen;
		do {
			seen = ssm.calls().size();
			Thread.sleep(300);
		}
		while (ssm.calls().size() != seen);
	}

	@Test
	void viewsNobodyScrollsAreNeverReadAhead() throws Exception {
		List<HttpResponse<String>> pages = List.of(this.ops.get("/invocations?pageSize=7"),
				this.ops.htmx("/invocations?pageSize=7&status=Failed"),
				this.ops.htmx("/invocations/rows?pageSize=7&status=Success"),
				this.ops.get("/invocations?pageSize=7&status=problems"), this.ops.get("/commands?pageSize=7"));

		Thread.sleep(500);
		assertThat(pages).allSatisfy((page) -> assertThat(page.statusCode()).isEqualTo(200));
		assertThat(ssm.calls(LIST)).hasSize(1 + 1 + 1 + 3);
		assertThat(ssm.calls(LIST)).noneMatch((call) -> call.body().has("NextToken"));
		assertThat(ssm.calls("ListCommands")).hasSize(1).noneMatch((call) -> call.body().has("NextToken"));
	}

	@Test
	void afterTheFirstScrollEachPageIsReadOnceAndBeforeItsScroll() {
		String second = next(this.ops.get("/invocations?pageSize=5"));
		String third = next(this.ops.htmx(second));
		awaitCalls(3);
		assertThat(tokens(ssm.calls(LIST))).containsExactly(null, token(second), token(third));

		String fourth = next(this.ops.htmx(third));
		awaitCalls(4);
		assertThat(tokens(ssm.calls(LIST))).containsExactly(null, token(second), token(third), token(fourth));
	}

	@Test
	void thePageReadAheadIsWhatSsmAnswersForIt() {
		String second = next(this.ops.get("/invocations?pageSize=4&status=Failed"));
		String third = next(this.ops.htmx(second));
		awaitCalls(3);
		// Nothing read from SSM from here on can reach the page: it comes from memory.
		ssm.failNext(100, 500, "InternalServerError", "SSM is down");
		HttpResponse<String> fromMemory = this.ops.htmx(third);
		ssm.reset();
		HttpResponse<String> fromSsm = this.ops.htmx(third);

		assertThat(fromMemory.statusCode()).isEqualTo(200);
		assertThat(rows(fromMemory)).hasSize(4).isEqualTo(rows(fromSsm));
		assertThat(ssm.calls(LIST)).as("the second read of the page asked SSM").isNotEmpty();
	}

	@Test
	void aScrollArrivingWhileItsPageIsStillReadWaitsForThatReadInsteadOfCallingAgain() {
		String second = next(this.ops.get("/invocations?pageSize=6&status=TimedOut"));
		ssm.latency(Duration.ofMillis(800));
		String third = next(this.ops.htmx(second));

		HttpResponse<String> page = this.ops.htmx(third);

		assertThat(rows(page)).hasSize(6);
		assertThat(tokens(ssm.calls(LIST))).containsOnlyOnce(token(third));
	}

	@Test
	void aMergedViewReadsEveryStreamAheadAndItsNextScrollMakesNoCall() throws InterruptedException {
		String second = next(this.ops.get("/invocations?pageSize=3&status=problems"));
		String third = next(this.ops.htmx(second));
		// Three streams (Failed, TimedOut, Cancelled): the first page, the second, and
		// the third read ahead, one call per stream each, and for a stream left part way
		// into its page, the page after it too.
		await(() -> ssm.calls(LIST).size() >= 9);
		letReadsAheadFinish();
		assertThat(ssm.calls(LIST)).hasSizeLessThanOrEqualTo(12);
		ssm.failNext(100, 500, "InternalServerError", "SSM is down");
		HttpResponse<String> fromMemory = this.ops.htmx(third);
		ssm.reset();
		HttpResponse<String> fromSsm = this.ops.htmx(third);

		assertThat(fromMemory.statusCode()).isEqualTo(200);
		assertThat(fromMemory.body()).doesNotContain("SSM is down");
		// A page may go on into pages read ahead where another stops at the end of a
		// stream's page: the same rows from the same place, one maybe going further.
		List<String> memory = rows(fromMemory);
		List<String> again = rows(fromSsm);
		assertThat(memory).isNotEmpty();
		assertThat(memory.subList(0, Math.min(memory.size(), again.size())))
			.isEqualTo(again.subList(0, Math.min(memory.size(), again.size())));
	}

	@Test
	void aScrollPageOfAMergedViewIsFilledFromThePagesReadAhead() throws InterruptedException {
		String second = next(this.ops.get("/invocations?pageSize=7&status=problems"));
		List<Integer> sizes = new ArrayList<>();
		String page = second;
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> scrolled = this.ops.htmx(page);
			letReadsAheadFinish();
			page = SignedInClient.nextUrl(scrolled.body()).orElse(null);
			if (page == null) {
				// The last page holds what is left.
				break;
			}
			sizes.add(rows(scrolled).size());
		}
		// The first scroll page has nothing read ahead; those after it are full.
		assertThat(sizes).hasSizeGreaterThan(1);
		assertThat(sizes.subList(1, sizes.size())).allSatisfy((size) -> assertThat(size).isEqualTo(7));
	}

	@Test
	void theCommandsViewReadsItsNextPageAheadOnceScrolled() {
		String second = next(this.ops.get("/commands?pageSize=2"));
		String third = next(this.ops.htmx(second));
		await(() -> ssm.calls("ListCommands").size() == 3);

		assertThat(tokens(ssm.calls("ListCommands"))).containsExactly(null, token(second), token(third));
		this.ops.htmx(third);
		await(() -> ssm.calls("ListCommands").size() == 4);
		assertThat(tokens(ssm.calls("ListCommands"))).containsOnlyOnce(token(third));
	}

	private static String next(HttpResponse<String> page) {
		assertThat(page.statusCode()).isEqualTo(200);
		return SignedInClient.nextUrl(page.body()).orElseThrow(() -> new AssertionError("no next page"));
	}

	private static String token(String url) {
		String token = url.substring(url.indexOf("nextToken=") + "nextToken=".length());
		int end = token.indexOf('&');
		return URLDecoder.decode((end < 0) ? token : token.substring(0, end), StandardCharsets.UTF_8);
	}

	private static List<String> tokens(List<Call> calls) {
		return calls.stream()
			.map((call) -> call.body().has("NextToken") ? call.body().get("NextToken").asString() : null)
			.toList();
	}

	/** Each row as rendered: rows carry nothing of the request, not even an age. */
	private static List<String> rows(HttpResponse<String> fragment) {
		return InvocationsHtml.rows(fragment.body())
			.select("tr[data-command-id]")
			.stream()
			.map(Element::outerHtml)
			.toList();
	}

	private static void awaitCalls(int count) {
		await(() -> ssm.calls(LIST).size() >= count);
		assertThat(ssm.calls(LIST)).hasSize(count);
	}

	private static void await(BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				fail("Timed out; SSM calls: " + ssm.calls());
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				fail("interrupted");
			}
		}
	}

}
