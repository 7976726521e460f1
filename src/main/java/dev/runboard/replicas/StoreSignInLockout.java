package dev.runboard.replicas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import dev.runboard.aws.Printable;
import dev.runboard.history.SharedStore;
import dev.runboard.security.RunboardSecurityProperties;
import dev.runboard.security.SignInLockout;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.LockedException;

/**
 * The sign-in lockout in the store, one count per user name shared by every replica, so
 * that a guesser spreading guesses over {@code n} replicas gets {@code max-failures}
 * password checks, not {@code n} times as many. Each step is one atomic statement on the
 * name's row in {@code sign_in_lockout}, timed by the database's clock so replicas'
 * clocks need not agree: a check is reserved only while the window has one left
 * (PostgreSQL's row lock on the conflicting row orders concurrent reservations), a failed
 * check counts against the window it was reserved in, and a name whose window ran out of
 * checks is locked for {@code duration}. Unlike the in-memory lockout's sliding window,
 * the window here starts with its first check and lasts {@code window}.
 */
class StoreSignInLockout implements SignInLockout {

	private static final Log logger = LogFactory.getLog(StoreSignInLockout.class);

	/**
	 * Longer user names are kept as a digest: a name is whatever someone typed, and a key
	 * has to fit an index.
	 */
	private static final int LONGEST_NAME = 200;

	private final JdbcClient jdbc;

	private final SharedStore store;

	private final RunboardSecurityProperties.Lockout lockout;

	StoreSignInLockout(JdbcClient jdbc, SharedStore store, RunboardSecurityProperties properties) {
		this.jdbc = jdbc;
		this.store = store;
		this.lockout = properties.lockout();
	}

	@Override
	public Check reserve(String username) {
		this.store.ensureReady();
		String name = key(username);
		Optional<OffsetDateTime> window = this.jdbc.sql("""
				INSERT INTO sign_in_lockout AS l (name, window_start, checks) VALUES (:name, now(), 1)
				ON CONFLICT (name) DO UPDATE SET
					window_start = CASE WHEN l.window_start <= now() - :window * interval '1 ms' THEN now()
						ELSE l.window_start END,
					checks = CASE WHEN l.window_start <= now() - :window * interval '1 ms' THEN 1
						ELSE l.checks + 1 END,
					failures = CASE WHEN l.window_start <= now() - :window * interval '1 ms' THEN 0
						ELSE l.failures END
				WHERE (l.locked_until IS NULL OR l.locked_until <= now())
					AND (l.window_start <= now() - :window * interval '1 ms' OR l.checks < :max)
				RETURNING l.window_start""")
			.param("name", name)
			.param("window", this.lockout.window().toMillis())
			.param("max", this.lockout.maxFailures())
			.query(OffsetDateTime.class)
			.optional();
		if (window.isEmpty()) {
			if (lock(name)) {
				warn(username, this.lockout.maxFailures() + " sign-in attempts at once");
			}
			throw locked();
		}
		return new StoreCheck(name, username, window.get());
	}

	/**
	 * Locks the name unless it is locked already; the failures of its window are what the
	 * lock stands for, and are forgotten.
	 * @return whether this call locked it
	 */
	private boolean lock(String name) {
		return this.jdbc.sql("""
				UPDATE sign_in_lockout SET locked_until = now() + :duration * interval '1 ms',
					checks = greatest(checks - failures, 0), failures = 0
				WHERE name = :name AND (locked_until IS NULL OR locked_until <= now())""")
			.param("name", name)
			.param("duration", this.lockout.duration().toMillis())
			.update() == 1;
	}

	/** Expired windows and locks: rows that say nothing any more. */
	int forgetExpired() {
		return this.jdbc.sql("""
				DELETE FROM sign_in_lockout
				WHERE window_start <= now() - :window * interval '1 ms'
					AND (locked_until IS NULL OR locked_until <= now())""")
			.param("window", this.lockout.window().toMillis())
			.update();
	}

	private void warn(String username, String why) {
		logger.warn("Sign-in locked for user name '" + Printable.of(username) + "' for " + this.lockout.duration()
				+ " after " + why + " within " + this.lockout.window() + " (counted in the store, for every replica)");
	}

	static String key(String username) {
		String name = String.valueOf(username).toLowerCase(Locale.ROOT);
		if (name.length() <= LONGEST_NAME) {
			return name;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
			return "sha-256:" + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static LockedException locked() {
		return new LockedException("Too many failed sign-ins for this user name");
	}

	/** A check reserved in one window of one name. */
	private final class StoreCheck implements Check {

		private final String name;

		private final String username;

		private final OffsetDateTime window;

		StoreCheck(String name, String username, OffsetDateTime window) {
			this.name = name;
			this.username = username;
			this.window = window;
		}

		@Override
		public void failed() {
			Integer failures = StoreSignInLockout.this.jdbc.sql("""
					UPDATE sign_in_lockout SET failures = failures + 1
					WHERE name = :name AND window_start = :window
						AND (locked_until IS NULL OR locked_until <= now())
					RETURNING failures""")
				.param("name", this.name)
				.param("window", this.window)
				.query(Integer.class)
				.optional()
				.orElse(null);
			// null: locked meanwhile (the lock stands for it), or a window that ended
			// while the password was checked (it no longer counts).
			if (failures != null && failures >= StoreSignInLockout.this.lockout.maxFailures()) {
				if (lock(this.name)) {
					warn(this.username, failures + " failed attempts");
				}
			}
		}

		@Override
		public void succeeded() {
			boolean locked = StoreSignInLockout.this.jdbc.sql("""
					UPDATE sign_in_lockout SET checks = CASE WHEN window_start = :window
						THEN greatest(checks - 1, 0) ELSE checks END
					WHERE name = :name
					RETURNING coalesce(locked_until > now(), false)""")
				.param("name", this.name)
				.param("window", this.window)
				.query(Boolean.class)
				.optional()
				.orElse(false);
			if (locked) {
				throw locked();
			}
		}

		@Override
		public void released() {
			StoreSignInLockout.this.jdbc.sql("""
					UPDATE sign_in_lockout SET checks = greatest(checks - 1, 0)
					WHERE name = :name AND window_start = :window""")
				.param("name", this.name)
				.param("window", this.window)
				.update();
		}

	}

}
