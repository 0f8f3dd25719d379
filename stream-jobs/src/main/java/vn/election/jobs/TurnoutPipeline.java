package vn.election.jobs;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import vn.election.jobs.functions.CoalescingFiguresFunction;
import vn.election.jobs.functions.StationTally;
import vn.election.jobs.functions.UnitRollup;
import vn.election.jobs.functions.ValidateReading;
import vn.election.jobs.records.UnitDelta;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.reading.Reading;
import vn.election.model.reading.RejectedReading;
import vn.election.model.registry.Registry;

/**
 * Wires the turnout pipeline between any source of raw readings and any sinks: validate, tally per
 * polling area, then one keyed roll-up stage per level of the registry, leaf to root. Tests run this
 * exact wiring with a finite source; {@link TurnoutJob} puts Kafka around it.
 */
public final class TurnoutPipeline {

    /** What the pipeline produces: absolute per-unit figures, and the records it refused. */
    public record Outputs(DataStream<UnitUpdate> updates, DataStream<RejectedReading> rejected) {
    }

    private TurnoutPipeline() {
    }

    public static Outputs wire(DataStream<byte[]> raw, RegistryRef registryRef, Duration emitInterval,
                               Duration outOfOrderness, Duration idleness) {
        Registry registry = registryRef.load();
        SingleOutputStreamOperator<Reading> readings = raw
                .process(new ValidateReading(registryRef)).returns(Reading.class)
                .name("validate readings").uid("validate-readings");
        DataStream<Reading> timed = readings
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Reading>forBoundedOutOfOrderness(outOfOrderness)
                        .withTimestampAssigner((r, ts) -> r.observedAt().toEpochMilli())
                        .withIdleness(idleness))
                .name("event time from observed_at").uid("event-time");

        String leafLevel = registry.levels().get(registry.leafDepth());
        SingleOutputStreamOperator<UnitDelta> level = timed
                .keyBy(r -> r.stationId(), Types.STRING)
                .process(new StationTally(registryRef, emitInterval)).returns(UnitDelta.class)
                .name("tally " + leafLevel).uid("tally-" + leafLevel);
        DataStream<UnitUpdate> updates = level.getSideOutput(CoalescingFiguresFunction.UPDATES);

        // Levels come from the registry file, never from code: 2021 has three between nation and
        // polling area, 2026 two.
        for (int depth = registry.leafDepth() - 1; depth >= 0; depth--) {
            String name = registry.levels().get(depth);
            level = level
                    .keyBy(d -> d.unitId(), Types.STRING)
                    .process(new UnitRollup(registryRef, emitInterval)).returns(UnitDelta.class)
                    .name("roll up " + name).uid("rollup-" + name);
            updates = updates.union(level.getSideOutput(CoalescingFiguresFunction.UPDATES));
        }
        return new Outputs(updates, readings.getSideOutput(ValidateReading.REJECTED));
    }
}
