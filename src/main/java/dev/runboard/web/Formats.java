package dev.runboard.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/**
 * How pages write times, ages, durations and shell words. Templates reach this as
 * {@code @formats}.
 */
@Component("formats")
public class Formats {

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final Clock clock;

	Formats(Clock clock) {
		this.clock = clock;
	}

	public String utc(Instant instant) {
		return (instant != null) ? UTC.format(instant) : "";
	}

	/**
	 * How long ago, in the largest unit that fits: "just now", "5 min ago", "3 d ago".
	 */
	public String age(Instant instant) {
		if (instant == null) {
			return "";
		}
		Duration age = Duration.between(instant, this.clock.instant());
		if (age.isNegative() || age.toSeconds() < 45) {
			return "just now";
		}
		if (age.toMinutes() < 60) {
			return Math.max(1, age.toMinutes()) + " min ago";
		}
		if (age.toHours() < 48) {
			return age.toHours() + " h ago";
		}
		return age.toDays() + " d ago";
	}

	/**
	 * A word for a POSIX shell: unchanged when it is plainly safe, single-quoted
	 * otherwise, so a copied command never runs what a plugin name smuggled in.
	 */
	public String shellQuote(String word) {
		if (word != null && word.matches("[A-Za-z0-9_.:/=@+-]+")) {
			return word;
		}
		return "'" + String.valueOf(word).replace("'", "'\\''") + "'";
	}

	/** A duration as a person reads it: "850 ms", "42 s", "3 min 5 s". */
	public String duration(Duration duration) {
		if (duration == null) {
			return "";
		}
		if (duration.toMillis() < 1000) {
			return duration.toMillis() + " ms";
		}
		if (duration.toSeconds() < 60) {
			return duration.toSeconds() + " s";
		}
		return duration.toMinutes() + " min " + duration.toSecondsPart() + " s";
	}

}
