package dev.runboard.history;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Work that one replica does at a time: a row per piece of work in {@code lease}, taken
 * and renewed by one atomic statement against the database's clock, so replicas' clocks
 * need not agree. Unlike a session-level advisory lock, a lease survives the connection
 * pool retiring the connection that took it, and lapses by itself when its holder dies.
 */
public class Leases {

	private final JdbcClient jdbc;

	private final String holder;

	/**
	 * @param holder this replica, as leases name it: unique per process
	 */
	Leases(JdbcClient jdbc, String holder) {
		this.jdbc = jdbc;
		this.holder = holder;
	}

	public String holder() {
		return this.holder;
	}

	/**
	 * Takes the lease, or renews it when this replica holds it already.
	 * @return whether this replica holds it for {@code ttl} from now
	 */
	public boolean hold(String name, Duration ttl) {
		return !this.jdbc
			.sql("INSERT INTO lease (name, holder, expires_at) VALUES (:name, :holder, now() + :ttl * interval '1 ms') "
					+ "ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at "
					+ "WHERE lease.holder = EXCLUDED.holder OR lease.expires_at <= now() RETURNING holder")
			.param("name", name)
			.param("holder", this.holder)
			.param("ttl", ttl.toMillis())
			.query(String.class)
			.list()
			.isEmpty();
	}

	/**
	 * Takes the lease only when nobody holds it, this replica included: for work done
	 * once per {@code period} by whichever replica comes first.
	 */
	boolean claim(String name, Duration period) {
		return !this.jdbc
			.sql("INSERT INTO lease (name, holder, expires_at) VALUES (:name, :holder, now() + :ttl * interval '1 ms') "
					+ "ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at "
					+ "WHERE lease.expires_at <= now() RETURNING holder")
			.param("name", name)
			.param("holder", this.holder)
			.param("ttl", period.toMillis())
			.query(String.class)
			.list()
			.isEmpty();
	}

	/** Lets the lease go, so another replica can take it at once. */
	public void release(String name) {
		this.jdbc.sql("DELETE FROM lease WHERE name = ? AND holder = ?").params(name, this.holder).update();
	}

}
