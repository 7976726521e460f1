package dev.runboard.commands;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.QueryRules;
import dev.runboard.aws.Source;
import dev.runboard.history.HistoryPage;
import dev.runboard.history.HistoryQuery;
import dev.runboard.history.HistoryRepository;
import dev.runboard.history.RecordedCommand;
import dev.runboard.history.RecordedInvocation;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Commands SSM no longer lists (it forgets after 30 days), as the history store kept
 * them, for the command page: the command, and how it went, summarised from the
 * invocations the store holds as a live summary is from SSM's, within the same
 * {@code runboard.commands.summary-max-pages}. Nothing here calls SSM.
 */
@Component
class RecordedCommands {

	private final ObjectProvider<HistoryRepository> repository;

	private final int maxPages;

	private final Clock clock;

	RecordedCommands(ObjectProvider<HistoryRepository> repository, CommandsProperties properties, Clock clock) {
		this.repository = repository;
		this.maxPages = properties.summaryMaxPages();
		this.clock = clock;
	}

	/** Whether Runboard keeps history. */
	boolean enabled() {
		return this.repository.getIfAvailable() != null;
	}

	/**
	 * The command SSM answered {@code notFound} for, as the store kept it.
	 * @throws AwsFailure {@code notFound} itself when it is no such failure, when
	 * Runboard keeps no history, or when the store holds no such command either
	 * @throws dev.runboard.history.StoreUnavailableException when the store cannot say
	 */
	RecordedCommand forgotten(AwsFailure notFound, Source source, String commandId) {
		HistoryRepository history = this.repository.getIfAvailable();
		if (notFound.kind() != AwsFailure.Kind.NOT_FOUND || history == null) {
			throw notFound;
		}
		return history.command(source.account(), source.region(), commandId).orElseThrow(() -> notFound);
	}

	/** How a recorded command went, from the invocations the store holds of it. */
	CommandSummary summary(Source source, CommandDetail command) {
		HistoryRepository history = this.repository.getObject();
		HistoryQuery query = new HistoryQuery(command.command().commandId(), null, List.of(), null, null, null,
				List.of(source), QueryRules.MAX_PAGE_SIZE, true);
		List<InvocationView> invocations = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			HistoryPage page = history.page(query, cursor);
			for (RecordedInvocation recorded : page.rows()) {
				invocations.add(recorded.view(source.runCommand()));
			}
			cursor = page.cursor();
			pages++;
		}
		while (cursor != null && pages < this.maxPages);
		return CommandSummaries.summarise(invocations, cursor != null, this.clock.instant());
	}

}
