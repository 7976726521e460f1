package dev.runboard.invocations;

/**
 * Every row of a view, newest first, read on demand a page at a time, for an export that
 * writes them as they come: from SSM ({@link InvocationReader}) or from the history store
 * ({@link StoredInvocations#reader}). Not thread-safe: one export reads it.
 */
public interface RowReader {

	/**
	 * The next row, or {@code null} when there is none: at the end, when a read was not
	 * allowed ({@link #refused()}), or when one failed ({@link #failure()}).
	 */
	SourcedInvocation next();

	/** How many pages it asked for: calls to SSM, or queries to the store. */
	int calls();

	/** Whether it stopped because a read was not allowed. */
	boolean refused();

	/** Why a page could not be read, if one could not: reading stopped there. */
	RuntimeException failure();

	/** What it reads, as a sentence names it: {@code SSM}, {@code the history store}. */
	String reads();

	/** Whether it reads the history store rather than SSM. */
	boolean store();

}
