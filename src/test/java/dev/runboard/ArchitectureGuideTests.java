package dev.runboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The controller test that docs/architecture.md offers to copy is a test of the suite,
 * word for word, so the example always compiles and passes.
 */
class ArchitectureGuideTests {

	@Test
	void theExampleOfHowToAddATestIsErrorAdviceTestsAsItIs() throws IOException {
		String guide = Files.readString(Path.of("docs/architecture.md"));
		String section = guide.substring(guide.indexOf("## How to add a test"));
		int start = section.indexOf("```java\n") + "```java\n".length();
		String example = section.substring(start, section.indexOf("\n```", start) + 1);

		assertThat(example)
			.isEqualTo(Files.readString(Path.of("src/test/java/dev/runboard/web/ErrorAdviceTests.java")));
	}

}
