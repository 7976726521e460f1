package dev.runboard.testing;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every local AWS endpoint of the tests does as a JUnit extension, registered as a
 * static {@code @RegisterExtension} field: it forgets what it recorded and any fault it
 * was told to inject before each test. The JVM's own endpoint (a {@code local} one) runs
 * as long as the JVM; one of a class's own stops after the class's last test, not after
 * each of its nested classes, which share it.
 */
abstract class LocalEndpoint implements AutoCloseable, BeforeEachCallback, AfterAllCallback {

	private final boolean local;

	LocalEndpoint(boolean local) {
		this.local = local;
	}

	/** Forgets the requests and injected faults, and serves the class's backend. */
	public abstract void reset();

	/** Stops the server. */
	abstract void stop();

	/**
	 * Stops an endpoint of the caller's own; the JVM's runs as long as the JVM, and is
	 * given back as it was before the class registered it.
	 */
	@Override
	public final void close() {
		if (!this.local) {
			stop();
		}
		else {
			release();
		}
	}

	/**
	 * Gives the JVM's endpoint back after a class's last test, so that a class that
	 * registers none never sees what the class before it served.
	 */
	void release() {
	}

	@Override
	public final void beforeEach(ExtensionContext context) {
		reset();
	}

	@Override
	public final void afterAll(ExtensionContext context) {
		if (!context.getRequiredTestClass().isAnnotationPresent(Nested.class)) {
			close();
		}
	}

}
