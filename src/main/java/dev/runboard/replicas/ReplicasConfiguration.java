package dev.runboard.replicas;

import dev.runboard.history.SharedStore;
import dev.runboard.security.ActionsProperties;
import dev.runboard.security.OperatorAccess;
import dev.runboard.security.RunboardSecurityProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.util.StringUtils;

/**
 * What replicas share through the store, when sessions are kept there
 * ({@link SharedSessions}): a deployment of several replicas then shares who is signed in
 * (Spring Boot's Spring Session JDBC auto-configuration, let in by
 * {@link SharedSessionsFilter}) and the sign-in lockout's counts. With sessions in
 * memory, a replica stands alone and needs no store to sign anyone in, so the lockout
 * stays in memory too.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SharedSessions.InStore.class)
class ReplicasConfiguration {

	/**
	 * Replicas that share a store share their users and their actions: a confirmation of
	 * a rerun on the failed nodes shown by one must be accepted by the next, so the key
	 * that signs it must be the same on all of them, not one each made at start.
	 */
	@Bean
	static SmartInitializingSingleton confirmationKeyShared(ObjectProvider<ActionsProperties> actions,
			ObjectProvider<OperatorAccess> operators) {
		return () -> {
			OperatorAccess access = operators.getIfAvailable();
			ActionsProperties properties = actions.getIfAvailable();
			if (access != null && access.enabled() && properties != null
					&& !StringUtils.hasText(properties.confirmationKey())) {
				throw new IllegalStateException("Actions are on and sessions are shared through the store, as "
						+ "several replicas run them: set runboard.actions.confirmation-key "
						+ "(RUNBOARD_ACTIONS_CONFIRMATION_KEY) to the same secret on every replica, so that a "
						+ "confirmation shown by one is accepted by the others. Or keep one replica with "
						+ "runboard.sessions.shared=false.");
			}
		};
	}

	@Bean
	FilterRegistrationBean<SessionStoreFilter> sessionStoreFilter(SharedStore store) {
		FilterRegistrationBean<SessionStoreFilter> registration = new FilterRegistrationBean<>(
				new SessionStoreFilter(store));
		registration.setOrder(SessionStoreFilter.ORDER);
		return registration;
	}

	/**
	 * Two requests of one session at once (a double click that a load balancer sends to
	 * two replicas) may both add the same attribute, such as the flash map that carries
	 * an action's notice to the next page: Spring Session's plain insert then fails the
	 * second with a duplicate key. PostgreSQL's upsert lets the later write win instead.
	 */
	@Bean
	SessionRepositoryCustomizer<JdbcIndexedSessionRepository> concurrentAttributeWrites() {
		return (sessions) -> sessions.setCreateSessionAttributeQuery(
				"""
						INSERT INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
						VALUES (?, ?, ?)
						ON CONFLICT (SESSION_PRIMARY_ID, ATTRIBUTE_NAME) DO UPDATE SET ATTRIBUTE_BYTES = EXCLUDED.ATTRIBUTE_BYTES
						""");
	}

	/** The lockout every replica shares, in place of this replica's own. */
	@Bean
	@Primary
	StoreSignInLockout storeSignInLockout(JdbcClient jdbc, SharedStore store, RunboardSecurityProperties properties) {
		return new StoreSignInLockout(jdbc, store, properties);
	}

	@Bean
	StoreUserSessions storeUserSessions(JdbcIndexedSessionRepository sessions) {
		return new StoreUserSessions(sessions);
	}

	@Bean
	StoreCleanup storeCleanup(SharedStore store, JdbcIndexedSessionRepository sessions, StoreSignInLockout lockout) {
		return new StoreCleanup(store, sessions, lockout);
	}

}
