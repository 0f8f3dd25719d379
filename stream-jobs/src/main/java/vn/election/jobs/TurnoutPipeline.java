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
import vn.election.jobs.functions.unitrules.BelowTargetAtCloseDetector;
import vn.election.jobs.functions.unitrules.LaggingPeersDetector;
import vn.election.jobs.functions.unitrules.ParentKey;
import vn.election.jobs.records.StationReading;
import vn.election.jobs.records.UnitDelta;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.alert.Alert;
import vn.election.model.reading.Reading;
import vn.election.model.reading.RejectedReading;
import vn.election.model.registry.Registry;

/**
 * Wires the turnout pipeline between any source of raw readings and any sinks: validate, tally per
 * polling area, then one keyed roll-up stage per level of the registry, leaf to root. Tests run this
 * exact wiring with a finite source; {@link TurnoutJob} puts Kafka around it.
 */
public final class TurnoutPipeline {

    /** What the pipeline produces: absolute per-unit figures, the records it refused, and alerts. */
    public record Outputs(DataStream<UnitUpdate> updates, DataStream<RejectedReading> rejected,
                          DataStream<Alert> alerts) {
    }

    private TurnoutPipeline() {
    }

    public static Outputs wire(DataStream<byte[]> raw, TurnoutJobConfig config) {
        RegistryRef registryRef = config.registry();
        Duration emitInterval = config.emitInterval();
        Registry registry = registryRef.load();
        SingleOutputStreamOperator<Reading> readings = raw
                .process(new ValidateReading(registryRef)).returns(Reading.class)
                .name("validate readings").uid("validate-readings");
        DataStream<Reading> timed = readings
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Reading>forBoundedOutOfOrderness(config.outOfOrderness())
                        .withTimestampAssigner((r, ts) -> r.observedAt().toEpochMilli())
                        .withIdleness(config.idleness()))
                .name("event time from observed_at").uid("event-time");

        String leafLevel = registry.levels().get(registry.leafDepth());
        SingleOutputStreamOperator<UnitDelta> level = timed
                .keyBy(r -> r.stationId(), Types.STRING)
                .process(new StationTally(registryRef, emitInterval)).returns(UnitDelta.class)
                .name("tally " + leafLevel).uid("tally-" + leafLevel);
        DataStream<UnitUpdate> updates = level.getSideOutput(CoalescingFiguresFunction.UPDATES);
        DataStream<StationReading> accepted = level.getSideOutput(StationTally.ACCEPTED);

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
        DataStream<Alert> alerts = unitAlerts(updates, config);
        return new Outputs(updates, readings.getSideOutput(ValidateReading.REJECTED), alerts);
    }

    /** Rules over units' figures: a unit far below its siblings, a unit below target at close. */
    private static DataStream<Alert> unitAlerts(DataStream<UnitUpdate> updates, TurnoutJobConfig config) {
        DataStream<Alert> lagging = updates
                .keyBy(new ParentKey(config.registry()), Types.STRING)
                .process(new LaggingPeersDetector(config.registry(), config.unitRules())).returns(Alert.class)
                .name("detect units lagging their peers").uid("detect-lagging-peers");
        DataStream<Alert> belowTarget = updates
                .keyBy(u -> u.unitId(), Types.STRING)
                .process(new BelowTargetAtCloseDetector(config.registry(), config.unitRules())).returns(Alert.class)
                .name("detect units below target at close").uid("detect-below-target");
        return lagging.union(belowTarget);
    }
}
