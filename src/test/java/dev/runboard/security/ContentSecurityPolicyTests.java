package dev.runboard.security;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.RunboardTest.Setup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Content-Security-Policy only holds if the pages need nothing it forbids: the policy
 * is parsed and each directive checked, every template is searched for inline script and
 * style, and htmx is configured not to add inline styles or evaluate code.
 */
@RunboardTest(Setup.SANDBOX)
@WithMockUser
class ContentSecurityPolicyTests {

	static final Path TEMPLATES = Path.of("src/main/resources/templates");

	@Autowired
	MockMvcTester mvc;

	@ParameterizedTest
	@ValueSource(strings = { "/invocations", "/commands", "/login", "/invocations/rows", "/no-such-page",
			"/invocations?status=nonsense", "/css/runboard.css" })
	void everyResponseCarriesTheStrictPolicy(String path) {
		Map<String, List<String>> policy = policy(this.mvc.get().uri(path).exchange());
		assertThat(policy.get("default-src")).containsExactly("'self'");
		assertThat(policy.get("script-src")).containsExactly("'self'");
		assertThat(policy.get("style-src")).containsExactly("'self'");
		assertThat(policy.get("object-src")).containsExactly("'none'");
		assertThat(policy.get("base-uri")).containsExactly("'self'");
		assertThat(policy.get("frame-ancestors")).containsExactly("'none'");
		assertThat(policy.get("form-action")).containsExactly("'self'");
	}

	@Test
	void noDirectiveAllowsInlineCodeEvalOrAnyOrigin() {
		Map<String, List<String>> policy = policy(this.mvc.get().uri("/invocations").exchange());
		policy.forEach((directive, sources) -> assertThat(sources).as(directive)
			.doesNotContain("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "*", "http:",
					"https:")
			.noneMatch((source) -> source.startsWith("'nonce-") || source.startsWith("'sha")));
		assertThat(policy.keySet()).as("directives, each given once").doesNotHaveDuplicates();
	}

	@Test
	void templatesHaveNoInlineScriptStyleOrEventHandlers() throws IOException {
		List<Path> templates;
		try (Stream<Path> files = Files.walk(TEMPLATES)) {
			templates = files.filter((file) -> file.toString().endsWith(".html")).toList();
		}
		assertThat(templates).hasSizeGreaterThanOrEqualTo(6);
		List<String> violations = new ArrayList<>();
		for (Path template : templates) {
			String html = Files.readString(template);
			find(template, html, "<script\\b[^>]*>\\s*[^<\\s][\\s\\S]*?</script>", "inline script", violations);
			find(template, html, "<script\\b(?![^>]*\\bth:src=)(?![^>]*\\ssrc=)[^>]*>", "script without src",
					violations);
			find(template, html, "<style\\b", "style element", violations);
			find(template, html, "\\s(th:)?style\\s*=", "style attribute", violations);
			find(template, html, "\\s(th:)?on[a-z]+\\s*=", "event handler attribute", violations);
			find(template, html, "\\shx-on[:-]", "hx-on handler", violations);
			find(template, html, "\\s(th:)?hx-vars\\s*=", "hx-vars (evaluated)", violations);
			find(template, html, "hx-vals\\s*=\\s*['\"]\\s*js:", "hx-vals with js:", violations);
			find(template, html, "javascript:", "javascript: URL", violations);
		}
		assertThat(violations).isEmpty();
	}

	@Test
	void pagesLoadScriptsOnlyFromRunboardItself() {
		String page = body(this.mvc.get().uri("/invocations").exchange());
		Matcher scripts = Pattern.compile("<script\\b([^>]*)>").matcher(page);
		List<String> sources = new ArrayList<>();
		while (scripts.find()) {
			Matcher src = Pattern.compile("\\ssrc=\"([^\"]*)\"").matcher(scripts.group(1));
			assertThat(src.find()).as("script tag %s has a src", scripts.group()).isTrue();
			sources.add(src.group(1));
		}
		assertThat(sources).isNotEmpty().allMatch((src) -> src.startsWith("/") && !src.startsWith("//"));
		for (String src : sources) {
			assertThat(this.mvc.get().uri(src)).hasStatusOk();
		}
	}

	@Test
	void htmxIsConfiguredToAddNoInlineStyleAndEvaluateNothing() {
		String page = body(this.mvc.get().uri("/invocations").exchange());
		Matcher meta = Pattern.compile("<meta name=\"htmx-config\"\\s+content='([^']*)'").matcher(page);
		assertThat(meta.find()).as("htmx-config meta tag").isTrue();
		JsonNode config = JsonMapper.builder().build().readTree(meta.group(1));
		assertThat(config.get("includeIndicatorStyles").isBoolean()).isTrue();
		assertThat(config.get("includeIndicatorStyles").asBoolean()).isFalse();
		assertThat(config.get("allowEval").isBoolean()).isTrue();
		assertThat(config.get("allowEval").asBoolean()).isFalse();
		assertThat(config.get("allowScriptTags").asBoolean()).isFalse();
	}

	/**
	 * Every write is a form that posts its own {@code _csrf} field: htmx only reads, so
	 * no htmx request needs the token in a header.
	 */
	@Test
	void htmxOnlyReadsSoEveryWriteIsAFormCarryingItsOwnCsrfToken() throws IOException {
		List<String> violations = new ArrayList<>();
		try (Stream<Path> templates = Files.walk(TEMPLATES)) {
			for (Path template : templates.filter((path) -> path.toString().endsWith(".html")).toList()) {
				find(template, Files.readString(template), "\\b(?:th:|data-)?hx-(?:post|put|patch|delete)\\b",
						"an htmx request that writes", violations);
			}
		}
		assertThat(violations).isEmpty();
	}

	private static void find(Path template, String html, String regex, String what, List<String> violations) {
		Matcher matcher = Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(html);
		while (matcher.find()) {
			violations.add(TEMPLATES.relativize(template) + ": " + what + ": " + matcher.group().strip());
		}
	}

	private static String body(MvcTestResult result) {
		assertThat(result).hasStatusOk();
		try {
			return result.getResponse().getContentAsString();
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The policy's directives, each with its sources, in the order given. */
	static Map<String, List<String>> policy(MvcTestResult result) {
		String header = result.getResponse().getHeader("Content-Security-Policy");
		assertThat(header).as("Content-Security-Policy").isNotBlank();
		Map<String, List<String>> directives = new LinkedHashMap<>();
		for (String directive : header.split(";")) {
			List<String> tokens = Arrays.stream(directive.strip().split("\\s+")).filter((t) -> !t.isEmpty()).toList();
			if (!tokens.isEmpty()) {
				assertThat(directives).as("directive %s given twice", tokens.get(0)).doesNotContainKey(tokens.get(0));
				directives.put(tokens.get(0).toLowerCase(), tokens.subList(1, tokens.size()));
			}
		}
		return directives;
	}

}
