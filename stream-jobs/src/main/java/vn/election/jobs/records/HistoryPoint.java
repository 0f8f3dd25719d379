package vn.election.jobs.records;

import java.time.Instant;
import java.time.ZoneOffset;
import vn.election.model.history.HistoryRecord;

/**
 * One point of a unit's turnout curve, as the history function emits it: the unit's cumulative
 * figures as of the end of one event-time bucket, and the votes counted over the last 15 minutes and
 * the last hour. Primitives and a String only, so Flink handles it as a POJO.
 *
 * @param bucketEndMillis end of the bucket (epoch millis, inclusive): the figures count every reading observed
 *                        at or before it (the point at 09:00 includes readings made at 09:00:00)
 * @param offsetSeconds UTC offset of the unit's latest reading, for showing the time as reported
 * @param votedPer15Min voted minus voted 15 minutes earlier, or {@link #UNKNOWN} until there is that much history
 * @param votedPerHour voted minus voted an hour earlier, or {@link #UNKNOWN} until there is that much history
 * @param open whether the bucket is still open: the figures so far, for the curve's last point to show the
 *             latest figures; the closed point of the same bucket supersedes it, and detectors see only closed ones
 */
public record HistoryPoint(String unitId, long bucketEndMillis, int offsetSeconds, long voted, long registered,
                           long reporting, long votedPer15Min, long votedPerHour, boolean open) {

    /** A rate the unit does not have enough history for yet. */
    public static final long UNKNOWN = -1;

    /** A closed point. */
    public HistoryPoint(String unitId, long bucketEndMillis, int offsetSeconds, long voted, long registered,
                        long reporting, long votedPer15Min, long votedPerHour) {
        this(unitId, bucketEndMillis, offsetSeconds, voted, registered, reporting, votedPer15Min, votedPerHour, false);
    }

    /** The consumers' view of this point (docs/topics.md): the bucket end in the unit's offset, unknown rates as null. */
    public HistoryRecord toRecord() {
        return new HistoryRecord(unitId, Instant.ofEpochMilli(bucketEndMillis).atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds)),
                voted, registered, reporting, votedPer15Min == UNKNOWN ? null : votedPer15Min,
                votedPerHour == UNKNOWN ? null : votedPerHour, open);
    }
}
