package dev.runboard.commands.actions;

import java.time.Duration;

/** The ledger of a Runboard without a store keeps the contract. */
class InMemoryActionLedgerTests extends ActionLedgerContract {

	@Override
	protected ActionLedger ledger(Duration window) {
		return new InMemoryActionLedger(window);
	}

}
