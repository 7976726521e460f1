package dev.runboard.replicas;

import dev.runboard.history.SharedStore;
import dev.runboard.history.StoreUnavailableException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Readiness of the store that holds sessions: when sessions are in the store, a replica
 * that cannot reach it can sign nobody in and serve no page, so it is taken out of the
 * load balancer until the store answers. It belongs to the readiness group only: a
 * restart cures no database outage. With sessions in memory it is always up. Registered
 * as the {@code sessionStore} health contributor.
 */
@Component("sessionStore")
class SessionStoreHealth implements HealthIndicator {

	private final boolean inStore;

	private final ObjectProvider<SharedStore> store;

	SessionStoreHealth(Environment environment, ObjectProvider<SharedStore> store) {
		this.inStore = SharedSessions.inStore(environment);
		this.store = store;
	}

	@Override
	public Health health() {
		if (!this.inStore) {
			return Health.up().withDetail("sessions", "memory").build();
		}
		try {
			this.store.getObject().check();
			return Health.up().withDetail("sessions", "store").build();
		}
		catch (StoreUnavailableException ex) {
			return Health.down().withDetail("sessions", "store").withDetail("store", "unreachable").build();
		}
	}

}
