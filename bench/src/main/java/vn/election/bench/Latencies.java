package vn.election.bench;

import org.HdrHistogram.Histogram;

/** Percentiles of one latency histogram (recorded in microseconds), in milliseconds. */
record Latencies(long count, double p50Ms, double p99Ms, double maxMs) {

    /** Highest value a histogram tracks: 1 hour in microseconds (a job far behind can take minutes). */
    static final long HIGHEST_MICROS = 3_600_000_000L;

    static Histogram histogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    static Latencies of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new Latencies(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Latencies(h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getMaxValue() / 1e3);
    }

    /** Records a nanosecond interval, clamped to the histogram's range (negative counts as 0). */
    static void record(Histogram h, long nanos) {
        h.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1_000)));
    }
}
