package dev.runboard.commands.actions;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.runboard.aws.InvalidQueryException;
import dev.runboard.web.Link;
import dev.runboard.web.QueryParameters;
import dev.runboard.web.RequestBinder;

/**
 * What {@code /activity} shows: the actions of one user, on one command, of one kind, or
 * all of them.
 *
 * @param user a user name, matched without regard to case, or {@code null}
 * @param commandId a command acted on, or sent by an action, or {@code null}
 * @param action {@code cancel}, {@code rerun-all} or {@code rerun-failed}, or
 * {@code null}
 */
record ActivityFilter(String user, String commandId, String action) {

	static final List<String> ACTIONS = List.of("cancel", "rerun-all", "rerun-failed");

	/** The longest user name a filter takes: longer ones name nobody. */
	private static final int MAX_USER = 200;

	static RequestBinder<ActivityFilter> binder() {
		return RequestBinder.of(ActivityFilter.class, (values) -> {
			String user = values.single("user");
			if (user != null && (user.length() > MAX_USER || user.chars().anyMatch(Character::isISOControl))) {
				throw new InvalidQueryException("user",
						"user: a user name of at most " + MAX_USER + " printable characters");
			}
			String commandId = values.single("commandId");
			return new ActivityFilter(user, (commandId != null) ? QueryParameters.commandId(commandId) : null,
					QueryParameters.oneOf("action", values.single("action"), ACTIONS));
		});
	}

	public boolean unfiltered() {
		return this.user == null && this.commandId == null && this.action == null;
	}

	/** The view's link at {@code path}, with this filter. */
	Link link(String path) {
		return Link.to(path).with("user", this.user).with("commandId", this.commandId).with("action", this.action);
	}

	/**
	 * Where a page of the log ends: the last row shown, carried by the next page's link
	 * as {@code cursor}; {@link #FIRST} before the first page.
	 */
	record Cursor(Instant requestedAt, long id) {

		static final Cursor FIRST = new Cursor(null, 0);

		boolean first() {
			return this.requestedAt == null;
		}

		private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

		private static final Pattern FORM = Pattern.compile("(\\d{1,19})-(\\d{1,9})-(\\d{1,19})");

		static RequestBinder<Cursor> binder() {
			return RequestBinder.of(Cursor.class, (values) -> {
				String cursor = values.single("cursor");
				if (cursor == null) {
					return FIRST;
				}
				Matcher parts = FORM.matcher(cursor);
				if (!parts.matches()) {
					throw new InvalidQueryException("cursor",
							"cursor: the position of a page of the activity log, as the page before gave it");
				}
				try {
					Instant at = Instant.ofEpochSecond(Long.parseLong(parts.group(1)), Long.parseLong(parts.group(2)));
					// Beyond what PostgreSQL's timestamps hold, the store would refuse
					// the
					// query.
					if (at.isAfter(LATEST)) {
						throw new IllegalArgumentException("later than the store holds");
					}
					return new Cursor(at, Long.parseLong(parts.group(3)));
				}
				catch (RuntimeException ex) {
					throw new InvalidQueryException("cursor",
							"cursor: the position of a page of the activity log, as the page before gave it");
				}
			});
		}

		@Override
		public String toString() {
			return this.requestedAt.getEpochSecond() + "-" + this.requestedAt.getNano() + "-" + this.id;
		}

	}

}
