package vn.election.jobs.functions.history;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.records.HistoryPoint;
import vn.election.jobs.records.UnitFigures;
import vn.election.jobs.records.UnitUpdate;

/**
 * A unit's turnout curve (keyed by unit id): takes the unit's absolute figures as they are emitted,
 * and emits one {@link HistoryPoint} per closed bucket of event time (5 minutes by default) with the
 * last figures observed at or before the bucket's end (the point at 09:00 includes readings made at 09:00:00),
 * plus votes over the last 15 minutes and hour.
 *
 * <p>The time of an update is its {@code latestObservedMillis}, the newest reading in the unit's
 * subtree. A bucket closes when an update of a later bucket arrives; quiet buckets in between repeat
 * the last figures (the counters are cumulative), up to {@link HistoryConfig#maxGapFill()} of them, so
 * areas that vote days early do not produce days of identical points. The last bucket of the day
 * stays open until a later update comes; the units topic always has the latest figures.
 *
 * <p>History is as of arrival: an update older than the open bucket changes the figures the open
 * bucket will close with, never a closed point. Updates are coalesced upstream (one per unit per
 * emit interval), so a point can miss readings observed up to about one interval before its end.
 *
 * <p>State is one value per unit of fixed size (a ring of one hour of closed buckets); no timers.
 */
public class TurnoutHistory extends KeyedProcessFunction<String, UnitUpdate, HistoryPoint> {

    private final HistoryConfig config;
    private transient ValueState<HistoryState> state;

    public TurnoutHistory(HistoryConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("history", HistoryState.class));
    }

    @Override
    public void processElement(UnitUpdate update, Context ctx, Collector<HistoryPoint> out) throws Exception {
        UnitFigures f = update.figures();
        if (!f.hasObservation()) {
            return;   // the list alone, nobody has reported: no time to place it at
        }
        long bucket = config.bucketOf(f.latestObservedMillis());   // the point at 09:00 holds 09:00:00
        HistoryState s = state.value();
        if (s == null) {
            state.update(new HistoryState(bucket, f.voted(), f.registered(), f.reporting(), f.latestOffsetSeconds(),
                    new long[config.bucketsPerHour()], 0));
            return;
        }
        long[] ring = s.closedVoted();
        int known = s.known();
        long open = s.bucket();
        if (bucket > open) {
            ring = ring.clone();
            long gap = bucket - open;                                 // buckets to close: open .. bucket - 1
            long lastEmitted = open + Math.min(gap - 1, config.maxGapFill());
            for (long b = open; b <= lastEmitted; b++) {
                out.collect(point(ctx.getCurrentKey(), b, s, ring, known));
                ring[slot(b, ring)] = s.voted();
                known = Math.min(ring.length, known + 1);
            }
            // Past the fill cap nothing is emitted; only the last hour of the gap matters for the rates.
            long quiet = bucket - 1 - lastEmitted;
            if (quiet > 0) {
                for (long b = Math.max(lastEmitted + 1, bucket - ring.length); b < bucket; b++) {
                    ring[slot(b, ring)] = s.voted();
                }
                known = (int) Math.min(ring.length, known + quiet);
            }
            open = bucket;
        }
        state.update(new HistoryState(open, f.voted(), f.registered(), f.reporting(), f.latestOffsetSeconds(), ring,
                known));
    }

    /** The point closing bucket {@code b} with the figures in {@code s}; the ring holds the {@code known} buckets before it. */
    private HistoryPoint point(String unitId, long b, HistoryState s, long[] ring, int known) {
        return new HistoryPoint(unitId, config.bucketEnd(b), s.offsetSeconds(), s.voted(), s.registered(),
                s.reporting(), rate(s.voted(), b, config.bucketsPer15Min(), ring, known),
                rate(s.voted(), b, config.bucketsPerHour(), ring, known));
    }

    /**
     * Voted now minus voted {@code back} buckets earlier. A correction that lowers the count shows as
     * 0, not as negative voting, so {@link HistoryPoint#UNKNOWN} stays unambiguous.
     */
    private static long rate(long voted, long b, int back, long[] ring, int known) {
        return known < back ? HistoryPoint.UNKNOWN : Math.max(0, voted - ring[slot(b - back, ring)]);
    }

    private static int slot(long bucket, long[] ring) {
        return (int) Math.floorMod(bucket, (long) ring.length);
    }
}
