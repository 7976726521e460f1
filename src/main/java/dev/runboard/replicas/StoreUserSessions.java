package dev.runboard.replicas;

import dev.runboard.security.UserSessions;

import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * A user's sessions in the store, found by the name Spring Session indexes each session
 * under (its signed-in user) and deleted, so that every replica finds them gone.
 */
class StoreUserSessions implements UserSessions {

	private final JdbcIndexedSessionRepository sessions;

	StoreUserSessions(JdbcIndexedSessionRepository sessions) {
		this.sessions = sessions;
	}

	@Override
	public int endAll(String user) {
		var found = this.sessions.findByPrincipalName(user);
		found.keySet().forEach(this.sessions::deleteById);
		return found.size();
	}

}
