package vn.election.jobs.functions.shard;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.functions.CoalescingFiguresFunction;
import vn.election.jobs.functions.Corrections;
import vn.election.jobs.functions.detect.ShardDetectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;
import vn.election.jobs.io.UnitSnapshotBytes;
import vn.election.jobs.functions.curve.CurveBook;
import vn.election.jobs.functions.curve.CurveTimers;
import vn.election.jobs.functions.curve.OpenPoints;
import vn.election.jobs.functions.history.HistoryConfig;
import vn.election.jobs.records.CurveDelta;
import vn.election.jobs.records.EncodedSnapshot;
import vn.election.jobs.records.HistoryPoint;
import vn.election.jobs.records.ShardReading;
import vn.election.jobs.records.UnitDelta;
import vn.election.jobs.records.UnitFigures;
import vn.election.jobs.records.UnitUpdate;

/**
 * The sharded hot path's one keyed stage (keyed by shard): per reading, the latest {@code seq} of each source
 * of a polling area wins and the area is marked changed (one state look-up, array writes); on an aligned
 * processing-time tick, one timer per shard, the changed areas' deltas are added to their communes and
 * districts and the shard inside the operator, every changed unit's figures go to
 * {@link #AREA_UPDATES} and {@link CoalescingFiguresFunction#UPDATES} in the same tick, and one {@link UnitDelta} per shard goes to the
 * upper levels' stages. The station anomaly detectors run inline on each accepted reading; an accepted reading
 * that lowers its source's count or changes its area's list is put on record ({@link Corrections#TAG}).
 *
 * <p>Curves are exact in event time: each accepted change is added to its bucket of event time in the shard's
 * {@link CurveBook} (a reading at 09:00:00 in the bucket ending at 09:00, {@link HistoryConfig#bucketOf}); when the
 * watermark reaches a bucket's end (one event-time timer per shard and bucket, at the end) the
 * bucket's points go to {@link #CURVE_POINTS} and the shard's change in it to {@link #CURVE_DELTAS}, for the levels
 * above. Every few seconds the units changed since the last time send their figures so far as open points
 * ({@link #OPEN_POINTS}), so a curve's last point shows the latest figures (the units topic has them every tick), with
 * the closed points late changes amended.
 */
public class ShardTally extends KeyedProcessFunction<Integer, ShardReading, UnitDelta> {

    /**
     * Every changed unit's snapshot, encoded here from parts cached by array index (no look-up by id per
     * snapshot), for the units sink chained onto the stage.
     */
    public static final OutputTag<EncodedSnapshot> SNAPSHOTS =
            new OutputTag<>("unit-snapshots", TypeInformation.of(EncodedSnapshot.class));

    /**
     * The figures of the shard's communes, districts and itself go to {@link CoalescingFiguresFunction#UPDATES}
     * for the target check, at the levels it judges; the polling areas' go to this one, only when their curves are
     * asked for.
     */
    public static final OutputTag<UnitUpdate> AREA_UPDATES =
            new OutputTag<>("area-updates", TypeInformation.of(UnitUpdate.class));

    /** Closed and amended curve points of the shard's units: exact per bucket of event time. */
    public static final OutputTag<HistoryPoint> CURVE_POINTS =
            new OutputTag<>("shard-curve-points", TypeInformation.of(HistoryPoint.class));

    /** The figures so far of each changed unit's latest bucket, on every tick (the curve's open end). */
    public static final OutputTag<HistoryPoint> OPEN_POINTS =
            new OutputTag<>("shard-open-points", TypeInformation.of(HistoryPoint.class));

    /** The shard's change per closed bucket (and each late change), to its parent's curve stage. */
    public static final OutputTag<CurveDelta> CURVE_DELTAS =
            new OutputTag<>("shard-curve-deltas", TypeInformation.of(CurveDelta.class));

    /** A polling area has no levels below it. */
    private static final long[] NO_LEVELS = new long[0];

    private final RegistryRef registryRef;
    private final int minShards;
    private final int maxParallelism;
    private final long tickMillis;
    private final ShardDetectors detectors;
    private final boolean areaUpdates;
    private final HistoryConfig history;
    /** The depths whose units' figures go to {@link CoalescingFiguresFunction#UPDATES}; none, as a rule. */
    private final java.util.Set<Integer> updateDepths;
    private transient boolean[] updatesAt;
    private transient ShardPlan plan;
    private transient UnitSnapshotBytes snapshots;
    /** Cached parts of each shard's areas and inner units, by shard index then array index; filled on first use. */
    private transient UnitSnapshotBytes.Parts[][] areaParts;
    private transient UnitSnapshotBytes.Parts[][] unitParts;
    private transient ValueState<ShardState> state;

    /**
     * @param history the curves' buckets; with its polling areas on, the areas get curves and go to {@link #AREA_UPDATES}
     * @param updateDepths the depths of the inner units whose figures go to {@link CoalescingFiguresFunction#UPDATES}
     */
    public ShardTally(RegistryRef registryRef, int minShards, int maxParallelism, Duration tick, ShardDetectors detectors,
                      HistoryConfig history, java.util.Set<Integer> updateDepths) {
        this.updateDepths = java.util.Set.copyOf(updateDepths);
        this.areaUpdates = history.pollingAreas();
        this.history = history;
        this.registryRef = registryRef;
        this.minShards = minShards;
        this.maxParallelism = maxParallelism;
        this.tickMillis = tick.toMillis();
        this.detectors = detectors;
    }

    @Override
    public void open(OpenContext openContext) {
        plan = ShardPlan.of(registryRef, minShards, maxParallelism);
        updatesAt = new boolean[plan.depths()];
        for (int d : updateDepths) {
            if (d >= 0 && d < updatesAt.length) {
                updatesAt[d] = true;
            }
        }
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("shard", new ShardStateSerializer()));
        detectors.open();
        snapshots = UnitSnapshotBytes.of(registryRef);
        areaParts = new UnitSnapshotBytes.Parts[plan.shardCount()][];
        unitParts = new UnitSnapshotBytes.Parts[plan.shardCount()][];
    }

    private UnitSnapshotBytes.Parts[] parts(UnitSnapshotBytes.Parts[][] cache, ShardPlan.Shard shard, String[] ids) {
        UnitSnapshotBytes.Parts[] p = cache[shard.index];
        if (p == null) {
            p = new UnitSnapshotBytes.Parts[ids.length];
            for (int i = 0; i < ids.length; i++) {
                p[i] = snapshots.parts(ids[i]);
            }
            cache[shard.index] = p;
        }
        return p;
    }

    @Override
    public void processElement(ShardReading r, Context ctx, Collector<UnitDelta> out) throws Exception {
        ShardPlan.Shard shard = plan.byKey(ctx.getCurrentKey());
        ShardState s = state.value();
        if (s == null) {
            s = ShardState.fresh(shard, plan.depths(), detectors::fresh, history);
            state.update(s);
        }
        int a = r.area();
        int src = s.source(a, r.source());
        if (src >= 0 && r.seq() <= s.sourceSeq[src]) {
            return;   // repeated or stale: the latest seq of a source wins
        }
        long sourceBefore = -1;
        if (src < 0) {
            src = s.addSource(a, r.source());
        } else {
            sourceBefore = s.sourceVoted[src];
        }
        long areaBefore = s.voted[a];
        long observedBefore = s.latest[a];
        long registeredBefore = s.registered[a];
        s.sourceSeq[src] = r.seq();
        s.sourceVoted[src] = r.voted();
        s.voted[a] = areaBefore - Math.max(0, sourceBefore) + r.voted();
        if (r.voted() < sourceBefore) {
            ctx.output(Corrections.TAG, Corrections.lowered(shard.areaIds[a], r.source(), sourceBefore, r.voted(),
                    r.observedMillis(), r.offsetSeconds(), r.seq(), r.sentBy()));
        }
        // A list size observed before the one in force is older news: it changes nothing.
        if (r.registered() != ShardReading.NO_LIST && (s.listAsOf[a] == ShardState.NEVER || r.observedMillis() >= s.listAsOf[a])) {
            s.registered[a] = r.registered();
            s.listAsOf[a] = r.observedMillis();
            if (r.registered() != registeredBefore) {
                ctx.output(Corrections.TAG, Corrections.listChanged(shard.areaIds[a], r.source(), registeredBefore,
                        r.registered(), r.observedMillis(), r.offsetSeconds(), r.seq(), r.sentBy()));
            }
        }
        if (r.observedMillis() > s.latest[a]) {
            s.latest[a] = r.observedMillis();
            s.offset[a] = r.offsetSeconds();
        }
        s.reported[a] = true;
        s.markDirty(a);
        if (s.tickAt == 0) {
            // Aligned to the interval, so every shard's tick falls on the same instants and a commune's
            // figures leave in the tick its areas do.
            long now = ctx.timerService().currentProcessingTime();
            s.tickAt = (now / tickMillis + 1) * tickMillis;
            ctx.timerService().registerProcessingTimeTimer(s.tickAt);
        }
        long firstBefore = s.firstObserved[a];
        long bucket = history.bucketOf(r.observedMillis());
        long drep = 0;
        if (firstBefore == ShardState.NEVER || r.observedMillis() < firstBefore) {
            s.firstObserved[a] = r.observedMillis();
            if (firstBefore == ShardState.NEVER) {
                drep = 1;
            } else if (history.bucketOf(firstBefore) != bucket) {
                // Reporting since an earlier bucket than the reading that first arrived said: move the area's count.
                addToCurves(shard, s, a, history.bucketOf(firstBefore), 0, 0, -1, r.offsetSeconds(), ctx);
                drep = 1;
            }
        }
        addToCurves(shard, s, a, bucket, s.voted[a] - areaBefore, s.registered[a] - registeredBefore, drep,
                r.offsetSeconds(), ctx);
        detectors.onReading(shard, s, a, src, r, sourceBefore, areaBefore, registeredBefore, observedBefore, ctx);
    }

    /**
     * Adds an accepted reading's change to the bucket it was observed in, for the area's units up to the shard;
     * an area counts as reporting from the bucket of its earliest accepted reading; a change for a bucket already
     * closed amends it: the change goes to the parent's curve on the next tick, the amended points at the next
     * amendment timer.
     */
    private void addToCurves(ShardPlan.Shard shard, ShardState s, int a, long bucket, long dv, long dr, long drep,
                             int offset, Context ctx) {
        CurveBook book = s.curves;
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MIN_VALUE && CurveTimers.bucketEndingAt(watermark, history) > book.closedThrough()) {
            closeCurves(shard, s, watermark, ctx);   // a quiet shard's timers lag the watermark: catch up first
        }
        boolean open = true;
        for (int u = shard.areaParent[a]; u >= 0; u = shard.unitParent[u]) {
            open &= book.add(u, bucket, dv, dr, drep, offset);
        }
        if (areaUpdates) {
            book.add(shard.unitCount() + a, bucket, dv, dr, drep, offset);
        }
        if (!open) {
            ctx.timerService().registerProcessingTimeTimer(CurveTimers.amendAt(ctx.timerService().currentProcessingTime(),
                    CurveTimers.AMEND_MILLIS));
        } else if (bucket != s.curveTimerBucket) {
            s.curveTimerBucket = bucket;
            ctx.timerService().registerEventTimeTimer(history.bucketEnd(bucket));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<UnitDelta> out) throws Exception {
        ShardPlan.Shard shard = plan.byKey(ctx.getCurrentKey());
        ShardState s = state.value();
        if (s == null) {
            return;
        }
        if (ctx.timeDomain() == org.apache.flink.streaming.api.TimeDomain.EVENT_TIME) {
            detectors.onEventTime(shard, s, timestamp, ctx);
            closeCurves(shard, s, timestamp, ctx);
            return;
        }
        if (s.tickAt != 0 && timestamp >= s.tickAt) {
            s.tickAt = 0;
            flush(shard, s, timestamp, ctx, out);
            // Late changes go up at once (a record per bucket); the points they amend wait for the amendment timer.
            s.curves.flushLateChanges(up(shard, ctx));
        }
        if (timestamp % CurveTimers.AMEND_MILLIS == 0) {
            s.curves.flushAmendments(points(shard, ctx), up(shard, ctx));
            openPoints(shard, s, ctx);
        }
    }

    /** Closes the buckets the watermark has passed: their points, and the shard's change in each for its parent. */
    private void closeCurves(ShardPlan.Shard shard, ShardState s, long timestamp, Context ctx) {
        CurveBook book = s.curves;
        book.close(CurveTimers.bucketEndingAt(timestamp, history), points(shard, ctx), up(shard, ctx));
        long quiet = book.nextQuietBucket();
        if (quiet != CurveBook.NEVER) {
            ctx.timerService().registerEventTimeTimer(history.bucketEnd(quiet));
        }
    }

    /** The open point of every unit changed since the last ones: the figures so far at its latest bucket. */
    private void openPoints(ShardPlan.Shard shard, ShardState s, Context ctx) {
        int inner = shard.unitCount();
        for (int i = 0; i < s.openCount; i++) {
            int u = s.openUnits[i];
            s.isOpen[u] = false;
            if (u < inner) {
                if (s.unitLatest[u] != ShardState.NEVER) {
                    ctx.output(OPEN_POINTS, OpenPoints.of(shard.unitIds[u], s.unitVoted[u], s.unitRegistered[u],
                            s.unitReporting[u], s.unitLatest[u], s.unitOffset[u], history));
                }
            } else {
                int a = u - inner;
                if (s.latest[a] != ShardState.NEVER) {
                    ctx.output(OPEN_POINTS, OpenPoints.of(shard.areaIds[a], s.voted[a], s.registered[a],
                            s.reported[a] ? 1 : 0, s.latest[a], s.offset[a], history));
                }
            }
        }
        s.openCount = 0;
    }

    private static CurveBook.DeltaSink up(ShardPlan.Shard shard, Context ctx) {
        return (k, v, r, rep, off) -> {
            if (shard.parentId != null) {
                ctx.output(CURVE_DELTAS, new CurveDelta(shard.parentId, k, v, r, rep, off));
            }
        };
    }

    private CurveBook.PointSink points(ShardPlan.Shard shard, Context ctx) {
        int inner = shard.unitCount();
        return (u, k, v, r, rep, q, h, off) -> ctx.output(CURVE_POINTS, CurveTimers.point(
                u < inner ? shard.unitIds[u] : shard.areaIds[u - inner], k, v, r, rep, q, h, off, history));
    }

    /** Adds the changed areas into their units, emits every changed unit, and passes the shard's change up. */
    private void flush(ShardPlan.Shard shard, ShardState s, long now, OnTimerContext ctx, Collector<UnitDelta> out) {
        int depths = plan.depths();
        int leaf = depths - 1;
        s.version = Math.max(s.version + 1, now);
        UnitSnapshotBytes.Parts[] areas = parts(areaParts, shard, shard.areaIds);
        UnitSnapshotBytes.Parts[] units = parts(unitParts, shard, shard.unitIds);
        for (int i = 0; i < s.dirtyCount; i++) {
            int a = s.dirty[i];
            s.isDirty[a] = false;
            long dv = s.voted[a] - s.flushedVoted[a];
            long dr = s.registered[a] - s.flushedRegistered[a];
            long drep = (s.reported[a] ? 1 : 0) - (s.flushedReported[a] ? 1 : 0);
            long dc = (ShardState.complete(s.voted[a], s.registered[a]) ? 1 : 0)
                    - (ShardState.complete(s.flushedVoted[a], s.flushedRegistered[a]) ? 1 : 0);
            boolean later = s.latest[a] != s.flushedLatest[a];
            if (dv == 0 && dr == 0 && drep == 0 && !later) {
                continue;
            }
            for (int u = shard.areaParent[a]; u >= 0; u = shard.unitParent[u]) {
                s.unitVoted[u] += dv;
                s.unitRegistered[u] += dr;
                s.unitReporting[u] += drep;
                s.unitComplete[u * depths + leaf] += dc;
                if (s.latest[a] > s.unitLatest[u]) {
                    s.unitLatest[u] = s.latest[a];
                    s.unitOffset[u] = s.offset[a];
                }
                s.unitDirty[u] = true;
            }
            s.flushedVoted[a] = s.voted[a];
            s.flushedRegistered[a] = s.registered[a];
            s.flushedReported[a] = s.reported[a];
            s.flushedLatest[a] = s.latest[a];
            UnitSnapshotBytes.Parts p = areas[a];
            ctx.output(SNAPSHOTS, new EncodedSnapshot(p.key(), snapshots.encode(p, s.voted[a], s.registered[a], NO_LEVELS, 0,
                    s.reported[a] ? 1 : 0, s.latest[a], s.offset[a], s.version)));
            if (areaUpdates) {
                ctx.output(AREA_UPDATES, new UnitUpdate(shard.areaIds[a], new UnitFigures(s.voted[a], s.registered[a],
                        new long[depths], s.reported[a] ? 1 : 0, s.latest[a], s.offset[a], s.version)));
                s.markOpen(shard.unitCount() + a);
            }
        }
        s.dirtyCount = 0;
        // Inner units deepest first (they are stored parents first): a unit's own crossing of 100% is known
        // only once all its children's changes are in, and is then counted in its ancestors.
        for (int u = shard.unitCount() - 1; u >= 0; u--) {
            if (!s.unitDirty[u]) {
                continue;
            }
            boolean complete = ShardState.complete(s.unitVoted[u], s.unitRegistered[u]);
            if (complete != s.unitWasComplete[u]) {
                s.unitWasComplete[u] = complete;
                int depth = shard.unitDepth[u];
                for (int p = shard.unitParent[u]; p >= 0; p = shard.unitParent[p]) {
                    s.unitComplete[p * depths + depth] += complete ? 1 : -1;
                    s.unitDirty[p] = true;
                }
            }
        }
        for (int u = 0; u < shard.unitCount(); u++) {
            if (s.unitDirty[u]) {
                s.unitDirty[u] = false;
                UnitSnapshotBytes.Parts p = units[u];
                ctx.output(SNAPSHOTS, new EncodedSnapshot(p.key(), snapshots.encode(p, s.unitVoted[u], s.unitRegistered[u],
                        s.unitComplete, u * depths, s.unitReporting[u], s.unitLatest[u], s.unitOffset[u], s.version)));
                if (updatesAt[shard.unitDepth[u]]) {
                    long[] complete = new long[depths];
                    System.arraycopy(s.unitComplete, u * depths, complete, 0, depths);
                    ctx.output(CoalescingFiguresFunction.UPDATES, new UnitUpdate(shard.unitIds[u], new UnitFigures(
                            s.unitVoted[u], s.unitRegistered[u], complete, s.unitReporting[u], s.unitLatest[u],
                            s.unitOffset[u], s.version)));
                }
                s.markOpen(u);
            }
        }
        if (s.openCount > 0) {
            ctx.timerService().registerProcessingTimeTimer(CurveTimers.amendAt(now, CurveTimers.AMEND_MILLIS));
        }
        if (shard.parentId != null) {
            passUp(shard, s, depths, out);
        }
    }

    /** The shard's change since it last passed one up, as one delta to its parent's stage. */
    private static void passUp(ShardPlan.Shard shard, ShardState s, int depths, Collector<UnitDelta> out) {
        boolean complete = s.unitWasComplete[0];
        long[] dComplete = new long[depths];
        boolean any = false;
        for (int d = shard.unitDepth[0] + 1; d < depths; d++) {
            dComplete[d] = s.unitComplete[d] - s.upComplete[d];
            any |= dComplete[d] != 0;
            s.upComplete[d] = s.unitComplete[d];
        }
        dComplete[shard.unitDepth[0]] = (complete ? 1 : 0) - (s.upWasComplete ? 1 : 0);
        any |= complete != s.upWasComplete;
        UnitDelta delta = new UnitDelta(shard.parentId, s.unitVoted[0] - s.upVoted, s.unitRegistered[0] - s.upRegistered,
                dComplete, s.unitReporting[0] - s.upReporting, s.unitLatest[0], s.unitOffset[0]);
        any |= delta.voted() != 0 || delta.registered() != 0 || delta.reporting() != 0 || s.unitLatest[0] != s.upLatest;
        s.upVoted = s.unitVoted[0];
        s.upRegistered = s.unitRegistered[0];
        s.upReporting = s.unitReporting[0];
        s.upLatest = s.unitLatest[0];
        s.upWasComplete = complete;
        if (any) {
            out.collect(delta);
        }
    }
}
