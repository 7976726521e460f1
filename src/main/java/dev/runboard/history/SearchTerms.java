package dev.runboard.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.runboard.aws.InvalidQueryException;

/**
 * What {@code q} asks of history: every term must match. A word matches a whole word
 * (case aside), also inside a path or a host name ({@code dpkg} in
 * {@code /var/lib/dpkg/lock}), never inside a longer word; {@code "a phrase"} matches its
 * words in that order; a term with {@code /}, {@code .}, {@code -} or {@code _} in it
 * matches as a substring ({@code lock-front}, {@code .example.com}). The store answers
 * with PostgreSQL's full-text search and {@code pg_trgm}; {@link #ranges} finds the same
 * matches in a text, for highlighting.
 *
 * @param terms the terms, in the order written
 */
public record SearchTerms(List<Term> terms) {

	/** The longest {@code q} accepted. */
	public static final int MAX_LENGTH = 500;

	/** The most terms in one {@code q}. */
	public static final int MAX_TERMS = 12;

	/** The shortest substring: shorter ones cannot use the trigram index. */
	public static final int MIN_SUBSTRING = 3;

	/** What makes a term a substring. */
	private static final Pattern SEPARATOR = Pattern.compile("[/.\\-_]");

	/** Not joined to a letter or digit: the edge of a word as the store reads one. */
	private static final String EDGE_BEFORE = "(?<![\\p{L}\\p{N}])";

	private static final String EDGE_AFTER = "(?![\\p{L}\\p{N}])";

	private static final Pattern WORD_PART = Pattern.compile("[\\p{L}\\p{N}]+");

	public SearchTerms {
		terms = List.copyOf(terms);
	}

	/** How a term matches. */
	public enum Kind {

		/** A whole word. */
		WORD,

		/** Words in this order. */
		PHRASE,

		/** A substring, case aside. */
		SUBSTRING

	}

	/**
	 * One term of {@code q}.
	 *
	 * @param kind how it matches
	 * @param text the term as written, quotes removed
	 */
	public record Term(Kind kind, String text) {

		/**
		 * The letters and digits of a word or phrase, as the store's parser reads them.
		 */
		List<String> words() {
			List<String> words = new ArrayList<>();
			Matcher matcher = WORD_PART.matcher(this.text);
			while (matcher.find()) {
				words.add(matcher.group());
			}
			return words;
		}

		/** Where this term matches in a text. */
		Pattern pattern() {
			if (this.kind == Kind.SUBSTRING) {
				return Pattern.compile(Pattern.quote(this.text), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
			}
			// A word of several parts ("don't") is its parts in a row, as a phrase is.
			String words = words().stream().map(Pattern::quote).collect(Collectors.joining("[^\\p{L}\\p{N}]+"));
			return Pattern.compile(EDGE_BEFORE + words + EDGE_AFTER, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
		}

	}

	/**
	 * Reads {@code q}: terms between spaces, {@code "a phrase"} between double quotes (an
	 * unclosed quote runs to the end).
	 * @return the terms, or {@code null} when {@code q} is blank
	 * @throws InvalidQueryException naming {@code q} when it cannot be searched for
	 */
	public static SearchTerms parse(String q) {
		if (q == null || q.isBlank()) {
			return null;
		}
		if (q.length() > MAX_LENGTH) {
			throw invalid("q: at most " + MAX_LENGTH + " characters.");
		}
		List<Term> terms = new ArrayList<>();
		int i = 0;
		while (i < q.length()) {
			char c = q.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
			}
			else if (c == '"') {
				int end = q.indexOf('"', i + 1);
				String phrase = q.substring(i + 1, (end < 0) ? q.length() : end).strip().replaceAll("\\s+", " ");
				i = (end < 0) ? q.length() : end + 1;
				if (!phrase.isEmpty()) {
					terms.add(term(phrase, true));
				}
			}
			else {
				int end = i;
				while (end < q.length() && !Character.isWhitespace(q.charAt(end)) && q.charAt(end) != '"') {
					end++;
				}
				terms.add(term(q.substring(i, end), false));
				i = end;
			}
		}
		if (terms.isEmpty()) {
			return null;
		}
		if (terms.size() > MAX_TERMS) {
			throw invalid("q: at most " + MAX_TERMS + " terms; each must match, so a few telling ones are enough.");
		}
		return new SearchTerms(terms);
	}

	private static Term term(String text, boolean quoted) {
		if (text.chars().anyMatch(Character::isISOControl)) {
			throw invalid("q: control characters cannot be searched for.");
		}
		Term term;
		if (quoted) {
			term = new Term(Kind.PHRASE, text);
		}
		else if (SEPARATOR.matcher(text).find()) {
			if (text.codePointCount(0, text.length()) < MIN_SUBSTRING) {
				throw invalid("q: " + text + " is matched as a substring (it holds / . - or _), and a substring needs "
						+ "at least " + MIN_SUBSTRING + " characters.");
			}
			return new Term(Kind.SUBSTRING, text);
		}
		else {
			term = new Term(Kind.WORD, text);
		}
		if (term.words().isEmpty()) {
			throw invalid("q: " + text + " holds no letter or digit; words and phrases match letters and digits.");
		}
		return term;
	}

	private static InvalidQueryException invalid(String message) {
		return new InvalidQueryException("q", message);
	}

	/**
	 * Where the terms match in {@code text}: ranges {@code [start, end)} in order, those
	 * that overlap or touch merged. Found in the raw text, before anything is escaped.
	 */
	public List<int[]> ranges(String text) {
		List<int[]> found = new ArrayList<>();
		for (Term term : this.terms) {
			Matcher matcher = term.pattern().matcher(text);
			while (matcher.find()) {
				if (matcher.end() > matcher.start()) {
					found.add(new int[] { matcher.start(), matcher.end() });
				}
			}
		}
		found.sort(Comparator.comparingInt((int[] range) -> range[0]));
		List<int[]> merged = new ArrayList<>();
		for (int[] range : found) {
			int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
			if (last != null && range[0] <= last[1]) {
				last[1] = Math.max(last[1], range[1]);
			}
			else {
				merged.add(new int[] { range[0], range[1] });
			}
		}
		return merged;
	}

	/**
	 * The condition on an invocation's row ({@code i}) that every term matches, its
	 * values added to {@code params}: words and phrases by the row's words (with output,
	 * or without: {@code words_all}, {@code words_meta}, both GIN-indexed), substrings by
	 * {@code ILIKE} (the trigram indexes of {@code search_meta} and {@code output_text}).
	 */
	String condition(boolean output, Map<String, Object> params) {
		List<String> words = new ArrayList<>();
		List<String> conditions = new ArrayList<>();
		for (int i = 0; i < this.terms.size(); i++) {
			Term term = this.terms.get(i);
			String name = "q" + i;
			if (term.kind() == Kind.SUBSTRING) {
				params.put(name, "%" + term.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
				conditions.add(output ? "(i.search_meta ILIKE :" + name + " OR i.output_text ILIKE :" + name + ")"
						: "i.search_meta ILIKE :" + name);
			}
			else {
				// Words in a row, as the highlight finds them: "don't" is don <-> t.
				params.put(name, String.join(" ", term.words()));
				words.add("phraseto_tsquery('simple', :" + name + ")");
			}
		}
		if (!words.isEmpty()) {
			conditions.add(0,
					"i." + (output ? "words_all" : "words_meta") + " @@ (" + String.join(" && ", words) + ")");
		}
		return String.join(" AND ", conditions);
	}

	/** The terms as {@code q} would write them again, for a cursor's view. */
	String canonical() {
		return this.terms.stream()
			.map((term) -> (term.kind() == Kind.PHRASE) ? "\"" + term.text() + "\"" : term.text())
			.collect(Collectors.joining(" "))
			.toLowerCase(Locale.ROOT);
	}

}
