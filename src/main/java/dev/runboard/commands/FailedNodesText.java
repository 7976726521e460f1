package dev.runboard.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Nodes where a command failed, counted per failing status, in words: {@code 12 failed
 * and 20 cancelled nodes}. What the rerun on the failed nodes offers and confirms, so
 * that a rerun of 20 cancelled nodes is not called a rerun of 20 failed ones.
 */
public final class FailedNodesText {

	private FailedNodesText() {
	}

	/**
	 * @param perStatus how many nodes have each failing status ({@code Failed},
	 * {@code TimedOut}, {@code Cancelled}), in the order to name them
	 */
	public static String of(Map<String, Integer> perStatus) {
		List<String> parts = new ArrayList<>();
		int total = 0;
		for (Map.Entry<String, Integer> status : perStatus.entrySet()) {
			if (status.getValue() > 0) {
				parts.add(status.getValue() + " " + word(status.getKey()));
				total += status.getValue();
			}
		}
		if (parts.isEmpty()) {
			return "no nodes";
		}
		String joined = (parts.size() == 1) ? parts.get(0)
				: String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
		return joined + ((total == 1) ? " node" : " nodes");
	}

	private static String word(String status) {
		return switch (status) {
			case "Failed" -> "failed";
			case "TimedOut" -> "timed-out";
			case "Cancelled" -> "cancelled";
			default -> status;
		};
	}

}
