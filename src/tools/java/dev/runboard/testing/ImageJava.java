package dev.runboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Java the container image runs on, found on this machine: the runtime stage's
 * {@code FROM} names its major version, and a JDK of that version is looked for in the
 * system property {@code runboard.image-java.home}, this JVM, and {@code /usr/lib/jvm}
 * (where Debian's and Adoptium's packages install theirs). The build itself runs on any
 * JDK from 17 on; what only the image's Java can do (its AOT cache, the benchmark of what
 * the image runs) uses this one.
 */
public final class ImageJava {

	private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+\\S+?:(\\d+)[^\\s]*");

	private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

	private ImageJava() {
	}

	/** The major version of the image's runtime stage, from the last {@code FROM}. */
	public static int major() {
		try {
			Matcher from = FROM.matcher(Files.readString(Path.of("Dockerfile")));
			int major = -1;
			while (from.find()) {
				major = Integer.parseInt(from.group(1));
			}
			if (major < 0) {
				throw new IllegalStateException("The Dockerfile names no versioned base image");
			}
			return major;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The home of a JDK of the image's major version, if this machine has one. */
	public static Optional<Path> home() {
		int major = major();
		List<Path> candidates = new ArrayList<>();
		String configured = System.getProperty("runboard.image-java.home");
		if (configured != null && !configured.isBlank()) {
			candidates.add(Path.of(configured));
		}
		candidates.add(Path.of(System.getProperty("java.home")));
		Path jvms = Path.of("/usr/lib/jvm");
		if (Files.isDirectory(jvms)) {
			try (Stream<Path> homes = Files.list(jvms)) {
				homes.sorted().forEach(candidates::add);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return candidates.stream()
			.filter((home) -> Files.isExecutable(home.resolve("bin/java")))
			.filter((home) -> version(home) == major)
			.findFirst();
	}

	/** The {@code java} launcher of {@link #home()}. */
	public static Optional<Path> java() {
		return home().map((home) -> home.resolve("bin/java"));
	}

	private static int version(Path home) {
		try {
			Path release = home.resolve("release");
			if (!Files.isRegularFile(release)) {
				return -1;
			}
			Matcher version = RELEASE_VERSION.matcher(Files.readString(release));
			return version.find() ? Integer.parseInt(version.group(1)) : -1;
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
