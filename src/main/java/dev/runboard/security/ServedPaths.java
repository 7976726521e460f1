package dev.runboard.security;

import java.util.List;

/**
 * The paths of one feature that are not simply pages, declared by the feature that serves
 * them as a bean, so that no central list names another feature's URLs. Security reads
 * every declaration (a fragment is never where signing in returns to), and so does
 * {@code web} (an address rendered two ways varies on {@code HX-Request}). The type lives
 * here, not in {@code web}, because security may not depend on {@code web}, and every
 * feature may use security.
 *
 * @param fragments paths that answer with a part of a page whoever asks (a scroll page, a
 * row, a chunk of output), as their handlers map them ({@code /commands/{commandId}/row})
 * @param renderedTwoWays paths that answer a browser with the whole page and htmx with a
 * part of it ({@code @HxRequest} handlers): a cache must keep the two apart
 */
public record ServedPaths(List<String> fragments, List<String> renderedTwoWays) {

	public ServedPaths {
		fragments = List.copyOf(fragments);
		renderedTwoWays = List.copyOf(renderedTwoWays);
	}

	/** Declares fragments, and no path rendered two ways. */
	public static ServedPaths fragments(String... paths) {
		return new ServedPaths(List.of(paths), List.of());
	}

	/** These declarations and paths rendered two ways. */
	public ServedPaths renderedTwoWays(String... paths) {
		return new ServedPaths(this.fragments, List.of(paths));
	}

}
