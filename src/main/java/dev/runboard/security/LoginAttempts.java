package dev.runboard.security;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.runboard.aws.Printable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per user name and locks a name that fails too often, so a
 * password cannot be guessed at speed. Unknown names are counted like known ones, so the
 * lock does not reveal which names exist.
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
	private final Map<String, Deque<Instant>> failures = Caffeine.newBuilder()
		.maximumSize(MAX_TRACKED_NAMES)
		.<String, Deque<Instant>>build()
		.asMap();

	private final Map<String, Instant> lockedUntil = Caffeine.newBuilder()
		.maximumSize(MAX_TRACKED_NAMES)
		.<String, Instant>build()
		.asMap();

	LoginAttempts(RunboardSecurityProperties properties, Clock clock) {
		this.lockout = properties.lockout();
		this.clock = clock;
	}

	boolean locked(String username) {
		Instant until = this.lockedUntil.get(key(username));
		if (until == null) {
			return false;
		}
		if (this.clock.instant().isAfter(until)) {
			this.lockedUntil.remove(key(username), until);
			return false;
		}
		return true;
	}

	@EventListener
	void failed(AuthenticationFailureBadCredentialsEvent event) {
		String username = event.getAuthentication().getName();
		Instant now = this.clock.instant();
		Deque<Instant> recent = this.failures.computeIfAbsent(key(username), (name) -> new ArrayDeque<>());
		int count;
		synchronized (recent) {
			recent.addLast(now);
			while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(this.lockout.window()))) {
				recent.removeFirst();
			}
			count = recent.size();
		}
		if (count >= this.lockout.maxFailures()) {
			this.lockedUntil.put(key(username), now.plus(this.lockout.duration()));
			this.failures.remove(key(username));
			logger.warn("Sign-in locked for user name '" + Printable.of(username) + "' for " + this.lockout.duration()
					+ " after " + count + " failed attempts within " + this.lockout.window());
		}
	}

	@EventListener
	void succeeded(AuthenticationSuccessEvent event) {
		this.failures.remove(key(event.getAuthentication().getName()));
	}

	private static String key(String username) {
		return String.valueOf(username).toLowerCase(Locale.ROOT);
	}

}
