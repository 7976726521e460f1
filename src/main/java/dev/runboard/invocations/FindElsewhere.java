package dev.runboard.invocations;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.runboard.aws.InvocationView;
import dev.runboard.aws.PluginView;
import dev.runboard.commands.FailureSignature;
import dev.runboard.web.Link;

/**
 * "Find this line elsewhere": a link from a plugin's telling line (the last line of
 * stderr, else stdout; the one failure groups use) to a search of history for it. What
 * differs from node to node (process IDs, times, addresses, counts) would make the search
 * miss the same error elsewhere, so the phrase searched for is the longest run of the
 * line's words without a digit, at most {@value #MAX_WORDS} words.
 *
 * @param line the line, as printed
 * @param link {@code /history?q="…"}
 */
public record FindElsewhere(String line, String link) {

	static final int MAX_WORDS = 12;

	private static final Pattern SPACE = Pattern.compile("\\s+");

	/**
	 * Each plugin's link, in order; {@code null} where its line has no words to search.
	 */
	static List<FindElsewhere> of(InvocationView invocation) {
		List<FindElsewhere> links = new ArrayList<>();
		for (PluginView plugin : invocation.plugins()) {
			String line = FailureSignature.tellingLine(plugin);
			String phrase = (line != null) ? phrase(line) : null;
			links.add((phrase != null)
					? new FindElsewhere(line,
							Link.to(HistoryController.PATH).with(HistoryFilter.SEARCH, "\"" + phrase + "\"").toString())
					: null);
		}
		return links;
	}

	/**
	 * The longest run of words without a digit (or a quote, which would end the phrase),
	 * or {@code null} when none has two letters.
	 */
	static String phrase(String line) {
		List<String> best = List.of();
		List<String> run = new ArrayList<>();
		for (String word : SPACE.split(line.strip())) {
			boolean noise = word.chars().anyMatch((c) -> Character.isDigit(c) || c == '"' || Character.isISOControl(c));
			if (noise) {
				run = new ArrayList<>();
				continue;
			}
			run.add(word);
			if (run.size() > best.size()) {
				best = List.copyOf(run);
			}
		}
		List<String> words = best.subList(0, Math.min(MAX_WORDS, best.size()));
		String phrase = String.join(" ", words);
		return (phrase.codePoints().filter(Character::isLetter).count() >= 2) ? phrase : null;
	}

}
