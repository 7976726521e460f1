package dev.runboard.commands;

import java.util.List;
import java.util.stream.IntStream;

import dev.runboard.commands.CommandSummary.FailureGroup;
import dev.runboard.commands.CommandSummary.NodeRef;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A failure group lists its first hundred nodes and counts the rest. */
class FailureGroupTests {

	@Test
	void aGroupOfAHundredListsThemAll() {
		FailureGroup group = group(100);
		assertThat(group.shown()).hasSize(100).isEqualTo(group.nodes());
		assertThat(group.more()).isZero();
	}

	@Test
	void aLargerGroupListsTheFirstHundredInOrderAndCountsTheRest() {
		FailureGroup group = group(130);
		assertThat(group.shown()).hasSize(100).isEqualTo(group.nodes().subList(0, 100));
		assertThat(group.more()).isEqualTo(30);
		assertThat(group.count()).isEqualTo(130);
	}

	private static FailureGroup group(int nodes) {
		List<NodeRef> refs = IntStream.range(0, nodes)
			.mapToObj((i) -> new NodeRef(String.format("i-%017d", i), null, "Failed"))
			.toList();
		return new FailureGroup(new FailureSignature("exit 1", "Error: yum lock held by pid <n>"), "", refs);
	}

}
