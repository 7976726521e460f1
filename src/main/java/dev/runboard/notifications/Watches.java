package dev.runboard.notifications;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.Printable;
import dev.runboard.aws.Source;
import dev.runboard.commands.CommandLinks;
import dev.runboard.commands.CommandWatches;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * "Tell me when it finishes": the {@code watched} rules whose documents and size cover a
 * running command, offered on its page, and who asked each one already. The store not
 * answering takes the offer off the page, nothing else; after it failed to answer, the
 * page does not ask it again for {@link #QUIET_AFTER_FAILURE}, so a live page waits for a
 * store that is down once, not on every view.
 */
class Watches implements CommandWatches {

	private static final Log logger = LogFactory.getLog(Watches.class);

	static final Duration QUIET_AFTER_FAILURE = Duration.ofSeconds(30);

	private final NotificationRules rules;

	private final Outbox outbox;

	/** {@link System#nanoTime()} until which the store is not asked, or 0. */
	private volatile long quietUntil;

	Watches(NotificationRules rules, Outbox outbox) {
		this.rules = rules;
		this.outbox = outbox;
	}

	/** The {@code watched} rules that may tell about a command. */
	List<NotificationRule> offered(CommandDetail command) {
		return this.rules.all()
			.stream()
			.filter((rule) -> rule.when() == NotificationRule.When.WATCHED && rule.covers(command.command()))
			.toList();
	}

	@Override
	public Offer offer(Source source, CommandDetail command) {
		List<NotificationRule> offered = offered(command);
		if (offered.isEmpty()) {
			return null;
		}
		long quiet = this.quietUntil;
		if (quiet != 0 && System.nanoTime() - quiet < 0) {
			return null;
		}
		Map<String, String> watchers;
		try {
			watchers = this.outbox.watchers(command.command().commandId());
			this.quietUntil = 0;
		}
		catch (RuntimeException ex) {
			this.quietUntil = System.nanoTime() + QUIET_AFTER_FAILURE.toNanos();
			logger.debug("No watching offered for " + Printable.of(command.command().commandId())
					+ ": the store does not answer (" + ex.getClass().getSimpleName() + ")");
			return null;
		}
		return new Offer(new CommandLinks(command.command().commandId(), source).watch(),
				offered.stream()
					.map((rule) -> new Target(rule.name(), rule.type().id(), watchers.get(rule.name())))
					.toList());
	}

}
