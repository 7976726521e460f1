package dev.runboard.web;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.runboard.security.NamedViews;
import dev.runboard.security.ServedPaths;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each feature declares the paths it serves that are not simply pages
 * ({@link ServedPaths}), and the declarations agree with its handlers: a handler that
 * answers htmx with a part of a page is declared, and nothing is declared that no handler
 * serves. The views features name from their links ({@link NamedViews}) are pages.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ServedPathsTests {

	@Autowired
	List<ServedPaths> served;

	@Autowired
	List<NamedViews> named;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyHandlerRenderedTwoWaysIsDeclaredSoItsAnswersVaryOnHxRequest() {
		assertThat(declared(ServedPaths::renderedTwoWays)).containsAll(patterns(Kind.TWO_WAYS));
	}

	@Test
	void everyHandlerOfRowsOrOfAPolledPartIsDeclaredAFragmentSoSigningInNeverReturnsToIt() {
		assertThat(declared(ServedPaths::fragments)).containsAll(patterns(Kind.PART));
	}

	@Test
	void everyDeclaredPathIsServedAsDeclared() {
		assertThat(patterns(Kind.TWO_WAYS)).containsAll(declared(ServedPaths::renderedTwoWays));
		Set<String> gets = new TreeSet<>(patterns(Kind.PART));
		gets.addAll(patterns(Kind.OTHER));
		assertThat(gets).containsAll(declared(ServedPaths::fragments));
	}

	@Test
	void noPathIsDeclaredTwice() {
		List<String> all = this.served.stream()
			.flatMap((paths) -> Stream.concat(paths.fragments().stream(), paths.renderedTwoWays().stream()))
			.toList();
		assertThat(all).doesNotHaveDuplicates();
	}

	@Test
	void everyViewAFeatureNamesIsAPageAHandlerServesNotAFragment() {
		Set<String> named = new TreeSet<>();
		this.named.forEach((views) -> named.addAll(views.views().keySet()));
		assertThat(named).isNotEmpty();
		Set<String> pages = new TreeSet<>(patterns(Kind.OTHER));
		pages.addAll(patterns(Kind.TWO_WAYS));
		assertThat(pages).containsAll(named);
		assertThat(declared(ServedPaths::fragments)).doesNotContainAnyElementsOf(named);
	}

	private Set<String> declared(Function<ServedPaths, List<String>> kind) {
		Set<String> declared = new TreeSet<>();
		this.served.forEach((paths) -> declared.addAll(kind.apply(paths)));
		return declared;
	}

	/** The path patterns of Runboard's GET handlers of one kind. */
	private Set<String> patterns(Kind kind) {
		Set<String> patterns = new TreeSet<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : this.mappings.getHandlerMethods().entrySet()) {
			HandlerMethod handler = entry.getValue();
			Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
			if (handler.getBeanType().getPackageName().startsWith("dev.runboard")
					&& (methods.isEmpty() || methods.contains(RequestMethod.GET)) && Kind.of(handler) == kind) {
				patterns.addAll(entry.getKey().getPatternValues());
			}
		}
		assertThat(patterns).as("handlers of kind %s", kind).isNotEmpty();
		return patterns;
	}

	enum Kind {

		/** Same address, page for a browser, a part of it for htmx. */
		TWO_WAYS,

		/** Rows, or a part of a page that polls. */
		PART,

		OTHER;

		static Kind of(HandlerMethod handler) {
			if (handler.hasMethodAnnotation(HxRequest.class)) {
				return TWO_WAYS;
			}
			if (handler.hasMethodAnnotation(RendersRows.class) || handler.hasMethodAnnotation(Polled.class)) {
				return PART;
			}
			return OTHER;
		}

	}

}
