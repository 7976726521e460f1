package dev.runboard.security;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.util.MultiValueMap;

/**
 * How one feature names the views it serves from their links alone, declared by that
 * feature as a bean, as it declares its fragments ({@link ServedPaths}): the login page
 * names the view a signed-out link leads to ({@link LinkPreviews}) with it, and no
 * central list knows another feature's URLs. Here, not in {@code web}, because security
 * reads the declarations and may not depend on {@code web}.
 *
 * @param views each path, as its handler maps it ({@code /commands/{commandId}}), and how
 * the view there is named
 */
public record NamedViews(Map<String, Namer> views) {

	public NamedViews {
		views = Map.copyOf(views);
	}

	/** Declares how the view at {@code path} is named. */
	public static NamedViews of(String path, Namer namer) {
		return new NamedViews(Map.of(path, namer));
	}

	/** These declarations and the view at {@code path}. */
	public NamedViews and(String path, Namer namer) {
		Map<String, Namer> views = new LinkedHashMap<>(this.views);
		views.put(path, namer);
		return new NamedViews(views);
	}

	/** Names a view from its link, as the view's own request binders read it. */
	@FunctionalInterface
	public interface Namer {

		/**
		 * @param parameters the link's query parameters, decoded
		 * @param pathVariables the path's variables, decoded
		 * @return the view's name, from what the binders accept of the link (what they
		 * refuse left out), or {@code null} when they refuse what names the view itself
		 */
		ViewName name(MultiValueMap<String, String> parameters, Map<String, String> pathVariables);

	}

}
