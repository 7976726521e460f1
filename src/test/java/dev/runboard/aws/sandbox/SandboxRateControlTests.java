package dev.runboard.aws.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import dev.runboard.aws.sandbox.SandboxRateControl.Node;
import dev.runboard.aws.sandbox.SandboxRateControl.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the sandbox paces a command as SSM does: {@code MaxConcurrency} nodes at a time,
 * and no node started once errors exceed {@code MaxErrors}.
 */
class SandboxRateControlTests {

	static final Instant SENT = Instant.parse("2026-12-06T22:00:00Z");

	@ParameterizedTest
	@CsvSource({ "50, 120, 50", "10%, 120, 12", "10%, 32, 4", "10%, 5, 1", "1%, 10, 1", "100%, 7, 7", ", 80, 50" })
	void concurrencyIsANumberOrAPercentageOfTheTargetsRoundedUp(String maxConcurrency, int targets, int expected) {
		assertThat(SandboxRateControl.concurrency(maxConcurrency, targets)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "0, 120, 0", "3, 120, 3", "20%, 120, 24", "10%, 32, 3", "10%, 5, 0", ", 80, 0" })
	void errorsAllowedAreANumberOrAPercentageOfTheTargetsRoundedDown(String maxErrors, int targets, int expected) {
		assertThat(SandboxRateControl.errors(maxErrors, targets)).isEqualTo(expected);
	}

	@Test
	void eachNodeStartsWhenOneOfTheNodesBeforeItFinishes() {
		List<Slot> slots = SandboxRateControl.schedule(SENT,
				Collections.nCopies(6, new Node(Duration.ZERO, Duration.ofSeconds(60), false)), "2", "0");

		assertThat(slots).extracting(Slot::startsAt)
			.containsExactly(SENT, SENT, SENT.plusSeconds(60), SENT.plusSeconds(60), SENT.plusSeconds(120),
					SENT.plusSeconds(120));
	}

	@Test
	void onceErrorsExceedTheThresholdNoFurtherNodeStartsAndTheRestEndWhenItWasExceeded() {
		List<Node> nodes = List.of(new Node(Duration.ZERO, Duration.ofSeconds(10), true),
				new Node(Duration.ZERO, Duration.ofSeconds(30), true),
				new Node(Duration.ZERO, Duration.ofSeconds(10), true),
				new Node(Duration.ZERO, Duration.ofSeconds(10), false),
				new Node(Duration.ZERO, Duration.ofSeconds(10), false));

		List<Slot> slots = SandboxRateControl.schedule(SENT, nodes, "2", "1");

		// The first error at 10 s is allowed; the third node starts then and fails at 20
		// s,
		// one past the threshold: the fourth node's turn (at 20 s) never comes.
		assertThat(slots).extracting(Slot::ran).containsExactly(true, true, true, false, false);
		assertThat(slots.get(3).endsAt()).isEqualTo(SENT.plusSeconds(20));
		assertThat(slots.get(4).endsAt()).isEqualTo(SENT.plusSeconds(20));
	}

}
