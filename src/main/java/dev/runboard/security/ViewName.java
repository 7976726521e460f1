package dev.runboard.security;

/**
 * How a view is named from what its link says alone: the words of its tab's title and of
 * the preview a chat app shows for its link. Built by each feature from values its
 * request binders accepted, never from what AWS or the store answered, so that a preview
 * shown to anyone who sees the link tells nothing but the link.
 *
 * @param name what the view shows, such as {@code Failed invocations · eu-west-1}
 * @param description a sentence or two that say more, for a preview's description
 */
public record ViewName(String name, String description) {

	/** What every title ends with. */
	public static final String APPLICATION = "Runboard";

	/** The sign-in page when the link it was reached by names no view. */
	public static final ViewName SIGN_IN = new ViewName("Sign in",
			"Runboard shows what AWS Systems Manager Run Command ran, where, and how it went. Sign in to see it.");

	/** The page's title: {@code Failed invocations · eu-west-1 · Runboard}. */
	public String title() {
		return this.name + " · " + APPLICATION;
	}

}
