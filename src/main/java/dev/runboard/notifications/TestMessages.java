package dev.runboard.notifications;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.runboard.aws.InvocationRecord;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.history.FinalCommand;
import dev.runboard.history.HistoryPage;
import dev.runboard.history.HistoryQuery;
import dev.runboard.history.HistoryRepository;
import dev.runboard.history.RecordedCommand;
import dev.runboard.history.RecordedInvocation;

/**
 * What "send a test message" sends: the message the rule would have sent about the newest
 * recorded command it matches, marked as a test, so an operator sees in the channel what
 * the channel will get; a message about nothing when the store holds no such command.
 */
class TestMessages {

	/** The most pages of a command's invocations a test message reads. */
	private static final int MOST_PAGES = 20;

	/** The most commands a test message looks at for one the rule matches. */
	private static final int MOST_COMMANDS = 10;

	private final HistoryRepository history;

	private final Sources sources;

	private final Notices notices;

	TestMessages(HistoryRepository history, Sources sources, Notices notices) {
		this.history = history;
		this.sources = sources;
		this.notices = notices;
	}

	Notice of(NotificationRule rule) {
		try {
			return newestMatching(rule).orElseGet(() -> this.notices.test(rule));
		}
		catch (RuntimeException ex) {
			// The store could not say: the test is about nothing, and still tries the
			// target.
			return this.notices.test(rule);
		}
	}

	private Optional<Notice> newestMatching(NotificationRule rule) {
		List<String> statuses = (rule.when() == NotificationRule.When.FAILED || rule.type() == TargetType.PAGERDUTY)
				? List.of(HistoryQuery.PROBLEMS) : List.of();
		HistoryPage newest = this.history
			.page(new HistoryQuery(null, null, statuses, null, null, null, this.sources.all(), 50, false), null);
		List<String> tried = new ArrayList<>();
		for (RecordedInvocation row : newest.rows()) {
			String commandId = row.invocation().commandId();
			if (tried.contains(commandId)) {
				continue;
			}
			if (tried.size() == MOST_COMMANDS) {
				break;
			}
			tried.add(commandId);
			Source source = source(row.account(), row.region());
			RecordedCommand command = (source != null)
					? this.history.command(row.account(), row.region(), commandId).orElse(null) : null;
			if (command == null || !command.settled()) {
				continue;
			}
			List<InvocationRecord> invocations = invocations(source, commandId);
			List<InvocationView> views = invocations.stream()
				.map((record) -> source.runCommand().view(record))
				.toList();
			int failing = (int) views.stream().filter((view) -> InvocationView.FAILING.contains(view.status())).count();
			// A watched rule's test is about the newest command it could be asked to
			// watch.
			boolean about = (rule.when() == NotificationRule.When.WATCHED) ? rule.covers(command.detail().command())
					: rule.matches(command.detail().command(), failing);
			if (about) {
				return Optional.of(this.notices.of(new FinalCommand(source, command.detail(), invocations, null), views,
						rule.includeOutput()));
			}
		}
		return Optional.empty();
	}

	private List<InvocationRecord> invocations(Source source, String commandId) {
		HistoryQuery query = new HistoryQuery(commandId, null, List.of(), null, null, null, List.of(source), 50, true);
		List<InvocationRecord> invocations = new ArrayList<>();
		String cursor = null;
		for (int page = 0; page < MOST_PAGES; page++) {
			HistoryPage read = this.history.page(query, cursor);
			read.rows().forEach((row) -> invocations.add(row.invocation()));
			cursor = read.cursor();
			if (cursor == null) {
				break;
			}
		}
		return invocations;
	}

	private Source source(String account, String region) {
		return this.sources.all()
			.stream()
			.filter((source) -> Objects.equals(source.account(), account) && source.region().equals(region))
			.findFirst()
			.orElse(null);
	}

}
