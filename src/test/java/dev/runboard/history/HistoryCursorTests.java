package dev.runboard.history;

import java.time.Instant;

import dev.runboard.aws.InvalidQueryException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A cursor's digest has no key (it only tells views apart), so anyone signed in can make
 * one: what it names must still be a query the store can run.
 */
class HistoryCursorTests {

	private static final String VIEW = "status=Failed";

	private static final String COMMAND = "88e1b2f2-711c-2954-ebfe-7b2cfae281f8";

	@ParameterizedTest
	@ValueSource(longs = { -1, 100_000_000_000_000L, 253_402_300_800L })
	void aTimeTheStoreCannotHoldIsRefusedAsNoCursorRunboardIssued(long epochSecond) {
		String made = new HistoryCursor(Instant.ofEpochSecond(epochSecond), COMMAND, "i-0123456789abcdef0", (short) 1)
			.encode(VIEW);
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> HistoryCursor.decode(made, VIEW))
			.withMessageContaining("not a cursor Runboard issued");
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, 1_765_000_000L, 253_402_300_798L })
	void aTimeWithinTheStoresRangeIsRead(long epochSecond) {
		HistoryCursor cursor = new HistoryCursor(Instant.ofEpochSecond(epochSecond, 5), COMMAND, "i-0123456789abcdef0",
				(short) 1);
		assertThat(HistoryCursor.decode(cursor.encode(VIEW), VIEW)).isEqualTo(cursor);
	}

}
