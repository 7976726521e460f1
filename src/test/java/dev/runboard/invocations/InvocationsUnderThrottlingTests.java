package dev.runboard.invocations;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.SignedInClient;
import dev.runboard.testing.TestInvocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.web.server.LocalServerPort;

import software.amazon.awssdk.services.ssm.model.CommandInvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An on-call channel scrolling at once against an account whose SSM rate limit is far
 * below the demand: 20 people, each on a filter of their own, against an endpoint that
 * throttles above 5 requests a second. Nobody may see an error other than the throttling
 * page, and everyone who retries when {@code Retry-After} says gets every page.
 */
@RunboardTest
class InvocationsUnderThrottlingTests {

	static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

	static final List<CommandInvocation> INVOCATIONS = TestInvocations.generate(60, NOW);

	@RegisterExtension
	static final FakeSsmServer ssm = FakeSsmServer.listing(INVOCATIONS);

	static final int PEOPLE = 20;

	/** Each person's filter matches ten invocations: two pages of five. */
	static final int PAGE_SIZE = 5;

	static final int MATCHES = 10;

	/**
	 * People wait a tenth of what {@code Retry-After} asks, to keep the test short; the
	 * endpoint's limit, not the wait, is what the test is about.
	 */
	static final double RETRY_AFTER_SCALE = 0.1;

	/** A page not served after this many tries fails the test rather than hanging it. */
	static final int MAX_TRIES_PER_PAGE = 60;

	static final String THROTTLING_SENTENCE = "AWS is throttling Systems Manager requests";

	@LocalServerPort
	int port;

	@Test
	void twentyPeopleScrollingDistinctFiltersUnderA5PerSecondLimitSeeOnlyTheThrottlingPageAndGetEveryPage()
			throws Exception {
		List<SignedInClient> people = new ArrayList<>();
		for (int i = 0; i < PEOPLE; i++) {
			people.add(SignedInClient.signIn(URI.create("http://localhost:" + this.port), "ops", "ops-secret"));
		}
		ssm.reset();
		ssm.throttleAbove(5);
		Queue<String> unexpected = new ConcurrentLinkedQueue<>();
		AtomicInteger throttlingPages = new AtomicInteger();

		ExecutorService threads = Executors.newFixedThreadPool(PEOPLE);
		CyclicBarrier start = new CyclicBarrier(PEOPLE);
		List<Future<List<String>>> scrolls = new ArrayList<>();
		for (int i = 0; i < PEOPLE; i++) {
			SignedInClient person = people.get(i);
			String link = link(i);
			scrolls.add(threads.submit(() -> {
				start.await(30, TimeUnit.SECONDS);
				return scroll(person, link, unexpected, throttlingPages);
			}));
		}
		threads.shutdown();

		for (int i = 0; i < PEOPLE; i++) {
			assertThat(scrolls.get(i).get(5, TimeUnit.MINUTES)).as("rows person %d scrolled through", i)
				.isEqualTo(expectedRows(i));
		}
		assertThat(unexpected).as("responses other than a page or the throttling page").isEmpty();
		assertThat(ssm.throttled()).as("requests the endpoint throttled").isPositive();
		assertThat(throttlingPages.get()).as("throttling pages people saw").isPositive();
	}

	/** Person {@code i} looks at the ten minutes before {@code NOW - i minutes}. */
	private static String link(int i) {
		Instant before = NOW.minusSeconds(60L * i);
		Instant after = before.minusSeconds(60L * (MATCHES - 1));
		return "/invocations?pageSize=" + PAGE_SIZE + "&after=" + after + "&before=" + before;
	}

	private static List<String> expectedRows(int i) {
		return INVOCATIONS.subList(i, i + MATCHES)
			.stream()
			.map((invocation) -> invocation.commandId() + "/" + invocation.instanceId())
			.toList();
	}

	/**
	 * Opens the link, then follows the scroll sentinel to the end as htmx does. A
	 * throttled page is asked again when {@code Retry-After} (scaled) says, at the
	 * address its retry control names.
	 */
	private static List<String> scroll(SignedInClient person, String link, Queue<String> unexpected,
			AtomicInteger throttlingPages) throws InterruptedException {
		List<String> rows = new ArrayList<>();
		String next = link;
		boolean firstPage = true;
		while (next != null) {
			HttpResponse<String> page = null;
			for (int tries = 0; tries < MAX_TRIES_PER_PAGE; tries++) {
				page = firstPage ? person.get(next) : person.htmx(next);
				if (page.statusCode() == 200) {
					break;
				}
				if (!isThrottlingPage(page)) {
					unexpected.add(page.statusCode() + " " + next + ": " + page.body());
					return rows;
				}
				throttlingPages.incrementAndGet();
				if (!firstPage) {
					next = SignedInClient.retryUrl(page.body()).orElse(next);
				}
				long retryAfter = Long.parseLong(page.headers().firstValue("Retry-After").orElseThrow());
				Thread.sleep((long) (retryAfter * 1000 * RETRY_AFTER_SCALE));
			}
			if (page.statusCode() != 200) {
				unexpected.add("never served after " + MAX_TRIES_PER_PAGE + " tries: " + next);
				return rows;
			}
			rows.addAll(SignedInClient.rows(page.body()));
			next = SignedInClient.nextUrl(page.body()).orElse(null);
			if (next == null) {
				assertThat(page.body()).as("the end of the results").contains("data-end");
			}
			firstPage = false;
		}
		return rows;
	}

	private static boolean isThrottlingPage(HttpResponse<String> page) {
		return page.statusCode() == 503 && page.headers().firstValue("Retry-After").isPresent()
				&& page.body().contains(THROTTLING_SENTENCE);
	}

}
