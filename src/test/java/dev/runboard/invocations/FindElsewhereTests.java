package dev.runboard.invocations;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What "find this line elsewhere" searches for: the line's longest run of words without
 * what differs from node to node.
 */
class FindElsewhereTests {

	@Test
	void numbersAndIdsAreLeftOutOfThePhrase() {
		assertThat(FindElsewhere
			.phrase("E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4121 (apt-get)"))
			.isEqualTo("E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process");
		assertThat(FindElsewhere.phrase("write error: No space left on device"))
			.isEqualTo("write error: No space left on device");
		assertThat(FindElsewhere.phrase("2026-11-20 10:00:00 i-0abc 42")).isNull();
		assertThat(FindElsewhere.phrase("say \"hello\" to them all")).isEqualTo("to them all");
	}

	@Test
	void aLongLineGivesAPhraseOfTwelveWordsAtMost() {
		assertThat(FindElsewhere.phrase("a b c d e f g h i j k l m n o p").split(" ")).hasSize(FindElsewhere.MAX_WORDS);
	}

}
