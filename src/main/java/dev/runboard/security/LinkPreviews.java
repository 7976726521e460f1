package dev.runboard.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.runboard.aws.InvalidQueryException;

import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPattern.PathMatchInfo;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Names the view a signed-out link leads to, for the login page it ends on: its title and
 * the preview a chat app builds from it. Each feature says how its views are named
 * ({@link NamedViews}); what reaches a preview is what the view's own binders accept of
 * the link, checked against the configuration only: no AWS call, nothing from the store.
 */
@Component
public class LinkPreviews {

	private final List<Declared> views = new ArrayList<>();

	private record Declared(PathPattern pattern, NamedViews.Namer namer) {

	}

	LinkPreviews(List<NamedViews> named) {
		PathPatternParser parser = PathPatternParser.defaultInstance;
		named.forEach((views) -> views.views()
			.forEach((path, namer) -> this.views.add(new Declared(parser.parse(path), namer))));
		// A literal path before a pattern that would also match it.
		this.views.sort(Comparator.comparing(Declared::pattern, PathPattern.SPECIFICITY_COMPARATOR));
	}

	/**
	 * The name of the view {@code target} leads to, or {@link ViewName#SIGN_IN} when it
	 * names none that a feature can name.
	 */
	public ViewName name(SignInTarget target) {
		PathContainer path = PathContainer.parsePath(target.path());
		for (Declared view : this.views) {
			PathMatchInfo match = view.pattern().matchAndExtract(path);
			if (match != null) {
				return named(view, target, match);
			}
		}
		return ViewName.SIGN_IN;
	}

	private static ViewName named(Declared view, SignInTarget target, PathMatchInfo match) {
		try {
			ViewName name = view.namer().name(target.parameters(), match.getUriVariables());
			return (name != null) ? name : ViewName.SIGN_IN;
		}
		catch (InvalidQueryException ex) {
			return ViewName.SIGN_IN;
		}
	}

}
