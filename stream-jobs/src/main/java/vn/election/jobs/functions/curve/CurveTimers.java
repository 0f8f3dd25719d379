package vn.election.jobs.functions.curve;

import vn.election.jobs.functions.history.HistoryConfig;
import vn.election.jobs.records.HistoryPoint;

/**
 * Where buckets of event time meet timers: a bucket is closed by an event-time timer at the last millisecond
 * inside it, which fires once the watermark says nothing observed before the bucket's end is still to come.
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

    public static long bucketOf(long observedMillis, HistoryConfig config) {
        return Math.floorDiv(observedMillis, config.bucketMillis());
    }

    /** The timer that closes {@code bucket}. */
    public static long end(long bucket, HistoryConfig config) {
        return (bucket + 1) * config.bucketMillis() - 1;
    }

    /** The bucket whose closing timer fires at {@code timestamp} (any later timestamp closes it too). */
    public static long bucketEndingAt(long timestamp, HistoryConfig config) {
        return Math.floorDiv(timestamp + 1, config.bucketMillis()) - 1;
    }

    /** A closed point as the history topic carries it: stamped with the bucket's end. */
    public static HistoryPoint point(String unitId, long bucket, long voted, long registered, long reporting, long per15,
                                     long perHour, int offsetSeconds, HistoryConfig config) {
        return new HistoryPoint(unitId, (bucket + 1) * config.bucketMillis(), offsetSeconds, voted, registered, reporting,
                per15, perHour);
    }
}
