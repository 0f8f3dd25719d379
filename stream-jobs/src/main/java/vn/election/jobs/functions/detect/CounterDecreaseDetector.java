package vn.election.jobs.functions.detect;

import java.math.BigDecimal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.StationReading;
import vn.election.model.alert.AnomalyKind;

/**
 * Per polling area (keyed by station id), per source: fires COUNTER_DECREASE when a source's count falls
 * below both of its two previous counts (beyond a tolerance), and resolves it when the count is back at
 * the count it had just before the drop.
 *
 * <p>Why not simply "below the previous count": a team that mistypes a count (too high) and corrects it
 * in the next report produces one reading that is lower than the one before it, yet not lower than the
 * one before the typo. Comparing with the count before the previous reading lets that correction pass,
 * while a counter that really goes down (and stays down) is below it too. Why the lower of the two:
 * right after a correction the count before the previous reading is the typo itself, and the next normal
 * report would look like a drop from it. The price: a drop smaller than what the source counted between
 * the two readings before it is taken for a correction (on the simulator's days, 1 to 3 in 300 injected
 * decreases, mostly where late delivery had already dropped the reading just before the fall).
 *
 * <p>Readings are compared by {@code seq}, never by observation time: the tally passes a source's
 * readings on only with a rising seq, so they arrive here in seq order however late they were delivered.
 */
public class CounterDecreaseDetector extends KeyedProcessFunction<String, StationReading, Finding> {

    public static final String RULE_ID = "counter-decrease";

    /**
     * What one source reported last and the count before that.
     *
     * @param lastSeq the latest reading's seq (0 when only its count is known, from the tally)
     * @param beforeCount the count of the reading before it, or -1 when there was none
     */
    public record SourceTrail(long lastSeq, long lastCount, long beforeCount) {

        boolean hasBefore() {
            return beforeCount >= 0;
        }

        SourceTrail then(long seq, long count) {
            return new SourceTrail(seq, count, lastCount);
        }
    }

    private final DetectorConfig config;
    private transient MapState<String, SourceTrail> trails;
    /** Open episodes by source; the count that ends one is its finding's {@code before}. */
    private transient Episodes<String> open;

    public CounterDecreaseDetector(DetectorConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        trails = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("decrease-trails", String.class, SourceTrail.class));
        open = Episodes.in(getRuntimeContext().getMapState(
                new MapStateDescriptor<>("decrease-open", String.class, Finding.class)));
    }

    @Override
    public void processElement(StationReading r, Context ctx, Collector<Finding> out) throws Exception {
        SourceTrail trail = trails.get(r.source());
        if (trail == null && r.sourceVotedBefore() >= 0) {
            // The tally saw this source before we did (detectors added to a running job): start from its count.
            trail = new SourceTrail(0, r.sourceVotedBefore(), -1);
        }
        // The tally only passes a source's readings with a rising seq, so per source they arrive in seq order
        // whatever their observation times; anything else would be a replay of what we already judged.
        if (trail != null && r.seq() <= trail.lastSeq()) {
            return;
        }
        long count = r.sourceVoted();
        Finding episode = open.current(r.source());
        if (episode != null) {
            long level = episode.figures().before();
            if (count >= level) {
                open.resolve(r.source(), r.observedMillis(), r.offsetSeconds(), BigDecimal.valueOf(count),
                        episode.threshold(), Finding.Figures.source(r.source(), count, level, 0), out);
            }
        } else if (trail != null && trail.hasBefore()) {
            // Normally the count before the previous reading; the previous count when that is lower, i.e.
            // right after a correction, so the mistyped count is never a reference for the next reading.
            long reference = Math.min(trail.beforeCount(), trail.lastCount());
            if (count < reference - config.decreaseToleranceFor(reference)) {
                open.open(r.source(), StationFindings.found(RULE_ID, AnomalyKind.COUNTER_DECREASE, r.stationId(),
                        config, r.observedMillis(), r.offsetSeconds(), BigDecimal.valueOf(count),
                        BigDecimal.valueOf(reference),
                        Finding.Figures.source(r.source(), count, trail.lastCount(), trail.beforeCount())), out);
            }
        }
        trails.put(r.source(), trail == null ? new SourceTrail(r.seq(), count, -1) : trail.then(r.seq(), count));
    }
}
