package dev.runboard.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Docker's {@code .dockerignore} rules: patterns relative to the context root, a pattern
 * that matches a directory excludes everything below it, {@code !} re-includes, and the
 * last matching rule wins.
 */
final class DockerIgnore {

	static final Path PATH = Path.of(".dockerignore");

	private record Rule(Pattern pattern, boolean include) {

	}

	private final List<Rule> rules;

	private DockerIgnore(List<Rule> rules) {
		this.rules = rules;
	}

	static DockerIgnore read() {
		try {
			return parse(Files.readAllLines(PATH));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static DockerIgnore parse(List<String> lines) {
		List<Rule> rules = new ArrayList<>();
		for (String line : lines) {
			String pattern = line.strip();
			if (pattern.isEmpty() || pattern.startsWith("#")) {
				continue;
			}
			boolean include = pattern.startsWith("!");
			pattern = (include ? pattern.substring(1) : pattern).strip();
			pattern = pattern.replaceAll("^/+|/+$", "").replaceAll("^\\./", "");
			rules.add(new Rule(glob(pattern), include));
		}
		return new DockerIgnore(rules);
	}

	private static Pattern glob(String pattern) {
		StringBuilder regex = new StringBuilder();
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
				regex.append(".*");
				i++;
			}
			else if (c == '*') {
				regex.append("[^/]*");
			}
			else if (c == '?') {
				regex.append("[^/]");
			}
			else {
				regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return Pattern.compile(regex.toString());
	}

	/** Whether a path (relative to the context root, with '/') is sent to the build. */
	boolean sent(String path) {
		boolean sent = true;
		for (Rule rule : this.rules) {
			if (matchesItselfOrAParent(rule.pattern(), path)) {
				sent = rule.include();
			}
		}
		return sent;
	}

	private static boolean matchesItselfOrAParent(Pattern pattern, String path) {
		String candidate = path;
		while (true) {
			if (pattern.matcher(candidate).matches()) {
				return true;
			}
			int slash = candidate.lastIndexOf('/');
			if (slash < 0) {
				return false;
			}
			candidate = candidate.substring(0, slash);
		}
	}

	/** Every file of a directory tree that the build context would contain. */
	List<String> context(Path root) {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter(Files::isRegularFile)
				.map((file) -> root.relativize(file).toString().replace('\\', '/'))
				.filter(this::sent)
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
