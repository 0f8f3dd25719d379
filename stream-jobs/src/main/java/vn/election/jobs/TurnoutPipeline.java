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
import vn.election.jobs.functions.detect.StationDetectors;
import vn.election.jobs.functions.unitrules.BelowTargetAtCloseDetector;
import vn.election.jobs.functions.unitrules.LaggingPeersDetector;
import vn.election.jobs.functions.unitrules.ParentKey;
import vn.election.jobs.functions.history.TurnoutHistory;
import vn.election.jobs.functions.rules.AlertRules;
import vn.election.jobs.records.AlertRuleChange;
import vn.election.jobs.records.DecodedRecord;
import vn.election.jobs.records.HistoryPoint;
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
                          DataStream<Alert> alerts, DataStream<HistoryPoint> history) {
    }

    private TurnoutPipeline() {
    }

    /**
     * Event time from each reading's {@code observed_at}, bounded out-of-orderness and idleness. Applied
     * in the source, so each Kafka partition keeps its own watermark and the job takes the least: a
     * partition read ahead of the others never makes the others' polling areas look late or silent.
     */
    public static WatermarkStrategy<DecodedRecord> watermarks(TurnoutJobConfig config) {
        return WatermarkStrategy.<DecodedRecord>forBoundedOutOfOrderness(config.outOfOrderness())
                .withTimestampAssigner((r, ts) -> r.eventTime())
                .withIdleness(config.idleness());
    }

    /** Wires the pipeline with the rules it starts with and no rule changes at run time. */
    public static Outputs wire(DataStream<DecodedRecord> decoded, TurnoutJobConfig config) {
        // An empty stream derived from the input: same parallelism and watermarks, nothing in it.
        DataStream<AlertRuleChange> none = decoded
                .flatMap((DecodedRecord d, org.apache.flink.util.Collector<AlertRuleChange> out) -> { })
                .returns(AlertRuleChange.class).name("no rule changes").uid("no-rule-changes");
        return wire(decoded, none, config);
    }

    /**
     * Wires the pipeline onto decoded records that already carry event time and watermarks, with the
     * alert rule changes broadcast into the rules stage.
     */
    public static Outputs wire(DataStream<DecodedRecord> decoded, DataStream<AlertRuleChange> ruleChanges,
                               TurnoutJobConfig config) {
        RegistryRef registryRef = config.registry();
        Duration emitInterval = config.emitInterval();
        Registry registry = registryRef.load();
        SingleOutputStreamOperator<Reading> readings = decoded
                .process(new ValidateReading(registryRef)).returns(Reading.class)
                .name("validate readings").uid("validate-readings");

        String leafLevel = registry.levels().get(registry.leafDepth());
        SingleOutputStreamOperator<UnitDelta> level = readings
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
        DataStream<HistoryPoint> history = updates
                .keyBy(u -> u.unitId(), Types.STRING)
                .process(new TurnoutHistory(config.history())).returns(HistoryPoint.class)
                .name("turnout history per 5 minutes").uid("turnout-history");
        DataStream<Alert> findings = StationDetectors.wire(accepted, config.detectors())
                .union(unitAlerts(updates, history, config));
        // Findings become alerts by the rules in force (rules as data, changed at run time).
        DataStream<Alert> alerts = AlertRules.apply(findings, history, ruleChanges, config);
        return new Outputs(updates, readings.getSideOutput(ValidateReading.REJECTED), alerts, history);
    }

    /** Rules over units' figures: a unit far below its siblings, a unit below target at close. */
    private static DataStream<Alert> unitAlerts(DataStream<UnitUpdate> updates, DataStream<HistoryPoint> history,
                                                TurnoutJobConfig config) {
        DataStream<Alert> lagging = history
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
