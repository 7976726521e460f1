package dev.runboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules of {@code docs/architecture.md}, read from the imports of the main
 * source files, so the document and the code cannot drift apart.
 */
class ArchitectureTests {

	private static final Path SOURCES = Path.of("src/main/java/dev/runboard");

	private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;",
			Pattern.MULTILINE);

	/** Each package, and the packages of Runboard it may import from. */
	private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(Map.entry("(root)", Set.of()),
			Map.entry("aws", Set.of()), Map.entry("aws.sdk", Set.of("aws")),
			Map.entry("aws.sandbox", Set.of("aws", "aws.sdk")),
			Map.entry("invocations", Set.of("aws", "web", "security")),
			Map.entry("invocations.export", Set.of("aws", "web", "security", "invocations")),
			Map.entry("commands", Set.of("aws", "web")), Map.entry("actions", Set.of("aws", "web", "security")),
			Map.entry("security", Set.of("aws")), Map.entry("web", Set.of("aws", "security")),
			Map.entry("system", Set.of("aws", "security")), Map.entry("history", Set.of("aws")));

	/** Package to the packages it imports from: Runboard's own, and the SDK as "sdk". */
	private static final Map<String, Set<String>> imports = new TreeMap<>();

	@BeforeAll
	static void readImports() throws IOException {
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
				Matcher matcher = IMPORT.matcher(Files.readString(file));
				while (matcher.find()) {
					String imported = matcher.group(1);
					Set<String> used = imports.computeIfAbsent(pkg.isEmpty() ? "(root)" : pkg,
							(key) -> new TreeSet<>());
					if (imported.startsWith("software.amazon.awssdk")) {
						used.add("sdk");
					}
					else if (imported.startsWith("dev.runboard.")) {
						String other = imported.substring("dev.runboard.".length());
						// A nested type: keep the package, drop the outer class name.
						other = other.replaceAll("\\.[A-Z]\\w*$", "");
						if (!other.equals(pkg)) {
							used.add(other);
						}
					}
				}
			}
		}
		assertThat(imports).as("packages read").containsKeys("aws", "aws.sdk", "invocations", "web");
	}

	@Test
	void everyPackageImportsOnlyWhatTheArchitectureAllows() {
		assertThat(ALLOWED).as("a rule for every package (docs/architecture.md)")
			.containsKeys(imports.keySet().toArray(String[]::new));
		imports.forEach((pkg, used) -> assertThat(used).as("what %s imports", pkg)
			.allSatisfy((other) -> assertThat(other).isIn(union(ALLOWED.get(pkg), pkg))));
	}

	@Test
	void theSdksTypesNeverLeaveTheAwsBoundary() {
		imports.forEach((pkg, used) -> {
			if (!List.of("aws.sdk", "aws.sandbox").contains(pkg)) {
				assertThat(used).as("what %s imports", pkg).doesNotContain("sdk");
			}
		});
	}

	private static Set<String> union(Set<String> allowed, String pkg) {
		Set<String> union = new TreeSet<>(allowed);
		union.add("sdk");
		return union;
	}

}
