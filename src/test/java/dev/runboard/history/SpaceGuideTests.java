package dev.runboard.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "How much space history needs" says what the benchmark measured
 * (docs/benchmarks.md, "History store"), and its example follows from it.
 */
class SpaceGuideTests {

	private static final Pattern MEASURED = Pattern.compile("\\| Bytes per invocation stored [^|]*\\| ([0-9,]+) B \\(");

	private static final Pattern EXAMPLE = Pattern.compile("= ([0-9,]+)\\s+invocations ≈ ([0-9.]+) GiB, ([0-9.]+) GiB");

	@Test
	void theReadmeGivesTheMeasuredBytesPerInvocationAndAnExampleMadeFromThem() throws IOException {
		String benchmarks = Files.readString(Path.of("docs/benchmarks.md"));
		String readme = Files.readString(Path.of("README.md"));
		Matcher measured = MEASURED.matcher(benchmarks);
		assertThat(measured.find()).as("the benchmark's bytes per invocation").isTrue();
		long bytes = Long.parseLong(measured.group(1).replace(",", ""));
		String section = readme.substring(readme.indexOf("**How much space history needs.**"));
		section = section.substring(0, section.indexOf("\n\n", section.indexOf("plus PostgreSQL")));
		assertThat(section).contains("measures " + measured.group(1) + " bytes per invocation")
			.doesNotContainPattern("\\b[A-Z]+_[A-Z_]+\\b");
		Matcher example = EXAMPLE.matcher(section);
		assertThat(example.find()).as(section).isTrue();
		double gib = Long.parseLong(example.group(1).replace(",", "")) * bytes / Math.pow(1024, 3);
		assertThat(example.group(2)).isEqualTo(String.format(Locale.ROOT, "%.1f", gib));
		assertThat(example.group(3)).isEqualTo(String.format(Locale.ROOT, "%.1f", gib * 1.3));
	}

}
