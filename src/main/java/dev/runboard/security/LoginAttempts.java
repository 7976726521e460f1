package dev.runboard.security;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.runboard.aws.Printable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.authentication.LockedException;
import org.springframework.stereotype.Component;

/**
 * Limits how often the password of one user name is checked, so a password cannot be
 * guessed at speed: at most {@code max-failures} checks per name within the window,
 * however many sign-ins arrive at once. A check is reserved before the password is
 * compared, and counts unless it succeeds; when the name runs out of checks it is locked
 * for the lock's duration, and a right password whose check was under way by then is
 * refused too. Unknown names are counted like known ones, so the lock does not reveal
 * which names exist.
 */
@Component
class LoginAttempts {

	private static final Log logger = LogFactory.getLog(LoginAttempts.class);

	/** Bounds memory if someone sprays random user names. */
	private static final int MAX_TRACKED_NAMES = 10_000;

	private final RunboardSecurityProperties.Lockout lockout;

	private final Clock clock;

	/**
	 * Bounded, and evicting one name at a time by how often it is used, so spraying
	 * random names cannot wipe the count of the name under attack.
	 */
	private final Map<String, Name> names = Caffeine.newBuilder()
		.maximumSize(MAX_TRACKED_NAMES)
		.<String, Name>build()
		.asMap();

	LoginAttempts(RunboardSecurityProperties properties, Clock clock) {
		this.lockout = properties.lockout();
		this.clock = clock;
	}

	/**
	 * Reserves one password check for this user name. Call {@link #failed} or
	 * {@link #succeeded} once the password has been checked, {@link #released} if it
	 * could not be.
	 * @throws LockedException when the name is locked, or when the window has no check
	 * left: then the name is locked from now on
	 */
	Attempt reserve(String username) {
		String key = String.valueOf(username).toLowerCase(Locale.ROOT);
		Name name = this.names.computeIfAbsent(key, (ignored) -> new Name());
		Instant now = this.clock.instant();
		synchronized (name) {
			if (name.locked(now)) {
				throw locked();
			}
			name.checks.removeIf((check) -> check.at.isBefore(now.minus(this.lockout.window())));
			if (name.checks.size() >= this.lockout.maxFailures()) {
				lock(name, username, now, name.checks.size() + " sign-in attempts at once");
				throw locked();
			}
			Check check = new Check(now);
			name.checks.add(check);
			return new Attempt(name, check, username);
		}
	}

	/** The password was wrong (or the name unknown): the check stays counted. */
	void failed(Attempt attempt) {
		Name name = attempt.name;
		Instant now = this.clock.instant();
		synchronized (name) {
			if (!name.checks.contains(attempt.check)) {
				// It ran for longer than the window: it no longer counts.
				return;
			}
			attempt.check.failed = true;
			attempt.check.ended = true;
			long failures = name.checks.stream().filter((check) -> check.failed).count();
			if (failures >= this.lockout.maxFailures()) {
				lock(name, attempt.username, now, failures + " failed attempts");
			}
			name.burstOver();
		}
	}

	/**
	 * The password was right: its own check is given back once no other check of the name
	 * is under way, unless the name was locked while the password was checked. The
	 * failures of other sign-ins stay counted: a right password among a burst of wrong
	 * ones must not wipe their count, nor free a check for the burst while it lasts.
	 * @throws LockedException when it was
	 */
	void succeeded(Attempt attempt) {
		Name name = attempt.name;
		synchronized (name) {
			attempt.check.ended = true;
			boolean locked = name.locked(this.clock.instant());
			name.burstOver();
			if (locked) {
				throw locked();
			}
		}
	}

	/** The password could not be checked at all: the check is given back. */
	void released(Attempt attempt) {
		synchronized (attempt.name) {
			attempt.name.checks.remove(attempt.check);
			attempt.name.burstOver();
		}
	}

	private void lock(Name name, String username, Instant now, String why) {
		name.lockedUntil = now.plus(this.lockout.duration());
		// The lock stands for these; checks still running are refused when they end.
		name.checks.removeIf((check) -> check.failed);
		logger.warn("Sign-in locked for user name '" + Printable.of(username) + "' for " + this.lockout.duration()
				+ " after " + why + " within " + this.lockout.window());
	}

	private static LockedException locked() {
		return new LockedException("Too many failed sign-ins for this user name");
	}

	/** A password check reserved for one user name. */
	static final class Attempt {

		private final Name name;

		private final Check check;

		private final String username;

		private Attempt(Name name, Check check, String username) {
			this.name = name;
			this.check = check;
			this.username = username;
		}

	}

	/** What is known of one user name; guarded by itself. */
	private static final class Name {

		/** Checks within the window: under way, or failed. */
		private final List<Check> checks = new ArrayList<>();

		private Instant lockedUntil;

		/**
		 * Gives back the checks of right passwords once none is under way: until then
		 * they hold their place, so a burst gets no more checks than the window allows.
		 */
		void burstOver() {
			if (this.checks.stream().allMatch((check) -> check.ended)) {
				this.checks.removeIf((check) -> !check.failed);
			}
		}

		boolean locked(Instant now) {
			if (this.lockedUntil != null && !now.isBefore(this.lockedUntil)) {
				this.lockedUntil = null;
			}
			return this.lockedUntil != null;
		}

	}

	private static final class Check {

		private final Instant at;

		private boolean failed;

		/** Whether its password has been checked, rightly or not. */
		private boolean ended;

		Check(Instant at) {
			this.at = at;
		}

	}

}
