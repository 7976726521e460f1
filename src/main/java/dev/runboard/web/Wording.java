package dev.runboard.web;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * How views' names and summaries put values into words, the same in every view: a command
 * ID cut to its first eight characters, a point in time as short as it can be said, a
 * list joined as a sentence joins it.
 */
public final class Wording {

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private Wording() {
	}

	/** A command ID as a title names it: {@code 88e1b2f2…}. */
	public static String shortId(String commandId) {
		return (commandId.length() > 8) ? commandId.substring(0, 8) + "…" : commandId;
	}

	/**
	 * A point in time: the date alone at midnight UTC ({@code 2026-11-20}), else to the
	 * minute, or the second when it has one ({@code 2026-11-20 10:00 UTC}).
	 */
	public static String when(Instant instant) {
		LocalTime time = instant.atOffset(ZoneOffset.UTC).toLocalTime();
		if (time.equals(LocalTime.MIDNIGHT)) {
			return DateTimeFormatter.ISO_LOCAL_DATE.format(instant.atOffset(ZoneOffset.UTC));
		}
		return ((time.getSecond() == 0 && time.getNano() == 0) ? MINUTE : SECOND).format(instant);
	}

	/**
	 * A time range as a filter gives it: {@code since 2026-11-20}, {@code until …},
	 * {@code 2026-11-20 to 2026-11-21}; {@code null} when neither end is given.
	 */
	public static String period(Instant after, Instant before) {
		if (after != null && before != null) {
			return when(after) + " to " + when(before);
		}
		if (after != null) {
			return "since " + when(after);
		}
		return (before != null) ? "until " + when(before) : null;
	}

	/** A count and what it counts: {@code 1 node}, {@code 12 nodes}. */
	public static String count(int count, String noun) {
		return count + " " + noun + ((count == 1) ? "" : "s");
	}

	/** Words joined as a sentence: {@code A}, {@code A and B}, {@code A, B and C}. */
	public static String and(List<String> words) {
		if (words.size() <= 1) {
			return String.join("", words);
		}
		return String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
	}

}
