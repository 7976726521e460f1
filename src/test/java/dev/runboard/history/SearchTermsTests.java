package dev.runboard.history;

import java.util.List;

import dev.runboard.aws.InvalidQueryException;
import dev.runboard.history.SearchTerms.Kind;
import dev.runboard.history.SearchTerms.Term;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@code q} is read, and where its terms match in a raw text (as the store's words
 * match: whole words, paths and host names split at their separators, substrings as
 * written).
 */
class SearchTermsTests {

	@Test
	void wordsPhrasesAndSubstringsAreToldApart() {
		assertThat(SearchTerms.parse("  disk \"No space  left\" /var/lib/dpkg web-01 x86_64 \"unclosed"))
			.extracting(SearchTerms::terms)
			.isEqualTo(List.of(new Term(Kind.WORD, "disk"), new Term(Kind.PHRASE, "No space left"),
					new Term(Kind.SUBSTRING, "/var/lib/dpkg"), new Term(Kind.SUBSTRING, "web-01"),
					new Term(Kind.SUBSTRING, "x86_64"), new Term(Kind.PHRASE, "unclosed")));
		assertThat(SearchTerms.parse("   ")).isNull();
		assertThat(SearchTerms.parse("\"\"")).isNull();
	}

	@Test
	void whatCannotBeSearchedIsRefusedNamingQ() {
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> SearchTerms.parse("-a"))
			.withMessageContaining("at least 3");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> SearchTerms.parse("<>&"))
			.withMessageStartingWith("q: ");
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> SearchTerms.parse("a b c d e f g h i j k l m"));
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> SearchTerms.parse("x".repeat(501)));
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> SearchTerms.parse("a\u0000b"));
	}

	@Test
	void aWordMatchesWholeWordsAlsoInsidePathsButNotInsideLongerWords() {
		SearchTerms dpkg = SearchTerms.parse("DPKG");
		assertThat(ranges(dpkg, "E: lock /var/lib/dpkg/lock held")).containsExactly("dpkg");
		assertThat(ranges(dpkg, "dpkgs and predpkg")).isEmpty();
		assertThat(ranges(SearchTerms.parse("web"), "web-01.example.com web_02")).containsExactly("web", "web");
	}

	@Test
	void aPhraseMatchesItsWordsInOrderWhateverSeparatesThem() {
		SearchTerms phrase = SearchTerms.parse("\"no space left\"");
		assertThat(ranges(phrase, "write: No  space\tleft on device")).containsExactly("No  space\tleft");
		assertThat(ranges(phrase, "no left space")).isEmpty();
	}

	@Test
	void aSubstringMatchesAsWrittenCaseAsideAndOverlappingMatchesMerge() {
		SearchTerms terms = SearchTerms.parse("lock-held held<now");
		assertThat(ranges(terms, "x LOCK-HELD<NOW y")).containsExactly("LOCK-HELD<NOW");
	}

	private static List<String> ranges(SearchTerms terms, String text) {
		return terms.ranges(text).stream().map((range) -> text.substring(range[0], range[1])).toList();
	}

}
