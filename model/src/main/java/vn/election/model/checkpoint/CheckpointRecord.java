package vn.election.model.checkpoint;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import vn.election.model.unit.UnitSnapshot;

/**
 * One unit's figures frozen at one checkpoint of the election day ({@code turnout.checkpoints}); the first record
 * of a key is the frozen one, later records of the same key are ignored by every reader.
 *
 * @param checkpoint the checkpoint as a local date-time of the dashboard's zone (to the minute)
 * @param at the same moment with its offset
 * @param frozenAt when the record was written (wall clock)
 * @param dataClock the data clock then (the latest observation time polling areas had reached)
 * @param areasReporting polling areas below the unit that had sent a reading by then
 * @param source where the figures came from: {@code history} (the unit's curve point), {@code snapshot} or {@code registry}
 * @param figuresTime the moment the figures describe (the curve point's bucket end); null when nothing was counted yet
 */
public record CheckpointRecord(String unitId, LocalDateTime checkpoint, OffsetDateTime at, Instant frozenAt,
                               OffsetDateTime dataClock, long registered, long voted, long areasReporting, long areasTotal,
                               List<LevelCount> completeByLevel, String source, OffsetDateTime figuresTime) {

    /** The key's time part: minutes, no seconds ({@code 2021-05-23T11:00}). */
    public static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm");

    /** Units of one lower level at 100% at the checkpoint. */
    public record LevelCount(String level, long complete, long total) {
    }

    public CheckpointRecord {
        Objects.requireNonNull(unitId, "unit_id");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(frozenAt, "frozen_at");
        Objects.requireNonNull(source, "source");
        completeByLevel = List.copyOf(completeByLevel);
    }

    /** {@code unit_id@YYYY-MM-DDTHH:mm}: one key per unit and checkpoint, so its records stay in order on one partition. */
    public String key() {
        return key(unitId, checkpoint);
    }

    public static String key(String unitId, LocalDateTime checkpoint) {
        return unitId + "@" + KEY_TIME.format(checkpoint);
    }

    /** Null while {@code registered} is 0, like every turnout of the system. */
    public BigDecimal turnoutPct() {
        return UnitSnapshot.turnoutPct(voted, registered);
    }
}
