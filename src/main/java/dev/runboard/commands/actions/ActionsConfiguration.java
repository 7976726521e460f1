package dev.runboard.commands.actions;

import dev.runboard.commands.actions.ActionForms.Cancel;
import dev.runboard.commands.actions.ActionForms.Operator;
import dev.runboard.commands.actions.ActionForms.Rerun;
import dev.runboard.security.ServedPaths;
import dev.runboard.security.OperatorAccess;
import dev.runboard.web.RequestBinder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the action handlers bind who acts and what their forms say.
 */
@Configuration(proxyBeanMethods = false)
class ActionsConfiguration {

	/** The confirmation of a rerun on the failed nodes. */
	@Bean
	ServedPaths actionsPaths() {
		return ServedPaths.fragments(ActionsController.FAILED_NODES);
	}

	@Bean
	RequestBinder<Operator> operatorBinder(OperatorAccess access) {
		return Operator.binder(access);
	}

	@Bean
	RequestBinder<Cancel> cancelFormBinder() {
		return Cancel.binder();
	}

	@Bean
	RequestBinder<Rerun> rerunFormBinder() {
		return Rerun.binder();
	}

}
