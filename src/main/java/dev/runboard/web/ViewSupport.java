package dev.runboard.web;

import java.time.Duration;
import java.util.Locale;

import dev.runboard.aws.PluginOutput;
import dev.runboard.aws.SsmProperties;
import dev.runboard.history.HistoryRepository;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What every page needs to know about this deployment: whether it shows sandbox data, how
 * often what is not final refreshes itself, whether it keeps history, and the output
 * limits it states. Templates reach this as {@code @view}.
 */
@Component("view")
public class ViewSupport {

	private final boolean sandbox;

	private final String pollTrigger;

	private final String pollInterval;

	private final boolean history;

	ViewSupport(SsmProperties ssm, UiProperties properties, ObjectProvider<HistoryRepository> history) {
		this.sandbox = ssm.sandbox();
		this.history = history.getIfAvailable() != null;
		Duration interval = properties.pollInterval();
		// Whole seconds would round 2500ms down to 2s; htmx reads milliseconds as well.
		this.pollInterval = (interval.toMillisPart() == 0) ? interval.toSeconds() + "s" : interval.toMillis() + "ms";
		this.pollTrigger = "every " + this.pollInterval;
	}

	public boolean sandbox() {
		return this.sandbox;
	}

	/** Whether Runboard keeps history, and so offers {@code /history}. */
	public boolean history() {
		return this.history;
	}

	/** The {@code hx-trigger} of anything that refreshes itself until it is final. */
	public String pollTrigger() {
		return this.pollTrigger;
	}

	/** How often that is, as htmx and people read it: {@code 5s}, {@code 2500ms}. */
	public String pollInterval() {
		return this.pollInterval;
	}

	/**
	 * The header's links of a view: those it put in its model as {@code nav}, else links
	 * that name no account or region.
	 */
	public Navigation navigation(Navigation nav) {
		return (nav != null) ? nav : Navigation.NONE;
	}

	/** What lists return of a plugin's output, in characters, as pages say it. */
	public String listLimit() {
		return String.format(Locale.ROOT, "%,d", PluginOutput.LIST_LIMIT);
	}

	/** What {@code GetCommandInvocation} returns of stdout, in characters. */
	public String stdoutLimit() {
		return String.format(Locale.ROOT, "%,d", PluginOutput.FULL_STDOUT_LIMIT);
	}

	/** What {@code GetCommandInvocation} returns of stderr, in characters. */
	public String stderrLimit() {
		return String.format(Locale.ROOT, "%,d", PluginOutput.FULL_STDERR_LIMIT);
	}

}
