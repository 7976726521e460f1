package dev.runboard.commands.actions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.runboard.commands.actions.Confirmations.Check;
import dev.runboard.security.ActionsProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The confirmation of a rerun on the failed nodes, as replicas and restarts see it: with
 * {@code runboard.actions.confirmation-key} set, every replica (and the same replica
 * after a restart) accepts what another issued; unset, each makes its own key at start,
 * says so in a warning, and accepts only its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfirmationsTests {

	static final Instant NOW = Instant.parse("2026-12-07T01:26:21Z");

	static final String COMMAND = "0b9a4d7e-2c55-4a3e-9d61-000000000001";

	static final List<String> NODES = List.of("i-0123456789abcdef1", "i-0123456789abcdef0");

	@Test
	void withTheKeySetReplicasAndRestartsAgree(CapturedOutput output) {
		ActionsProperties shared = new ActionsProperties(true, Duration.ofMinutes(2),
				"a shared secret of 32 bytes!!!!");
		String issued = new Confirmations(shared, true).issue("eu-west-1", COMMAND, NODES, "demo", NOW);

		Confirmations other = new Confirmations(shared, true);
		assertThat(other.check(issued, "eu-west-1", COMMAND, List.of(NODES.get(1), NODES.get(0)), "demo",
				NOW.plusSeconds(60)))
			.as("the nodes in any order")
			.isEqualTo(Check.VALID);
		assertThat(other.check(issued, "eu-west-1", COMMAND, NODES, "demo", NOW.plus(Confirmations.VALIDITY)))
			.isEqualTo(Check.EXPIRED);
		assertThat(other.check(issued, "eu-west-1", COMMAND, NODES.subList(0, 1), "demo", NOW))
			.isEqualTo(Check.MISMATCH);
		assertThat(other.check(issued, "us-east-1", COMMAND, NODES, "demo", NOW)).isEqualTo(Check.MISMATCH);
		assertThat(other.check(issued, "eu-west-1", COMMAND, NODES, "erin", NOW)).isEqualTo(Check.MISMATCH);
		assertThat(output).doesNotContain("confirmation-key is not set");
	}

	@Test
	void withoutTheKeyEachStartMakesItsOwnAndSaysSo(CapturedOutput output) {
		ActionsProperties unset = new ActionsProperties(true, Duration.ofMinutes(2), null);
		Confirmations first = new Confirmations(unset, true);
		String issued = first.issue("eu-west-1", COMMAND, NODES, "demo", NOW);

		assertThat(first.check(issued, "eu-west-1", COMMAND, NODES, "demo", NOW)).isEqualTo(Check.VALID);
		assertThat(new Confirmations(unset, true).check(issued, "eu-west-1", COMMAND, NODES, "demo", NOW))
			.as("another replica, or this one after a restart")
			.isEqualTo(Check.MISMATCH);
		assertThat(output).contains("runboard.actions.confirmation-key is not set");
	}

}
