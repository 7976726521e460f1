package dev.runboard.aws;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one log line may carry of a value from outside: nothing that breaks or reorders a
 * line in any viewer, and not more than its share of the line.
 */
class PrintableTests {

	@Test
	void everyLineBreakUnicodeKnowsBecomesAQuestionMark() {
		assertThat(Printable.of("a\nb\rc\u000Bd\u000Ce\u0085f\u2028g\u2029h")).isEqualTo("a?b?c?d?e?f?g?h");
	}

	@Test
	void bidiControlsAndInvisibleCharactersBecomeQuestionMarks() {
		assertThat(Printable.of("\u202Eevil\u202C \u2066x\u2069\u200B\u200D\u200E\u200F\uFEFF\u00AD"))
			.isEqualTo("?evil???x???????");
	}

	@Test
	void spacesOfEveryKindBecomeQuestionMarksSoAValueCannotPassForSeveralFields() {
		assertThat(Printable.of("eve outcome=success\u00A0\u3000\t")).isEqualTo("eve?outcome=success???");
	}

	@Test
	void controlCharactersAndLoneSurrogatesBecomeQuestionMarks() {
		assertThat(Printable.of("\u0000\u001B[31m\u007F\uD800x\uDC00")).isEqualTo("??[31m??x?");
	}

	@Test
	void lettersSymbolsAndEmojiOfAnyScriptStay() {
		assertThat(Printable.of("José-日本-😀-İ-ß")).isEqualTo("José-日本-😀-İ-ß");
	}

	@Test
	void longValuesAreCutByCharactersNeverInsideOne() {
		assertThat(Printable.of("😀".repeat(10), 4)).isEqualTo("😀😀😀😀…");
		assertThat(Printable.of("x".repeat(600))).hasSize(Printable.MAX_LENGTH + 1).endsWith("…");
		assertThat(Printable.of("abcd", 4)).isEqualTo("abcd");
	}

	@Test
	void quotedTextKeepsItsSpacesInsideQuotesItCannotClose() {
		assertThat(Printable.quoted("Access denied \"x\"\noutcome=success\u00A0y"))
			.isEqualTo("\"Access denied 'x'?outcome=success?y\"");
		assertThat(Printable.quoted(null)).isEqualTo("-");
	}

	@Test
	void nothingIsADash() {
		assertThat(Printable.of(null)).isEqualTo("-");
	}

}
