package dev.runboard.commands.actions;

import dev.runboard.aws.Sources;
import dev.runboard.commands.actions.ActionForms.Cancel;
import dev.runboard.commands.actions.ActionForms.FailedStatuses;
import dev.runboard.commands.actions.ActionForms.Operator;
import dev.runboard.commands.actions.ActionForms.Rerun;
import dev.runboard.security.ActionsProperties;
import dev.runboard.security.OperatorAccess;
import dev.runboard.security.ServedPaths;
import dev.runboard.web.RequestBinder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the action handlers bind who acts and what their forms say, the ledger that tells a
 * repeated action from a new one, and the key that signs confirmations.
 */
@Configuration(proxyBeanMethods = false)
class ActionsConfiguration {

	/** The confirmation of a rerun on the failed nodes, and a command's reruns. */
	@Bean
	ServedPaths actionsPaths() {
		return ServedPaths.fragments(ActionsController.FAILED_NODES, ActionsController.RERUNS);
	}

	/**
	 * This replica's memory, unless a ledger shared by every replica (in the store) is
	 * configured.
	 */
	@Bean
	@ConditionalOnMissingBean(ActionLedger.class)
	ActionLedger actionLedger(ActionsProperties properties) {
		return new InMemoryActionLedger(properties.duplicateWindow());
	}

	@Bean
	Confirmations confirmations(ActionsProperties properties, OperatorAccess access) {
		return new Confirmations(properties, access.enabled());
	}

	@Bean
	RequestBinder<Operator> operatorBinder(OperatorAccess access, Sources sources) {
		return Operator.binder(access, sources);
	}

	@Bean
	RequestBinder<Cancel> cancelFormBinder() {
		return Cancel.binder();
	}

	@Bean
	RequestBinder<Rerun> rerunFormBinder() {
		return Rerun.binder();
	}

	@Bean
	RequestBinder<FailedStatuses> failedStatusesBinder() {
		return FailedStatuses.binder();
	}

}
