package dev.runboard;

import java.beans.Introspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.BeanReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of {@code docs/architecture.md}, checked by ArchUnit on the compiled main
 * classes: the package table as the document writes it (so the two cannot drift apart),
 * the narrow AWS boundary, HTTP statuses decided in {@code web} alone, no cycle between
 * packages; and, since templates are code that depends on beans, which beans each
 * template's {@code ${@bean}} expressions may name, read with Spring's own SpEL parser.
 */
class ArchitectureTests {

	private static final String ROOT = "dev.runboard";

	private static final Path DOC = Path.of("docs/architecture.md");

	private static final Path TEMPLATES = Path.of("src/main/resources/templates");

	/** The packages any template may take beans from, besides its own feature's. */
	private static final Set<String> SHARED_BEAN_PACKAGES = Set.of("web", "security");

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(ROOT);
		assertThat(classes).as("classes imported").hasSizeGreaterThan(100);
	}

	@Test
	void everyPackageUsesOnlyWhatThePackageTableAllows() throws IOException {
		Map<String, Set<String>> table = packageTable();
		Set<String> packages = new TreeSet<>();
		classes.stream()
			.map(JavaClass::getPackageName)
			.filter((name) -> name.startsWith(ROOT + "."))
			.forEach((name) -> packages.add(name.substring(ROOT.length() + 1)));
		assertThat(table.keySet()).as("the packages of the table in %s", DOC)
			.containsExactlyInAnyOrderElementsOf(packages);
		LayeredArchitecture layers = Architectures.layeredArchitecture()
			.consideringOnlyDependenciesInLayers()
			.withOptionalLayers(true);
		for (String pkg : table.keySet()) {
			layers = layers.layer(pkg).definedBy(ROOT + "." + pkg);
		}
		for (Map.Entry<String, Set<String>> row : table.entrySet()) {
			layers = row.getValue().isEmpty() ? layers.whereLayer(row.getKey()).mayNotAccessAnyLayer()
					: layers.whereLayer(row.getKey()).mayOnlyAccessLayers(row.getValue().toArray(String[]::new));
		}
		layers.check(classes);
	}

	@Test
	void theSdksTypesNeverLeaveTheAwsBoundary() {
		noClasses().that()
			.resideOutsideOfPackages(ROOT + ".aws.sdk", ROOT + ".aws.sandbox")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("software.amazon.awssdk..")
			.check(classes);
	}

	@Test
	void nothingInAwsKnowsAboutHttp() {
		noClasses().that()
			.resideInAPackage(ROOT + ".aws..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "jakarta.servlet..")
			.check(classes);
	}

	@Test
	void httpStatusesAreDecidedInWebAlone() {
		noClasses().that()
			.resideOutsideOfPackage(ROOT + ".web")
			.should()
			.dependOnClassesThat(belongToAnyOf(HttpStatus.class).or(assignableTo(ResponseStatusException.class)))
			.check(classes);
	}

	@Test
	void theSandboxUsesOfTheSdkImplementationOnlyTheClientFactory() {
		noClasses().that()
			.resideInAPackage(ROOT + ".aws.sandbox..")
			.should()
			.dependOnClassesThat(resideInAPackage(ROOT + ".aws.sdk..")
				.and(not(nameMatching(Pattern.quote(ROOT + ".aws.sdk.SdkClientFactory") + "|"
						+ Pattern.quote(ROOT + ".aws.sdk.SdkClients")))))
			.check(classes);
	}

	@Test
	void securityNeverReachesAws() {
		noClasses().that()
			.resideInAPackage(ROOT + ".security..")
			.should()
			.dependOnClassesThat(nameMatching(Pattern.quote(ROOT + ".aws.") + "(RunCommand|Source|Sources)"))
			.check(classes);
	}

	@Test
	void noPackagesDependOnEachOtherInACycle() {
		slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
	}

	/**
	 * A template under {@code templates/<feature>/} reads beans of its feature, or of
	 * {@code web} and {@code security}; any other template only those of {@code web} and
	 * {@code security}. Every bean named must exist.
	 */
	@Test
	void templatesUseBeansOfTheirOwnFeatureOrOfWebAndSecurity() throws IOException {
		Map<String, String> beans = beanPackages();
		List<String> violations = new ArrayList<>();
		int references = 0;
		try (Stream<Path> files = Files.walk(TEMPLATES)) {
			for (Path template : files.filter((path) -> path.toString().endsWith(".html")).sorted().toList()) {
				Path relative = TEMPLATES.relativize(template);
				String feature = (relative.getNameCount() > 1) ? relative.getName(0).toString() : null;
				for (String bean : beanReferences(Files.readString(template))) {
					references++;
					String pkg = beans.get(bean);
					if (pkg == null) {
						violations.add(relative + ": @" + bean + " is no bean of Runboard's");
					}
					else if (!SHARED_BEAN_PACKAGES.contains(pkg)
							&& (feature == null || !(pkg.equals(feature) || pkg.startsWith(feature + ".")))) {
						violations.add(relative + ": @" + bean + " belongs to " + pkg);
					}
				}
			}
		}
		assertThat(references).as("bean references found in the templates").isPositive();
		assertThat(violations).isEmpty();
	}

	/**
	 * The rows of the document's package table: each package and the packages of Runboard
	 * its "may use" cell names.
	 */
	private static Map<String, Set<String>> packageTable() throws IOException {
		List<String> lines = Files.readAllLines(DOC);
		int header = lines.indexOf("| package | holds | may use |");
		assertThat(header).as("the package table of %s", DOC).isNotNegative();
		Map<String, String> cells = new LinkedHashMap<>();
		for (String line : lines.subList(header + 2, lines.size())) {
			if (!line.startsWith("|")) {
				break;
			}
			String[] row = line.split("\\|");
			cells.put(row[1].strip().replace("`", ""), row[row.length - 1]);
		}
		Map<String, Set<String>> table = new LinkedHashMap<>();
		cells.forEach((pkg, mayUse) -> {
			Set<String> allowed = new LinkedHashSet<>();
			Matcher named = Pattern.compile("`([a-z.]+)`").matcher(mayUse);
			while (named.find()) {
				if (cells.containsKey(named.group(1)) && !named.group(1).equals(pkg)) {
					allowed.add(named.group(1));
				}
			}
			table.put(pkg, allowed);
		});
		return table;
	}

	/**
	 * The package, below {@code dev.runboard}, of each bean by name: components by their
	 * given or default name, and {@code @Bean} methods.
	 */
	private static Map<String, String> beanPackages() {
		Map<String, String> beans = new LinkedHashMap<>();
		for (JavaClass type : classes) {
			String pkg = type.getPackageName().equals(ROOT) ? "" : type.getPackageName().substring(ROOT.length() + 1);
			if (type.isAnnotatedWith(Component.class)) {
				String name = type.getAnnotationOfType(Component.class).value();
				beans.put(name.isEmpty() ? Introspector.decapitalize(type.getSimpleName()) : name, pkg);
			}
			else if (type.isMetaAnnotatedWith(Component.class)) {
				beans.put(Introspector.decapitalize(type.getSimpleName()), pkg);
			}
			for (JavaMethod method : type.getMethods()) {
				if (method.isAnnotatedWith(Bean.class)) {
					beans.put(method.getName(), pkg);
				}
			}
		}
		return beans;
	}

	/**
	 * The beans a template's {@code ${…}} expressions name, as Spring's SpEL parser reads
	 * them.
	 */
	static Set<String> beanReferences(String html) {
		Set<String> beans = new TreeSet<>();
		Matcher expression = Pattern.compile("\\$\\{([^}]*)}").matcher(html);
		while (expression.find()) {
			if (expression.group(1).contains("@")) {
				SpelExpression parsed = new SpelExpressionParser().parseRaw(expression.group(1));
				collect(parsed.getAST(), beans);
			}
		}
		return beans;
	}

	private static void collect(SpelNode node, Set<String> beans) {
		if (node instanceof BeanReference) {
			beans.add(node.toStringAST().substring(1));
		}
		for (int i = 0; i < node.getChildCount(); i++) {
			collect(node.getChild(i), beans);
		}
	}

}
