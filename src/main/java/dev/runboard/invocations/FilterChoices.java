package dev.runboard.invocations;

import java.util.stream.Collectors;

import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;

import org.springframework.ui.Model;

/**
 * What the filter form of the invocations table offers, live and in history alike: the
 * statuses, regions and accounts to choose from, and which regions the view reads.
 */
final class FilterChoices {

	private FilterChoices() {
	}

	/** The choices of a first page's form. */
	static void add(Model model, Sources sources) {
		model.addAttribute("statuses", InvocationFilter.STATUS_CHOICES);
		model.addAttribute("regions", sources.regions());
		model.addAttribute("accounts", sources.accounts());
	}

	/**
	 * The regions a page of {@code filter} reads, as the line above its table names them.
	 */
	static void addWhere(Model model, Sources sources, InvocationFilter filter) {
		model.addAttribute("where",
				sources.select(filter.account(), filter.region())
					.stream()
					.map(Source::region)
					.distinct()
					.collect(Collectors.joining(", ")));
	}

}
