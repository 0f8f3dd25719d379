package vn.election.jobs.functions.curve;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.functions.history.HistoryConfig;
import vn.election.jobs.records.CurveDelta;
import vn.election.jobs.records.HistoryPoint;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * One level's exact curves above the shard (keyed by unit id): adds its children's per-bucket changes into a
 * one-unit {@link CurveBook}, closes a bucket when the watermark reaches its end (one event-time timer per unit
 * and bucket), emits the point to {@link #POINTS} and the unit's change in that bucket to its parent. The
 * children's changes for a bucket all arrive before the watermark that closes it: each child sends them from
 * its own timer for that bucket, before it forwards the watermark. Late changes amend the closed points, which go
 * out again at the next amendment timer (processing time, aligned to 200 ms), with the change passed up.
 */
public class CurveRollup extends KeyedProcessFunction<String, CurveDelta, CurveDelta> {

    /** Closed (and amended) curve points of this level. */
    public static final OutputTag<HistoryPoint> POINTS =
            new OutputTag<>("curve-points", TypeInformation.of(HistoryPoint.class));

    private final RegistryRef registryRef;
    private final HistoryConfig config;
    private transient Registry registry;
    private transient ValueState<CurveBook> state;

    public CurveRollup(RegistryRef registryRef, HistoryConfig config) {
        this.registryRef = registryRef;
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        registry = registryRef.load();
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("curve", new CurveBookSerializer()));
    }

    @Override
    public void processElement(CurveDelta d, Context ctx, Collector<CurveDelta> out) throws Exception {
        CurveBook book = state.value();
        if (book == null) {
            // An hour more than the shards keep: a shard's late change reaches this level a tick after it was
            // amended, and in a replay at full speed the watermark can move many buckets in that tick.
            book = CurveBook.fresh(new long[] {registry.registeredTotal(d.unitId())}, config.bucketsPerHour(),
                    config.maxGapFill(), config.amendBuckets() + config.bucketsPerHour());
        }
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MIN_VALUE && CurveTimers.bucketEndingAt(watermark, config) > book.closedThrough()) {
            close(book, watermark, ctx, out);   // no timer of this unit has fired since the watermark passed: catch up
        }
        if (book.add(0, d.bucket(), d.voted(), d.registered(), d.reporting(), d.offsetSeconds())) {
            ctx.timerService().registerEventTimeTimer(config.bucketEnd(d.bucket()));
        } else {
            ctx.timerService().registerProcessingTimeTimer(CurveTimers.amendAt(ctx.timerService().currentProcessingTime(),
                    CurveTimers.UPPER_AMEND_MILLIS));
        }
        state.update(book);
    }

    private void close(CurveBook book, long watermark, Context ctx, Collector<CurveDelta> out) {
        book.close(CurveTimers.bucketEndingAt(watermark, config), points(ctx), up(ctx, out));
        long quiet = book.nextQuietBucket();
        if (quiet != CurveBook.NEVER) {
            ctx.timerService().registerEventTimeTimer(config.bucketEnd(quiet));
        }
    }

    private CurveBook.PointSink points(Context ctx) {
        String unitId = ctx.getCurrentKey();
        return (u, k, v, r, rep, q, h, off) -> ctx.output(POINTS, CurveTimers.point(unitId, k, v, r, rep, q, h, off, config));
    }

    private CurveBook.DeltaSink up(Context ctx, Collector<CurveDelta> out) {
        Unit unit = registry.unit(ctx.getCurrentKey());
        return (k, v, r, rep, off) -> {
            if (!unit.isRoot()) {
                out.collect(new CurveDelta(unit.parentId(), k, v, r, rep, off));
            }
        };
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CurveDelta> out) throws Exception {
        CurveBook book = state.value();
        if (book == null) {
            return;
        }
        if (ctx.timeDomain() == org.apache.flink.streaming.api.TimeDomain.PROCESSING_TIME) {
            book.flushAmendments(points(ctx), up(ctx, out));
        } else {
            close(book, timestamp, ctx, out);
        }
        state.update(book);
    }
}
