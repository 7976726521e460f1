package dev.runboard.invocations;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.runboard.aws.sandbox.SandboxSsmClient;
import dev.runboard.testing.FakeSsmServer;
import dev.runboard.testing.InvocationsHtml;
import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.SsmStyleTokens;
import dev.runboard.testing.TestInvocations;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.util.UriUtils;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code aws} source wired to one local SSM endpoint for every test class that
 * extends this one: the real SDK talks JSON 1.1 over HTTP to a {@link FakeSsmServer}
 * backed by the sandbox engine, on the JVM's endpoint that every {@code aws} test context
 * reads; each test says which invocations the endpoint holds.
 */
@RunboardTest
@WithMockUser(roles = { "USER", "OUTPUT" })
public abstract class AwsSourceTestSupport {

	protected static final String LIST = "ListCommandInvocations";

	/**
	 * Newest invocation of {@link #FLEET}; the fleet reaches back into the day before.
	 */
	protected static final Instant NEWEST = Instant.parse("2026-11-20T03:00:00Z");

	/** Enough invocations for nine pages of 50, one minute apart, over two UTC days. */
	protected static final List<CommandInvocation> FLEET = TestInvocations.generate(423, NEWEST);

	private static volatile List<CommandInvocation> invocations = FLEET;

	/** What SSM answers with: the endpoint delegates here, and tests ask it directly. */
	static final SsmClient ssmBackend = new SsmStyleTokens(
			new SandboxSsmClient((now) -> invocations, Clock.fixed(NEWEST, ZoneOffset.UTC), Region.EU_WEST_1));

	@RegisterExtension
	protected static final FakeSsmServer ssm = FakeSsmServer.local(ssmBackend);

	@Autowired
	protected MockMvcTester mvc;

	@BeforeEach
	void wholeFleet() {
		invocations = FLEET;
	}

	/** The endpoint holds these invocations (newest first) for the current test. */
	protected static void fleet(List<CommandInvocation> newestFirst) {
		invocations = List.copyOf(newestFirst);
	}

	/** The {@code ListCommandInvocations} requests the SDK sent, in order. */
	protected static List<JsonNode> listCalls() {
		return ssm.calls(LIST).stream().map(FakeSsmServer.Call::body).toList();
	}

	/** The {@code Filters} of a request body, by key. */
	protected static Map<String, String> filters(JsonNode body) {
		Map<String, String> filters = new LinkedHashMap<>();
		JsonNode array = body.get("Filters");
		if (array != null) {
			for (JsonNode filter : array) {
				String previous = filters.put(filter.get("key").asString(), filter.get("value").asString());
				assertThat(previous).as("a second value for filter %s", filter.get("key")).isNull();
			}
		}
		return filters;
	}

	/**
	 * Every invocation SSM returns for this request, page by page, as
	 * {@code commandId/instanceId Status}: what {@link #shown} reads from the pages.
	 */
	protected static List<String> ssmAnswer(ListCommandInvocationsRequest request) {
		List<String> rows = new ArrayList<>();
		String token = null;
		do {
			ListCommandInvocationsResponse page = ssmBackend
				.listCommandInvocations(request.toBuilder().nextToken(token).build());
			page.commandInvocations()
				.forEach((invocation) -> rows.add(key(invocation) + " " + invocation.statusAsString()));
			token = page.nextToken();
		}
		while (token != null);
		return rows;
	}

	protected static String key(CommandInvocation invocation) {
		return invocation.commandId() + "/" + invocation.instanceId();
	}

	protected static String body(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

	/** A GET as htmx sends it. */
	protected MvcTestResult htmx(String uri) {
		return this.mvc.get().uri(URI.create(uri)).header("HX-Request", "true").exchange();
	}

	/**
	 * Loads {@code uri} and scrolls to the end: follows each page's sentinel the way htmx
	 * does when it is revealed, until a page has none.
	 * @return the table body of the first page, then each scroll fragment
	 */
	protected List<Element> scroll(String uri) {
		MvcTestResult first = this.mvc.get().uri(URI.create(uri)).exchange();
		assertThat(first).hasStatusOk();
		List<Element> pages = new ArrayList<>();
		Element page = InvocationsHtml.page(body(first)).getElementById("invocations");
		assertThat(page).as("tbody#invocations of " + uri).isNotNull();
		pages.add(page);
		Optional<Element> sentinel = InvocationsHtml.sentinel(page);
		while (sentinel.isPresent()) {
			assertThat(pages).as("pages scrolled, bounded").hasSizeLessThan(100);
			String url = sentinel.get().attr("hx-get");
			MvcTestResult next = htmx(asServletContainerReads(url));
			assertThat(next.getResponse().getStatus()).as("status of scroll to %s: %s", url, body(next)).isEqualTo(200);
			page = InvocationsHtml.rows(body(next));
			pages.add(page);
			sentinel = InvocationsHtml.sentinel(page);
		}
		return pages;
	}

	/**
	 * The URL as the servlet container decodes it: the query is form-encoded, so a
	 * {@code +} is a space. MockMvc alone would keep the {@code +}.
	 */
	protected static String asServletContainerReads(String url) {
		int question = url.indexOf('?');
		if (question < 0) {
			return url;
		}
		String query = List.of(url.substring(question + 1).split("&")).stream().map((pair) -> {
			int equals = pair.indexOf('=');
			String name = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : pair.substring(equals + 1);
			return UriUtils.encode(URLDecoder.decode(name, StandardCharsets.UTF_8), StandardCharsets.UTF_8) + "="
					+ UriUtils.encode(URLDecoder.decode(value, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
		}).collect(Collectors.joining("&"));
		return url.substring(0, question) + "?" + query;
	}

	/** {@code commandId/instanceId} of every row on these pages, in order. */
	protected static List<String> invocations(List<Element> pages) {
		return pages.stream().flatMap((page) -> InvocationsHtml.invocations(page).stream()).toList();
	}

	/** {@code commandId/instanceId status} of every row on these pages, in order. */
	protected static List<String> shown(List<Element> pages) {
		return pages.stream()
			.flatMap((page) -> page.select("tr[data-command-id]").stream())
			.map((row) -> InvocationsHtml.key(row) + " " + row.attr("data-status"))
			.toList();
	}

}
