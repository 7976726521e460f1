package dev.runboard.commands;

import java.util.List;

import dev.runboard.aws.CommandDetail;
import dev.runboard.aws.Source;

/**
 * "Tell me when it finishes" on the command page: what a feature that can tell (the
 * notifications) offers for a running command. The command page asks for it without
 * knowing who answers; with no such feature, or nothing to offer, it shows nothing.
 */
public interface CommandWatches {

	/**
	 * What the page offers for a command that is still running.
	 * @return the offer, or {@code null} for none
	 */
	Offer offer(Source source, CommandDetail command);

	/**
	 * @param action where each target's form posts (relative to the application), with
	 * the form's {@code rule}
	 * @param targets the targets a signed-in user may ask to be told through
	 */
	record Offer(String action, List<Target> targets) {

		public Offer {
			targets = List.copyOf(targets);
		}

	}

	/**
	 * @param rule the rule's name
	 * @param type its target's type ({@code slack}, {@code teams}, {@code webhook})
	 * @param watchedBy who asked it to tell about this command, or {@code null} when
	 * nobody has yet
	 */
	record Target(String rule, String type, String watchedBy) {

		public boolean watched() {
			return this.watchedBy != null;
		}

	}

}
