package dev.runboard.commands.actions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.CommandQuery;
import dev.runboard.aws.CommandView;
import dev.runboard.aws.Ids;
import dev.runboard.aws.Page;
import dev.runboard.aws.QueryRules;
import dev.runboard.aws.Source;
import dev.runboard.commands.actions.ActionLedger.Entry;

import org.springframework.stereotype.Component;

/**
 * Which commands rerun which, from the comment every rerun carries
 * ({@code Rerun of <commandId> by <user> #<nonce>}): a rerun's original from its own
 * comment, and an original's reruns from the actions this replica knows of and from
 * {@code ListCommands} in the same source, for the same document, in the {@link #WINDOW}
 * after it was requested. That listing is bounded ({@link #MAX_PAGES} pages) and kept for
 * {@link #KEPT}, so a command page that shows it costs at most that once in a while.
 */
@Component
class Reruns {

	/** How long after a command its reruns are looked for. */
	static final Duration WINDOW = Duration.ofDays(7);

	/** The most {@code ListCommands} pages one look reads. */
	static final int MAX_PAGES = 4;

	/** How long the reruns found are kept before they are looked for again. */
	static final Duration KEPT = Duration.ofSeconds(30);

	private static final Pattern COMMENT = Pattern.compile("^Rerun of (\\S{36}) by (.*?)(?: #([a-z0-9]{4}))?$");

	private final Cache<String, List<Rerun>> found = Caffeine.newBuilder()
		.expireAfterWrite(KEPT)
		.maximumSize(1_000)
		.build();

	private final CommandActions actions;

	Reruns(CommandActions actions) {
		this.actions = actions;
	}

	/**
	 * One rerun of a command.
	 *
	 * @param commandId the rerun's command
	 * @param user who sent it, as its comment says
	 * @param requestedAt when, or {@code null} when only this replica's ledger knows it
	 */
	record Rerun(String commandId, String user, Instant requestedAt) {

	}

	/** The command a command reruns, as its comment names it, or {@code null}. */
	static String originalOf(String comment) {
		if (comment == null) {
			return null;
		}
		Matcher matcher = COMMENT.matcher(comment);
		return (matcher.matches() && Ids.commandId(matcher.group(1))) ? matcher.group(1) : null;
	}

	/** The reruns of {@code original}, oldest first. */
	List<Rerun> of(Source source, CommandDetail original) {
		CommandView command = original.command();
		Map<String, Rerun> reruns = new LinkedHashMap<>();
		List<Rerun> listed = this.found.get(source.label() + " " + command.commandId(),
				(key) -> listed(source, command));
		listed.forEach((rerun) -> reruns.put(rerun.commandId(), rerun));
		for (Entry entry : this.actions.onCommand(source, command.commandId())) {
			for (String sent : entry.newCommandIds()) {
				reruns.putIfAbsent(sent, new Rerun(sent, entry.user(), null));
			}
		}
		return List.copyOf(reruns.values());
	}

	private List<Rerun> listed(Source source, CommandView command) {
		if (command.requestedAt() == null) {
			return List.of();
		}
		Instant before = command.requestedAt().plus(WINDOW);
		Instant now = this.actions.now();
		CommandQuery query = new CommandQuery(null, command.documentName(), command.requestedAt(),
				before.isAfter(now) ? null : before, null, QueryRules.MAX_PAGE_SIZE);
		String prefix = "Rerun of " + command.commandId() + " by ";
		List<Rerun> reruns = new ArrayList<>();
		String token = null;
		int pages = 0;
		do {
			Page<CommandView> page = source.runCommand().commands(query, token);
			for (CommandView candidate : page.items()) {
				String comment = candidate.comment();
				if (comment != null && comment.startsWith(prefix)) {
					Matcher matcher = COMMENT.matcher(comment);
					String user = matcher.matches() ? matcher.group(2) : comment.substring(prefix.length());
					reruns.add(new Rerun(candidate.commandId(), user, candidate.requestedAt()));
				}
			}
			token = page.nextToken();
			pages++;
		}
		while (token != null && pages < MAX_PAGES);
		reruns.sort(Comparator.comparing(Rerun::requestedAt, Comparator.nullsLast(Comparator.naturalOrder())));
		return List.copyOf(reruns);
	}

	/** Forgets what was found for a command, after this replica sent a rerun of it. */
	void forget(Source source, String commandId) {
		this.found.invalidate(source.label() + " " + commandId);
	}

}
