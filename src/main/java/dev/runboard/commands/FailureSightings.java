package dev.runboard.commands;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.runboard.commands.CommandSummary.FailureGroup;
import dev.runboard.history.HistoryRepository;
import dev.runboard.history.StoreUnavailableException;
import dev.runboard.web.Link;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Where else each failure group of a command occurred: the invocations of other commands
 * the history store keeps with the same failure signature (of the rules' current version)
 * in the last {@value #DAYS} days, and a link to every invocation with it in
 * {@code /history}. Without history, or while the store does not answer, a page simply
 * does not say.
 */
@Component
class FailureSightings {

	static final int DAYS = 90;

	private final ObjectProvider<HistoryRepository> repository;

	private final Clock clock;

	FailureSightings(ObjectProvider<HistoryRepository> repository, Clock clock) {
		this.repository = repository;
		this.clock = clock;
	}

	/**
	 * Where else each group occurred, by its signature's text; groups built without
	 * output (how they ended only) are not counted, as signatures are kept with their
	 * line.
	 */
	Map<String, Sighting> of(String commandId, List<FailureGroup> groups) {
		HistoryRepository history = this.repository.getIfAvailable();
		if (history == null || groups.isEmpty()) {
			return Map.of();
		}
		// To the minute, so the link's view and the count agree when the page is read.
		Instant since = this.clock.instant().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(DAYS));
		Map<String, Sighting> sightings = new LinkedHashMap<>();
		try {
			for (FailureGroup group : groups) {
				String signature = group.signature().text();
				HistoryRepository.Sightings seen = history.sightings(signature, commandId, since);
				sightings.put(signature, new Sighting(seen.nodes(), seen.commands(), seen.invocations(),
						Link.to("/history").with("signature", signature).with("after", since).toString()));
			}
		}
		catch (StoreUnavailableException ex) {
			return Map.of();
		}
		return sightings;
	}

	/**
	 * Where else a failure occurred.
	 *
	 * @param nodes on how many nodes
	 * @param commands in how many other commands
	 * @param invocations how many invocations of other commands
	 * @param history every invocation kept with the signature in the period, this
	 * command's included: {@code /history?signature=…&after=…}
	 */
	record Sighting(int nodes, int commands, int invocations, String history) {

		/** What the page says. */
		public String text() {
			if (this.commands == 0) {
				return "Not seen in other commands in the last " + DAYS + " days.";
			}
			return "Seen on " + count(this.nodes, "node") + " in " + count(this.commands, "other command")
					+ " in the last " + DAYS + " days.";
		}

		private static String count(int count, String noun) {
			return count + " " + noun + ((count == 1) ? "" : "s");
		}

	}

}
