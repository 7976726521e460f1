package dev.runboard.replicas;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where sessions live.
 *
 * @param shared whether sessions are kept in the store, so that every replica knows every
 * signed-in user; unset, they are when Runboard has a datasource
 * ({@code spring.datasource.url}), and otherwise stay in this replica's memory
 * ({@link SharedSessions})
 */
@ConfigurationProperties("runboard.sessions")
public record SessionsProperties(Boolean shared) {

}
