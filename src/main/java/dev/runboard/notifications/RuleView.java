package dev.runboard.notifications;

import java.util.Locale;

/** A rule as {@code /notifications} shows it: what it matches and where, no secret. */
public record RuleView(String name, String type, String when, String documents, int minNodes, boolean includeOutput) {

	static RuleView of(NotificationRule rule) {
		return new RuleView(rule.name(), rule.type().id(), rule.when().name().toLowerCase(Locale.ROOT),
				rule.documents().isEmpty() ? "every document" : String.join(", ", rule.documents()), rule.minNodes(),
				rule.includeOutput());
	}

}
