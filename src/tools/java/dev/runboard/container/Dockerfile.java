package dev.runboard.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

/**
 * Just enough of Dockerfile syntax to check this project's own Dockerfile and to replay
 * its steps: line continuations, comments, stages, flags, ENV pairs and exec-form JSON.
 */
final class Dockerfile {

	static final Path PATH = Path.of("Dockerfile");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String text;

	private final List<Stage> stages;

	private Dockerfile(String text, List<Stage> stages) {
		this.text = text;
		this.stages = stages;
	}

	static Dockerfile read() {
		try {
			return parse(Files.readString(PATH));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Dockerfile parse(String text) {
		List<Stage> stages = new ArrayList<>();
		StringBuilder logical = new StringBuilder();
		int start = 0;
		String[] lines = text.split("\r?\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			if (line.strip().startsWith("#")) {
				// Comments end nothing: Docker drops them, even inside a continued
				// instruction.
				continue;
			}
			if (logical.isEmpty()) {
				start = i + 1;
			}
			if (line.endsWith("\\")) {
				logical.append(line, 0, line.length() - 1).append(' ');
				continue;
			}
			logical.append(line);
			String instruction = logical.toString().strip();
			logical.setLength(0);
			if (instruction.isEmpty()) {
				continue;
			}
			String[] parts = instruction.split("\\s+", 2);
			Instruction parsed = new Instruction(start, parts[0].toUpperCase(Locale.ROOT),
					(parts.length > 1) ? parts[1].strip() : "");
			if (parsed.keyword().equals("FROM")) {
				List<String> words = parsed.words();
				String name = (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")) ? words.get(2) : null;
				stages.add(new Stage(words.get(0), name, new ArrayList<>()));
			}
			else if (stages.isEmpty()) {
				throw new IllegalStateException("Line " + start + ": " + parsed.keyword() + " before FROM");
			}
			else {
				stages.get(stages.size() - 1).instructions().add(parsed);
			}
		}
		return new Dockerfile(text, List.copyOf(stages));
	}

	String text() {
		return this.text;
	}

	List<Stage> stages() {
		return this.stages;
	}

	Stage stage(String name) {
		return this.stages.stream()
			.filter((stage) -> name.equals(stage.name()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No stage " + name));
	}

	/** The stage the image runs: the last one. */
	Stage runtime() {
		return this.stages.get(this.stages.size() - 1);
	}

	List<Instruction> instructions() {
		return this.stages.stream().flatMap((stage) -> stage.instructions().stream()).toList();
	}

	record Stage(String image, String name, List<Instruction> instructions) {

		List<Instruction> all(String keyword) {
			return this.instructions.stream().filter((instruction) -> instruction.keyword().equals(keyword)).toList();
		}

		Optional<Instruction> last(String keyword) {
			List<Instruction> all = all(keyword);
			return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
		}

		String workdir() {
			return last("WORKDIR").map(Instruction::arguments).orElse("/");
		}

		/** Every variable the stage's ENV instructions set, in order. */
		Map<String, String> env() {
			return envBefore(Integer.MAX_VALUE);
		}

		/**
		 * The variables set by ENV instructions before {@code line}: what a RUN there
		 * sees.
		 */
		Map<String, String> envBefore(int line) {
			Map<String, String> env = new LinkedHashMap<>();
			for (Instruction instruction : all("ENV")) {
				if (instruction.line() >= line) {
					continue;
				}
				List<String> words = instruction.words();
				if (!words.get(0).contains("=")) {
					env.put(words.get(0), String.join(" ", words.subList(1, words.size())));
					continue;
				}
				for (String word : words) {
					int equals = word.indexOf('=');
					env.put(word.substring(0, equals), word.substring(equals + 1));
				}
			}
			return env;
		}

	}

	record Instruction(int line, String keyword, String arguments) {

		/** The arguments split on blanks outside quotes, quotes removed. */
		List<String> words() {
			List<String> words = new ArrayList<>();
			StringBuilder word = new StringBuilder();
			char quote = 0;
			boolean inWord = false;
			for (char c : this.arguments.toCharArray()) {
				if (quote != 0) {
					if (c == quote) {
						quote = 0;
					}
					else {
						word.append(c);
					}
				}
				else if (c == '"' || c == '\'') {
					quote = c;
					inWord = true;
				}
				else if (Character.isWhitespace(c)) {
					if (inWord) {
						words.add(word.toString());
						word.setLength(0);
						inWord = false;
					}
				}
				else {
					word.append(c);
					inWord = true;
				}
			}
			if (inWord) {
				words.add(word.toString());
			}
			return words;
		}

		/** Leading {@code --name=value} flags. */
		Map<String, String> flags() {
			Map<String, String> flags = new LinkedHashMap<>();
			for (String word : words()) {
				if (!word.startsWith("--")) {
					break;
				}
				int equals = word.indexOf('=');
				flags.put((equals > 0) ? word.substring(2, equals) : word.substring(2),
						(equals > 0) ? word.substring(equals + 1) : "");
			}
			return flags;
		}

		/** What follows the flags (for HEALTHCHECK, what follows {@code CMD}). */
		String command() {
			String rest = this.arguments;
			while (rest.startsWith("--")) {
				String[] parts = rest.split("\\s+", 2);
				rest = (parts.length > 1) ? parts[1].strip() : "";
			}
			if (this.keyword.equals("HEALTHCHECK") && rest.toUpperCase(Locale.ROOT).startsWith("CMD")) {
				rest = rest.substring(3).strip();
			}
			return rest;
		}

		boolean execForm() {
			return command().startsWith("[");
		}

		/** The command of an exec-form instruction (JSON array). */
		List<String> exec() {
			if (!execForm()) {
				throw new IllegalStateException("Line " + this.line + " is in shell form: " + this.arguments);
			}
			return Arrays.asList(JSON.readValue(command(), String[].class));
		}

	}

}
