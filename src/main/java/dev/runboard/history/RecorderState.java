package dev.runboard.history;

import java.time.Instant;

/**
 * Where the recorder of one source stands.
 *
 * @param startedAt its first run
 * @param recordedUntil every command requested before this had been listed, or
 * {@code null} before the first poll completed
 * @param backfillFloor how far back the first run reads
 * @param backfillNext the first run's walk back: commands requested at or before this are
 * still to be read; {@code null} once done
 */
record RecorderState(Instant startedAt, Instant recordedUntil, Instant backfillFloor, Instant backfillNext) {

	RecorderState withRecordedUntil(Instant until) {
		return new RecorderState(this.startedAt, until, this.backfillFloor, this.backfillNext);
	}

	RecorderState withBackfillNext(Instant next) {
		return new RecorderState(this.startedAt, this.recordedUntil, this.backfillFloor, next);
	}

}
