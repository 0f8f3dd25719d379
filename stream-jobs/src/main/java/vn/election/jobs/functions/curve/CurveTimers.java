package vn.election.jobs.functions.curve;

import vn.election.jobs.functions.history.HistoryConfig;
import vn.election.jobs.records.HistoryPoint;

/**
 * Where buckets of event time meet timers: bucket {@code k} holds the readings observed in ({@code k × width},
 * {@code (k + 1) × width}] ({@link HistoryConfig#bucketOf}) and its point is labelled with its end, so the point at
 * 09:00 includes readings made at 09:00:00. It is closed by an event-time timer at its end, which fires once the
 * watermark reaches the end: a watermark W says no reading observed at or before W is still to come.
 */
public final class CurveTimers {

    /**
     * Late changes go out at most this often (aligned to multiples of it), so a burst of them is one amendment of
     * each point; the open point shows the latest figures meanwhile.
     */
    public static final long AMEND_MILLIS = 5000;

    /**
     * The levels above the shard amend sooner: their late changes come already coalesced by the shards (which all
     * flush at the same aligned instants), so a short wait gathers them, and an amendment crosses each level fast.
     */
    public static final long UPPER_AMEND_MILLIS = 200;

    private CurveTimers() {
    }

    /** The processing-time timer at which late changes seen at {@code now} go out, every {@code everyMillis}. */
    public static long amendAt(long now, long everyMillis) {
        return (now / everyMillis + 1) * everyMillis;
    }

    /**
     * The last bucket a watermark or timer at {@code timestamp} closes: the latest whose end is at or before it (any
     * later timestamp closes it too). No {@code + 1}, so {@code Long.MAX_VALUE}, the watermark at the end of a
     * bounded input, does not overflow.
     */
    public static long bucketEndingAt(long timestamp, HistoryConfig config) {
        return Math.floorDiv(timestamp, config.bucketMillis()) - 1;
    }

    /** A closed point as the history topic carries it: stamped with the bucket's end. */
    public static HistoryPoint point(String unitId, long bucket, long voted, long registered, long reporting, long per15,
                                     long perHour, int offsetSeconds, HistoryConfig config) {
        return new HistoryPoint(unitId, config.bucketEnd(bucket), offsetSeconds, voted, registered, reporting,
                per15, perHour);
    }
}
