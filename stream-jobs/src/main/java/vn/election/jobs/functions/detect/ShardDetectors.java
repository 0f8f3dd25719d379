package vn.election.jobs.functions.detect;

import java.io.Serializable;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import vn.election.jobs.functions.StationTally;
import vn.election.jobs.functions.shard.ShardPlan;
import vn.election.jobs.functions.shard.ShardState;
import vn.election.jobs.records.ShardReading;
import vn.election.jobs.records.StationReading;
import vn.election.jobs.records.UnitDelta;

/**
 * The station anomaly detectors as the shard stage runs them: told of every accepted reading with the
 * area's figures before and after it, and of the shard's event-time timers.
 */
public class ShardDetectors implements Serializable {

    private final DetectorConfig config;

    public ShardDetectors(DetectorConfig config) {
        this.config = config;
    }

    public void open() {
    }

    /** One accepted reading of area {@code area}, source {@code source}; the state already holds its effect. */
    public void onReading(ShardPlan.Shard shard, ShardState s, int area, int source, ShardReading r, long sourceBefore,
                          long areaBefore, long observedBefore,
                          KeyedProcessFunction<Integer, ShardReading, UnitDelta>.Context ctx) {
        ctx.output(StationTally.ACCEPTED, new StationReading(shard.areaIds[area], r.source(), r.seq(), r.observedMillis(),
                r.offsetSeconds(), sourceBefore, r.voted(), areaBefore, s.voted[area], s.registered[area], observedBefore));
    }

    /** The shard's event-time timer at {@code time}. */
    public void onEventTime(ShardPlan.Shard shard, ShardState s, long time,
                            KeyedProcessFunction<Integer, ShardReading, UnitDelta>.OnTimerContext ctx) {
    }

    public DetectorConfig config() {
        return config;
    }
}
