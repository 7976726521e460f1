package dev.runboard.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

/**
 * The document names this Runboard has listed lately, so that the Document filter, exact
 * and case-sensitive as SSM's is, can suggest them: in its {@code <datalist>}, and, when
 * a filter finds nothing, as the near matches of what was typed. Names come from SSM's
 * answers, so only those shaped like a document name are kept, at most
 * {@value #MAX_KEPT}, the least recently listed forgotten first. Templates reach this as
 * {@code @documents}.
 */
@Component("documents")
public class DocumentsSeen {

	/** The documents suggested before any has been listed: those most runs use. */
	static final List<String> COMMON = List.of("AWS-RunShellScript", "AWS-RunPowerShellScript", "AWS-RunPatchBaseline",
			"AWS-UpdateSSMAgent", "AWS-ConfigureAWSPackage");

	static final int MAX_KEPT = 200;

	private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > MAX_KEPT;
		}

	};

	/** Notes the documents of what a page listed. */
	public void saw(Collection<String> names) {
		synchronized (this.seen) {
			for (String name : names) {
				if (name != null && QueryParameters.isDocument(name)) {
					this.seen.put(name, Boolean.TRUE);
				}
			}
		}
	}

	/** What the Document filter suggests, in alphabetical order. */
	public List<String> names() {
		TreeSet<String> names = new TreeSet<>(COMMON);
		synchronized (this.seen) {
			names.addAll(this.seen.keySet());
		}
		return List.copyOf(names);
	}

	/**
	 * The documents the filter's value may have meant: those it matches ignoring case, or
	 * that contain it ignoring case; none when it names one exactly.
	 */
	public List<String> nearMatches(String document) {
		if (document == null) {
			return List.of();
		}
		List<String> names = names();
		if (names.contains(document)) {
			return List.of();
		}
		String wanted = document.toLowerCase(Locale.ROOT);
		List<String> same = new ArrayList<>();
		List<String> containing = new ArrayList<>();
		for (String name : names) {
			String lower = name.toLowerCase(Locale.ROOT);
			if (lower.equals(wanted)) {
				same.add(name);
			}
			else if (lower.contains(wanted) || wanted.contains(lower)) {
				containing.add(name);
			}
		}
		same.addAll(containing);
		return same.subList(0, Math.min(5, same.size()));
	}

	/**
	 * A document the filter may have meant, and the same view filtered by it.
	 *
	 * @param link the view's link with this document, relative to the application
	 */
	public record Hint(String document, String link) {

	}

}
