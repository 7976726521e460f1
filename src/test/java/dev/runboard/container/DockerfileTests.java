package dev.runboard.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.runboard.container.Dockerfile.Instruction;
import dev.runboard.container.Dockerfile.Stage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image recipe, checked without a container engine: what a platform team's review of
 * a Dockerfile looks for. {@code ContainerImageIT} replays its runtime steps.
 */
class DockerfileTests {

	/** A repository, a tag with a full x.y.z version, and optionally a digest. */
	static final Pattern PINNED = Pattern
		.compile("[a-z0-9./_-]+:(?<tag>[A-Za-z0-9_.-]*\\d+\\.\\d+\\.\\d+[A-Za-z0-9_.-]*)(@sha256:[0-9a-f]{64})?");

	static final List<String> LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies",
			"application");

	final Dockerfile dockerfile = Dockerfile.read();

	@Test
	void everyBaseImageIsPinnedToAnExactRelease() {
		List<String> stageNames = this.dockerfile.stages().stream().map(Stage::name).toList();
		for (Stage stage : this.dockerfile.stages()) {
			if (stageNames.contains(stage.image())) {
				continue;
			}
			assertThat(stage.image()).as("FROM %s", stage.image()).matches(PINNED).doesNotContain("latest", "$");
		}
	}

	@Test
	void buildsWithTheMavenWrapperOnAJdkAndRunsOnAJreOfTheSameRelease() {
		assertThat(this.dockerfile.stages()).hasSizeGreaterThanOrEqualTo(2);
		Stage build = this.dockerfile.stages().get(0);
		Stage runtime = this.dockerfile.runtime();
		assertThat(build.image()).contains("-jdk");
		assertThat(runtime.image()).contains("-jre");
		assertThat(runtime.image().replace("-jre", "")).isEqualTo(build.image().replace("-jdk", ""));
		assertThat(build.all("RUN")).anySatisfy((run) -> assertThat(run.arguments()).contains("./mvnw", "package"));
	}

	@Test
	void runsOnTheCurrentLongTermSupportJava() {
		assertThat(this.dockerfile.runtime().image()).matches("eclipse-temurin:25\\..*");
	}

	@Test
	void runtimeStageCopiesSpringBootLayersOneByOneLeastChangedFirst() {
		Stage build = this.dockerfile.stages().get(0);
		assertThat(build.all("RUN")).as("extracted as a plain jar and lib/, which an AOT cache can map")
			.anySatisfy((run) -> assertThat(run.words()).contains("-Djarmode=tools", "extract", "--layers")
				.doesNotContain("--launcher"));
		List<Instruction> copies = this.dockerfile.runtime().all("COPY");
		assertThat(copies).hasSize(LAYERS.size()).allSatisfy((copy) -> {
			assertThat(copy.flags()).containsEntry("from", build.name()).doesNotContainKey("chown");
		});
		for (int i = 0; i < LAYERS.size(); i++) {
			assertThat(copies.get(i).command()).as("COPY %d", i).contains("/extracted/" + LAYERS.get(i) + "/");
		}
	}

	@Test
	void runsAsANumericUserThatIsNotRoot() {
		Instruction user = this.dockerfile.runtime().last("USER").orElseThrow();
		assertThat(user.arguments()).matches("\\d+(:\\d+)?");
		assertThat(Integer.parseInt(user.arguments().split(":")[0])).isPositive();
		if (user.arguments().contains(":")) {
			assertThat(Integer.parseInt(user.arguments().split(":")[1])).isPositive();
		}
	}

	@Test
	void exposesPort8080() {
		assertThat(this.dockerfile.runtime().all("EXPOSE")).singleElement()
			.satisfies((expose) -> assertThat(expose.words()).containsExactly("8080"));
	}

	@Test
	void entrypointIsExecFormWithHeapSizedByTheContainerLimit() {
		Instruction entrypoint = this.dockerfile.runtime().last("ENTRYPOINT").orElseThrow();
		assertThat(entrypoint.execForm()).as("exec form, so java is PID 1 and receives SIGTERM").isTrue();
		List<String> command = entrypoint.exec();
		assertThat(command.get(0)).isEqualTo("java");
		assertThat(command).anyMatch((arg) -> arg.matches("-XX:MaxRAMPercentage=\\d+(\\.\\d+)?"))
			.noneMatch((arg) -> arg.startsWith("-Xmx"))
			.contains("-XX:+ExitOnOutOfMemoryError")
			.endsWith("-jar", "app.jar");
		assertThat(this.dockerfile.runtime().all("CMD")).as("no CMD appending arguments").isEmpty();
	}

	@Test
	void healthCheckIsExecFormAndRunsAClassOfTheApplication() {
		Instruction healthcheck = this.dockerfile.runtime().last("HEALTHCHECK").orElseThrow();
		assertThat(healthcheck.flags()).containsKeys("interval", "timeout", "start-period", "retries");
		List<String> command = healthcheck.exec();
		assertThat(command.get(0)).isEqualTo("java");
		int classpath = command.indexOf("-cp");
		assertThat(command.get(classpath + 1)).isEqualTo(this.dockerfile.runtime().workdir() + "/app.jar");
		String mainClass = command.get(command.size() - 1);
		assertThat(Path.of("src/main/java", mainClass.replace('.', '/') + ".java")).isRegularFile();
	}

	@Test
	void aTrainingRunOnTheSandboxMakesTheAotCacheTheEntrypointMaps() {
		Stage runtime = this.dockerfile.runtime();
		List<String> entrypoint = runtime.last("ENTRYPOINT").orElseThrow().exec();
		String cache = entrypoint.stream()
			.filter((arg) -> arg.startsWith("-XX:AOTCache="))
			.findFirst()
			.orElseThrow(() -> new AssertionError("the ENTRYPOINT maps no AOT cache"))
			.substring("-XX:AOTCache=".length());
		List<Instruction> training = runtime.all("RUN")
			.stream()
			.filter((run) -> run.execForm() && run.exec().contains("-XX:AOTCacheOutput=" + cache))
			.toList();
		assertThat(training).singleElement().satisfies((run) -> {
			List<String> command = run.exec();
			assertThat(command.get(0)).isEqualTo("java");
			assertThat(command).as("no AWS at build time, and an exit once warmed up")
				.contains("-Drunboard.ssm.source=sandbox", "-Drunboard.warm-up.exit=true")
				.endsWith("-jar", "app.jar");
			assertThat(run.line()).as("after the application's layers, before the unprivileged user")
				.isGreaterThan(runtime.all("COPY").get(runtime.all("COPY").size() - 1).line())
				.isLessThan(runtime.last("USER").orElseThrow().line());
		});
	}

	@Test
	void runsRequestsOnVirtualThreads() {
		assertThat(this.dockerfile.runtime().env()).containsEntry("SPRING_THREADS_VIRTUAL_ENABLED", "true");
	}

	@Test
	void defaultsToTheAwsSourceAndJsonLogs() {
		Map<String, String> env = this.dockerfile.runtime().env();
		assertThat(env).containsEntry("RUNBOARD_SSM_SOURCE", "aws");
		assertThat(env.get("LOGGING_STRUCTURED_FORMAT_CONSOLE")).isIn("ecs", "logstash", "gelf");
	}

	@Test
	void bakesInNoSecretsOrCredentials() {
		Pattern secretName = Pattern.compile(
				"(?i).*(ACCESS_KEY|SECRET|SESSION_TOKEN|PASSWORD|PASSWD|TOKEN|CREDENTIAL|PRIVATE_KEY|SECURITY_USERS).*");
		for (Stage stage : this.dockerfile.stages()) {
			assertThat(stage.env().keySet()).noneMatch((name) -> secretName.matcher(name).matches());
			assertThat(stage.all("ARG")).noneMatch((arg) -> secretName.matcher(arg.arguments()).matches());
		}
		assertThat(this.dockerfile.text()).doesNotContainPattern("(AKIA|ASIA)[A-Z0-9]{16}")
			.doesNotContainPattern("(?i)aws_(secret_access_key|access_key_id|session_token)")
			.doesNotContain("{noop}", "{bcrypt}", "PRIVATE KEY");
		assertThat(this.dockerfile.instructions()).noneMatch((instruction) -> instruction.keyword().equals("ADD"))
			.filteredOn((instruction) -> instruction.keyword().equals("COPY"))
			.allSatisfy((copy) -> assertThat(copy.command()).doesNotContain(".aws", ".env", ".pem", "credentials"));
	}

	@Test
	void buildContextHoldsWhatTheBuildCopiesAndNothingElse() throws Exception {
		DockerIgnore ignore = DockerIgnore.read();
		List<String> context = ignore.context(Path.of("."));
		assertThat(context).contains("mvnw", "pom.xml", ".mvn/wrapper/maven-wrapper.properties",
				"src/main/java/dev/runboard/RunboardApplication.java", "src/main/resources/application.properties");
		assertThat(context).noneMatch((path) -> path.startsWith("target/") || path.startsWith(".git")
				|| path.startsWith("src/test/") || path.startsWith(".idea/") || path.endsWith(".iml"));
		for (String path : List.of("target/runboard.jar", ".git/config", ".env", ".aws/credentials", "key.pem",
				"src/test/resources/application.properties", "node_modules/x/index.js", "Dockerfile")) {
			assertThat(ignore.sent(path)).as(path).isFalse();
		}
		for (Instruction copy : this.dockerfile.stages().get(0).all("COPY")) {
			List<String> words = copy.words();
			for (String source : words.subList(0, words.size() - 1)) {
				String path = source.replaceAll("/$", "");
				assertThat(Path.of(path)).as("COPY %s", source).exists();
				if (Files.isDirectory(Path.of(path))) {
					assertThat(context).as("COPY %s", source).anyMatch((file) -> file.startsWith(path + "/"));
				}
				else {
					assertThat(context).as("COPY %s", source).contains(path);
				}
			}
		}
	}

}
