package vn.election.jobs.functions.history;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the turnout history.
 *
 * @param bucketWidth width of one history bucket of event time (default 5 minutes); must divide 15
 *                    minutes exactly, so the 15-minute and hourly rates fall on bucket ends. A bucket ends
 *                    inclusively ({@link #bucketOf}): the point at 09:00 includes readings made at 09:00:00
 * @param maxGapFill  how many quiet buckets after a unit's last update are filled with its last
 *                    figures (default 12, one hour); beyond that the curve jumps, so a gap of days
 *                    (areas that vote days early) costs at most this many points
 * @param pollingAreas whether the leaves of the registry get a curve too (default no): at national scale
 *                    they would be most of the points, and neither the dashboard nor the bundled rules
 *                    read them; a turnout rule scoped to the leaf level needs them on
 * @param amendWindow how far back a late reading amends closed points (default 3 hours): the curves keep each
 *                    unit's figures this far back (plus an hour, for the hourly rate); a change observed earlier
 *                    than that counts from the window's first bucket
 */
public record HistoryConfig(Duration bucketWidth, int maxGapFill, boolean pollingAreas, Duration amendWindow)
        implements Serializable {

    private static final Duration QUARTER = Duration.ofMinutes(15);
    public static final Duration DEFAULT_AMEND_WINDOW = Duration.ofHours(3);

    public HistoryConfig {
        if (bucketWidth == null || bucketWidth.compareTo(Duration.ofMinutes(1)) < 0 || bucketWidth.compareTo(QUARTER) > 0
                || QUARTER.toMillis() % bucketWidth.toMillis() != 0) {
            throw new IllegalArgumentException("history: bucket-width must be between 1 and 15 minutes and divide"
                    + " 15 minutes exactly (1m, 3m, 5m, 15m ...), got " + bucketWidth);
        }
        if (maxGapFill < 0) {
            throw new IllegalArgumentException("history: max-gap-fill must be 0 or more buckets, got " + maxGapFill);
        }
        if (amendWindow == null || amendWindow.compareTo(bucketWidth) < 0 || amendWindow.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("history: amend-window must be between one bucket (" + bucketWidth
                    + ") and 24 hours, got " + amendWindow);
        }
    }

    /** Settings without the leaves' curves. */
    public HistoryConfig(Duration bucketWidth, int maxGapFill) {
        this(bucketWidth, maxGapFill, false, DEFAULT_AMEND_WINDOW);
    }

    public static HistoryConfig defaults() {
        return new HistoryConfig(Duration.ofMinutes(5), 12, false, DEFAULT_AMEND_WINDOW);
    }

    /** These settings with the leaves' curves on or off. */
    public HistoryConfig withPollingAreas(boolean on) {
        return new HistoryConfig(bucketWidth, maxGapFill, on, amendWindow);
    }

    /** These settings with another amend window. */
    public HistoryConfig withAmendWindow(Duration window) {
        return new HistoryConfig(bucketWidth, maxGapFill, pollingAreas, window);
    }

    /** Closed buckets a late reading amends. */
    public int amendBuckets() {
        return (int) (amendWindow.toMillis() / bucketMillis());
    }

    public long bucketMillis() {
        return bucketWidth.toMillis();
    }

    /**
     * The bucket a time observed at {@code observedMillis} counts in: bucket {@code k} holds the times in
     * ({@code k × width}, {@code (k + 1) × width}], so a reading made exactly at a bucket's end counts in the point
     * labelled with that end (areas report on the hour: the point at 09:00 includes readings made at 09:00:00).
     * Floor division of {@code t - 1}, written so that it neither overflows at {@code Long.MIN_VALUE} nor rounds
     * towards zero before the epoch.
     */
    public long bucketOf(long observedMillis) {
        long width = bucketMillis();
        return Math.floorDiv(observedMillis, width) - (Math.floorMod(observedMillis, width) == 0 ? 1 : 0);
    }

    /** The end of bucket {@code bucket}, epoch millis, inclusive: the time its point is labelled with. */
    public long bucketEnd(long bucket) {
        return (bucket + 1) * bucketMillis();
    }

    /** Buckets in 15 minutes (3 by default). */
    public int bucketsPer15Min() {
        return (int) (QUARTER.toMillis() / bucketMillis());
    }

    /** Buckets in an hour (12 by default): also the length of the ring of past figures. */
    public int bucketsPerHour() {
        return 4 * bucketsPer15Min();
    }
}
