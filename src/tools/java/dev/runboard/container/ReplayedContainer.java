package dev.runboard.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.runboard.container.Dockerfile.Instruction;
import dev.runboard.container.Dockerfile.Stage;
import dev.runboard.testing.ImageJava;

/**
 * The image without a container engine: the Dockerfile's layer extraction replayed on the
 * packaged jar, its runtime stage's COPY instructions replayed into a directory that
 * stands for the image's root, and its ENTRYPOINT and HEALTHCHECK run from there with the
 * image's environment. Absolute paths of the image ({@code /app/...}) are mapped into
 * that directory, and {@code java} is a JDK of the image's Java version when this machine
 * has one ({@link ImageJava}), otherwise this JVM, without the options only the image's
 * Java knows (its AOT cache).
 */
final class ReplayedContainer implements AutoCloseable {

	/** Whether {@code java} is of the image's Java version, as in the image. */
	static final boolean IMAGE_JAVA = ImageJava.java().isPresent();

	private static final String JAVA = ImageJava.java()
		.orElse(Path.of(System.getProperty("java.home"), "bin", "java"))
		.toString();

	private final Dockerfile dockerfile;

	private final Path root;

	private final Path buildDirectory;

	private Process process;

	private final Path stdout;

	private final Path stderr;

	private ReplayedContainer(Dockerfile dockerfile, Path root, Path buildDirectory) {
		this.dockerfile = dockerfile;
		this.root = root;
		this.buildDirectory = buildDirectory;
		this.stdout = root.resolveSibling("stdout.log");
		this.stderr = root.resolveSibling("stderr.log");
	}

	/** The jar {@code ./mvnw package} built: failsafe runs after the package phase. */
	static Path packagedJar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			List<Path> jars = files.filter((file) -> file.getFileName().toString().matches("runboard-.+\\.jar"))
				.toList();
			if (jars.size() != 1) {
				throw new IllegalStateException("Expected exactly one target/runboard-*.jar (run ./mvnw verify, which "
						+ "packages before the integration tests), found " + jars);
			}
			return jars.get(0);
		}
	}

	/**
	 * Replays the build stage's extraction, the runtime stage's COPY instructions and,
	 * when {@code train} and the image's Java is here, its training run of the AOT cache
	 * (the runtime stage's {@code RUN java …}); its other RUN instructions set up the
	 * operating system's user, which needs no replaying.
	 */
	static ReplayedContainer assemble(Dockerfile dockerfile, Path jar, Path workspace, boolean train) throws Exception {
		Stage build = dockerfile.stages().get(0);
		Instruction extract = build.all("RUN")
			.stream()
			.filter((run) -> run.words().contains("-Djarmode=tools"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("The build stage extracts no layers"));
		List<String> command = extract.words();
		String jarName = command.get(command.indexOf("-jar") + 1);
		Path buildDirectory = workspace.resolve("build");
		Files.createDirectories(buildDirectory);
		Files.copy(jar, buildDirectory.resolve(jarName));
		Result extracted = run(buildDirectory, command, Map.of(), Duration.ofMinutes(2));
		if (extracted.exitCode() != 0) {
			throw new IllegalStateException("Line " + extract.line() + " failed: " + extracted.output());
		}
		Path root = workspace.resolve("root");
		Stage runtime = dockerfile.runtime();
		Path workdir = root.resolve(runtime.workdir().substring(1));
		Files.createDirectories(workdir);
		for (Instruction copy : runtime.all("COPY")) {
			if (!build.name().equals(copy.flags().get("from"))) {
				throw new IllegalStateException(
						"Line " + copy.line() + ": only COPY --from=" + build.name() + " can be replayed");
			}
			List<String> words = copy.words().stream().filter((word) -> !word.startsWith("--")).toList();
			Path source = mapInto(buildDirectory, build.workdir(), words.get(0));
			Path target = words.get(1).startsWith("/") ? root.resolve(words.get(1).substring(1))
					: workdir.resolve(words.get(1));
			copyTree(source, target);
		}
		ReplayedContainer container = new ReplayedContainer(dockerfile, root, buildDirectory);
		if (train && IMAGE_JAVA) {
			for (Instruction training : trainingRuns(dockerfile)) {
				Map<String, String> environment = new LinkedHashMap<>();
				environment.put("PATH", System.getenv("PATH"));
				environment.putAll(dockerfile.runtime().envBefore(training.line()));
				Result trained = run(workdir, container.localize(training.exec()), environment, Duration.ofMinutes(5));
				if (trained.exitCode() != 0) {
					throw new IllegalStateException("Line " + training.line() + " failed: " + trained.output());
				}
			}
		}
		return container;
	}

	/**
	 * The runtime stage's RUN instructions that start the JVM: the AOT cache's training.
	 */
	static List<Instruction> trainingRuns(Dockerfile dockerfile) {
		return dockerfile.runtime()
			.all("RUN")
			.stream()
			.filter((run) -> run.execForm() && run.exec().get(0).equals("java"))
			.toList();
	}

	private static Path mapInto(Path directory, String workdir, String path) {
		if (!path.startsWith("/")) {
			return directory.resolve(path);
		}
		if (!path.startsWith(workdir + "/")) {
			throw new IllegalStateException(path + " is outside the build stage's WORKDIR " + workdir);
		}
		return directory.resolve(path.substring(workdir.length() + 1));
	}

	private static void copyTree(Path source, Path target) throws IOException {
		try (Stream<Path> files = Files.walk(source)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Path destination = target.resolve(source.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(destination);
				}
				else {
					Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

	Path buildDirectory() {
		return this.buildDirectory;
	}

	Path workdir() {
		return this.root.resolve(this.dockerfile.runtime().workdir().substring(1));
	}

	/** The image's ENV, then the given variables, as {@code docker run -e} would. */
	Map<String, String> environment(Map<String, String> overrides) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("PATH", System.getenv("PATH"));
		environment.putAll(this.dockerfile.runtime().env());
		environment.putAll(overrides);
		return environment;
	}

	/** Starts the ENTRYPOINT, as {@code docker run} would. */
	void start(Map<String, String> overrides) throws IOException {
		List<String> command = localize(this.dockerfile.runtime().last("ENTRYPOINT").orElseThrow().exec());
		ProcessBuilder builder = new ProcessBuilder(command).directory(workdir().toFile());
		builder.environment().clear();
		builder.environment().putAll(environment(overrides));
		builder.redirectOutput(this.stdout.toFile()).redirectError(this.stderr.toFile());
		this.process = builder.start();
	}

	/** Runs the HEALTHCHECK command once, as the container engine would. */
	Result healthCheck(Map<String, String> overrides) throws IOException, InterruptedException {
		List<String> command = localize(this.dockerfile.runtime().last("HEALTHCHECK").orElseThrow().exec());
		return run(workdir(), command, environment(overrides), Duration.ofSeconds(30));
	}

	Process process() {
		return this.process;
	}

	/** The lines the process wrote to standard output so far. */
	List<String> stdout() {
		return lines(this.stdout);
	}

	List<String> stderr() {
		return lines(this.stderr);
	}

	String output() {
		return String.join("\n", stdout()) + "\n" + String.join("\n", stderr());
	}

	private static List<String> lines(Path file) {
		try {
			return Files.exists(file) ? Files.readAllLines(file) : List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** SIGTERM, as {@code docker stop} sends; the exit status, or -1 if still running. */
	int stop(Duration timeout) throws InterruptedException {
		this.process.destroy();
		return awaitExit(timeout);
	}

	/** The exit status once the process has ended, or -1. */
	int awaitExit(Duration timeout) throws InterruptedException {
		return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? this.process.exitValue() : -1;
	}

	@Override
	public void close() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

	List<String> localize(List<String> command) {
		List<String> local = new ArrayList<>();
		for (String argument : command) {
			if (!IMAGE_JAVA && argument.startsWith("-XX:AOT")) {
				continue;
			}
			if (local.isEmpty() && argument.equals("java")) {
				local.add(JAVA);
			}
			else if (argument.startsWith("/") && Files.exists(this.root.resolve(argument.substring(1)))) {
				local.add(this.root.resolve(argument.substring(1)).toString());
			}
			else {
				local.add(argument);
			}
		}
		return local;
	}

	/** The exit status and the merged output of a command that ran to its end. */
	record Result(int exitCode, String output) {

	}

	/** Runs a command of the image to its end, with this JVM as {@code java}. */
	static Result run(Path directory, List<String> command, Map<String, String> environment, Duration timeout)
			throws IOException, InterruptedException {
		List<String> local = new ArrayList<>(command);
		if (local.get(0).equals("java")) {
			local.set(0, JAVA);
		}
		Path output = Files.createTempFile("runboard-command", ".log");
		try {
			ProcessBuilder builder = new ProcessBuilder(local).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile());
			if (!environment.isEmpty()) {
				builder.environment().clear();
				builder.environment().putAll(environment);
			}
			Process process = builder.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor();
				throw new IllegalStateException(
						local + " did not finish within " + timeout + ": " + Files.readString(output));
			}
			return new Result(process.exitValue(), Files.readString(output));
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

}
