package dev.runboard.history;

/**
 * Hears of each command the recorder sees settle after it turned final while recorded:
 * never of what the first run's backfill or the sandbox's past brings in (history is not
 * news). Called inside the transaction that writes the command, so what a listener writes
 * with the store's {@code JdbcClient} commits or rolls back with it: a crash loses
 * nothing and writes nothing twice. A listener that throws rolls the command back, and
 * the next poll records it again.
 */
@FunctionalInterface
public interface FinalCommandListener {

	void settled(FinalCommand command);

}
