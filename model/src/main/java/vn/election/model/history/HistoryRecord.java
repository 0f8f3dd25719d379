package vn.election.model.history;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Objects;
import vn.election.model.unit.UnitSnapshot;

/**
 * One point of a unit's turnout curve as consumers read it from {@code turnout.history}: the unit's
 * cumulative figures as of the end of one event-time bucket (5 minutes by default), with the votes
 * counted over the last 15 minutes and the last hour.
 *
 * @param bucketEnd the end of the bucket, in the offset the unit's latest reading was reported with;
 *                  the figures count every reading observed at or before it (the point at 09:00 includes
 *                  readings made at 09:00:00)
 * @param reporting polling areas below the unit that had sent a reading
 * @param votedPer15Min voted now minus voted 15 minutes earlier, or {@code null} while the unit has
 *                      less than 15 minutes of history
 * @param votedPerHour voted now minus voted an hour earlier, or {@code null} while the unit has less
 *                     than an hour of history
 * @param open whether the bucket is still open (the figures so far, rates unknown): a closed point of the same
 *             bucket supersedes an open one, never the other way round
 */
public record HistoryRecord(String unitId, OffsetDateTime bucketEnd, long voted, long registered, long reporting,
                            Long votedPer15Min, Long votedPerHour, boolean open) {

    public HistoryRecord {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(bucketEnd, "bucketEnd");
    }

    /** A closed point. */
    public HistoryRecord(String unitId, OffsetDateTime bucketEnd, long voted, long registered, long reporting,
                         Long votedPer15Min, Long votedPerHour) {
        this(unitId, bucketEnd, voted, registered, reporting, votedPer15Min, votedPerHour, false);
    }

    /** 100 × voted / registered, rounded half-up to 2 decimals; null while the list is empty. */
    public BigDecimal turnoutPct() {
        return UnitSnapshot.turnoutPct(voted, registered);
    }
}
