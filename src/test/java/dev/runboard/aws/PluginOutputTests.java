package dev.runboard.aws;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's one {@code Output} field, split back into what the command wrote to stdout
 * and stderr, in the shapes the agent produces (see its {@code TruncateOutput}).
 */
class PluginOutputTests {

	@Test
	void noOutputIsEmpty() {
		assertThat(PluginOutput.parse(null)).isEqualTo(PluginOutput.EMPTY);
		assertThat(PluginOutput.parse("")).isEqualTo(PluginOutput.EMPTY);
		assertThat(PluginOutput.EMPTY.empty()).isTrue();
	}

	@Test
	void outputWithoutTheErrorSeparatorIsAllStdout() {
		PluginOutput output = PluginOutput.parse("line 1\nline 2\n");
		assertThat(output.stdout()).isEqualTo("line 1\nline 2\n");
		assertThat(output.stderr()).isEmpty();
		assertThat(output.truncated()).isFalse();
		assertThat(output.empty()).isFalse();
	}

	@Test
	void stdoutAndStderrAreSplitOnTheErrorSeparator() {
		PluginOutput output = PluginOutput
			.parse("installed 3 packages\n----------ERROR-------\nwarning: reboot required");
		assertThat(output.stdout()).isEqualTo("installed 3 packages");
		assertThat(output.stderr()).isEqualTo("warning: reboot required");
		assertThat(output.truncated()).isFalse();
	}

	@Test
	void stderrAloneFollowsTheSeparatorAtTheStart() {
		PluginOutput output = PluginOutput.parse("\n----------ERROR-------\nbash: deploy.sh: not found");
		assertThat(output.stdout()).isEmpty();
		assertThat(output.stderr()).isEqualTo("bash: deploy.sh: not found");
	}

	@Test
	void onlyTheFirstSeparatorSplitsTheOutput() {
		PluginOutput output = PluginOutput.parse("out\n----------ERROR-------\nerr\n----------ERROR-------\nmore err");
		assertThat(output.stdout()).isEqualTo("out");
		assertThat(output.stderr()).isEqualTo("err\n----------ERROR-------\nmore err");
	}

	@Test
	void aSeparatorWithoutItsNewlinesIsPartOfStdout() {
		PluginOutput output = PluginOutput.parse("----------ERROR-------");
		assertThat(output.stdout()).isEqualTo("----------ERROR-------");
		assertThat(output.stderr()).isEmpty();
	}

	@Test
	void outputTruncatedMarkerIsRemovedAndRemembered() {
		PluginOutput output = PluginOutput.parse("a".repeat(2378) + "\n---Output truncated---");
		assertThat(output.stdout()).isEqualTo("a".repeat(2378));
		assertThat(output.stderr()).isEmpty();
		assertThat(output.truncated()).isTrue();
	}

	@Test
	void errorTruncatedMarkerIsRemovedAndRemembered() {
		PluginOutput output = PluginOutput
			.parse("ok\n----------ERROR-------\n" + "e".repeat(100) + "\n---Error truncated----");
		assertThat(output.stdout()).isEqualTo("ok");
		assertThat(output.stderr()).isEqualTo("e".repeat(100));
		assertThat(output.truncated()).isTrue();
	}

	@Test
	void bothStreamsTruncatedLoseBothMarkers() {
		PluginOutput output = PluginOutput.parse("o".repeat(10) + "\n---Output truncated---\n----------ERROR-------\n"
				+ "e".repeat(10) + "\n---Error truncated----");
		assertThat(output.stdout()).isEqualTo("o".repeat(10));
		assertThat(output.stderr()).isEqualTo("e".repeat(10));
		assertThat(output.truncated()).isTrue();
	}

	@Test
	void aTruncationMarkerInTheMiddleOfTheTextIsOutputNotAMarker() {
		PluginOutput output = PluginOutput.parse("echo '\n---Output truncated---'\ndone");
		assertThat(output.stdout()).isEqualTo("echo '\n---Output truncated---'\ndone");
		assertThat(output.truncated()).isFalse();
	}

	@Test
	void theErrorMarkerOnStdoutIsNotATruncationOfStderr() {
		PluginOutput output = PluginOutput.parse("text\n---Error truncated----");
		assertThat(output.stdout()).isEqualTo("text\n---Error truncated----");
		assertThat(output.truncated()).isFalse();
	}

	@Test
	void ansiColourAndCursorSequencesAreRemoved() {
		PluginOutput output = PluginOutput.parse("\u001B[1;31mFAILED\u001B[0m tests\u001B[2K\u001B[1G, "
				+ "\u001B[?25lhidden\n----------ERROR-------\n\u001B[33mwarning\u001B[m");
		assertThat(output.stdout()).isEqualTo("FAILED tests, hidden");
		assertThat(output.stderr()).isEqualTo("warning");
	}

	@Test
	void otherControlCharactersAreReplacedVisibly() {
		PluginOutput output = PluginOutput.parse("bell\u0007 nul\u0000 esc\u001B]0;title del\u007F");
		assertThat(output.stdout()).isEqualTo("bell\uFFFD nul\uFFFD esc\uFFFD]0;title del\uFFFD");
	}

	@Test
	void eightBitControlCharactersAreReplacedToo() {
		PluginOutput output = PluginOutput.parse("csi\u009B31m next\u0085line");
		assertThat(output.stdout()).isEqualTo("csi\uFFFD31m next\uFFFDline");
		assertThat(output.colouredStdout()).isEqualTo("csi\uFFFD31m next\uFFFDline");
	}

	@Test
	void tabsNewlinesAndCarriageReturnsAreKept() {
		PluginOutput output = PluginOutput.parse("a\tb\r\nc\n");
		assertThat(output.stdout()).isEqualTo("a\tb\r\nc\n");
	}

	@Test
	void markupAndTemplateSyntaxAreLeftForThePageToEscape() {
		String text = "<script>alert(1)</script> [[${secret}]] {{ x }} &amp;";
		assertThat(PluginOutput.parse(text).stdout()).isEqualTo(text);
	}

	@Test
	void aColouredTruncatedOutputIsBothCleanedAndMarkedTruncated() {
		PluginOutput output = PluginOutput.parse("\u001B[32mok\u001B[0m\n---Output truncated---");
		assertThat(output.stdout()).isEqualTo("ok");
		assertThat(output.truncated()).isTrue();
	}

	@Test
	void eachStreamIsCleanedOnItsOwn() {
		PluginOutput colouredOut = PluginOutput.parse("\u001B[31mred\u001B[0m\n----------ERROR-------\nplain");
		assertThat(colouredOut.stdout()).isEqualTo("red");
		assertThat(colouredOut.colouredStdout()).isEqualTo("\u001B[31mred\u001B[0m");
		assertThat(colouredOut.stderr()).isEqualTo("plain").isEqualTo(colouredOut.colouredStderr());
		PluginOutput colouredErr = PluginOutput.parse("plain\n----------ERROR-------\n\u001B[2Kbell\u0007");
		assertThat(colouredErr.stdout()).isEqualTo("plain").isEqualTo(colouredErr.colouredStdout());
		assertThat(colouredErr.stderr()).isEqualTo("bell\uFFFD");
		assertThat(colouredErr.colouredStderr()).isEqualTo("bell\uFFFD");
	}

}
