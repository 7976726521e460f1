package dev.runboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.web.WebMergedContextConfiguration;

/**
 * Counts the Spring contexts the tests build and fails the one that would make more than
 * {@value #MOST} distinct ones in a build, surefire's and failsafe's together: each
 * context costs seconds to start, and a class that brings a configuration of its own
 * builds one more. Spring calls a customizer once per context it builds, never for a
 * context it finds in its cache, so this one sees every build.
 * <p>
 * Each test JVM writes the contexts it built to
 * {@code target/spring-contexts/<runboard.test.phase>.txt}, a line per context: its
 * configuration, then the test class that built it. A JVM counts the contexts of the
 * files written in the same build ({@code runboard.test.build}, which Maven sets to the
 * build's start) with its own; configurations are compared by what makes Spring's cache
 * key, so the same configuration in both JVMs counts once.
 */
public class SpringContexts implements ContextCustomizerFactory {

	/** The most distinct contexts a build's tests may start. */
	public static final int MOST = 8;

	private static final String BUILD = System.getProperty("runboard.test.build", "");

	private static final Path DIRECTORY = Path.of(System.getProperty("basedir", "."), "target", "spring-contexts");

	private static final Path FILE = DIRECTORY.resolve(System.getProperty("runboard.test.phase", "tests") + ".txt");

	/** This JVM's contexts: configuration to the test class that built it. */
	private static final Map<String, String> built = new LinkedHashMap<>();

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return new Counted();
	}

	static synchronized void built(MergedContextConfiguration merged) {
		String key = key(merged);
		// Two configurations this description cannot tell apart are still two contexts.
		String unique = key;
		for (int n = 2; built.containsKey(unique); n++) {
			unique = key + " #" + n;
		}
		built.put(unique, merged.getTestClass().getName());
		write();
		Set<String> all = new LinkedHashSet<>(others());
		all.addAll(built.keySet());
		if (all.size() > MOST) {
			throw new IllegalStateException("The tests start " + all.size() + " distinct Spring contexts, more than "
					+ MOST + "; " + merged.getTestClass().getName() + " asked for this one:\n  " + key
					+ "\nUse one of the @RunboardTest setups or a slice (docs/architecture.md, How to add a test)."
					+ " The contexts so far:\n  " + String.join("\n  ", all));
		}
	}

	/** What Spring's context cache compares, without the test class. */
	static String key(MergedContextConfiguration merged) {
		List<String> parts = new ArrayList<>();
		parts.add("loader=" + merged.getContextLoader().getClass().getSimpleName());
		parts.add("classes=" + names(Arrays.stream(merged.getClasses()).map(Class::getName)));
		parts.add("initializers=" + names(merged.getContextInitializerClasses().stream().map(Class::getName)));
		parts.add("profiles=" + names(Arrays.stream(merged.getActiveProfiles())));
		parts.add("properties=" + names(Arrays.stream(merged.getPropertySourceProperties())));
		parts.add("customizers=" + names(merged.getContextCustomizers().stream().map(SpringContexts::describe)));
		if (merged instanceof WebMergedContextConfiguration web) {
			parts.add("web=" + web.getResourceBasePath());
		}
		if (merged.getParent() != null) {
			parts.add("parent=(" + key(merged.getParent()) + ")");
		}
		return String.join(" ", parts);
	}

	private static String describe(ContextCustomizer customizer) {
		boolean describes;
		try {
			describes = customizer.getClass().getMethod("toString").getDeclaringClass() != Object.class;
		}
		catch (NoSuchMethodException ex) {
			describes = false;
		}
		// Identity hashes differ from one JVM to the next; the rest describes the
		// context.
		return describes ? customizer.toString().replaceAll("@[0-9a-f]{4,}", "") : customizer.getClass().getName();
	}

	private static String names(Stream<String> names) {
		return names.sorted().collect(Collectors.joining(",", "[", "]"));
	}

	private static void write() {
		try {
			Files.createDirectories(DIRECTORY);
			List<String> lines = new ArrayList<>();
			lines.add(BUILD);
			built.forEach((key, testClass) -> lines.add(key + "\t" + testClass));
			Files.write(FILE, lines, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The contexts other JVMs of this build wrote. */
	private static List<String> others() {
		List<String> keys = new ArrayList<>();
		if (BUILD.isEmpty()) {
			return keys;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(DIRECTORY, "*.txt")) {
			for (Path file : files) {
				List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
				if (!file.equals(FILE) && !lines.isEmpty() && lines.get(0).equals(BUILD)) {
					lines.stream().skip(1).map((line) -> line.substring(0, line.indexOf('\t'))).forEach(keys::add);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return keys;
	}

	/** The same for every test class, so it never splits the context cache. */
	static final class Counted implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
			built(merged);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Counted;
		}

		@Override
		public int hashCode() {
			return Counted.class.hashCode();
		}

	}

}
